import ArgumentParser
import TokenGitOps

extension TokenCtl {
    /// `tokenctl init`: sets up a repository for tokens.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up this git repository: the data folder, the pre-commit hook and core.hooksPath.",
            discussion: """
                Creates the data folder with a .gitkeep, writes hooks/pre-commit (which runs \
                tokenctl check --staged) unless one is there, and sets core.hooksPath to hooks unless \
                it is set to something else. Safe to run again: it says what it did or found in place.

                Examples:
                  tokenctl init
                  tokenctl init --dir tokens
                """
        )

        @OptionGroup var data: DataFolderOptions

        func run() throws {
            do {
                try RepositorySetup.initialize(dataFolder: data.dataFolder).forEach(Console.print)
            } catch {
                throw CommandFailure(error.message)
            }
        }
    }
}

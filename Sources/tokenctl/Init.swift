import ArgumentParser
import TokenGitOps
import TokenVerification

extension TokenCtl {
    /// `tokenctl init`: sets up a repository for tokens.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up this git repository: the data folder and the pre-commit hook.",
            discussion: """
                Creates the data folder with a .gitkeep, writes hooks/pre-commit (the hook's tracked \
                source, which runs tokenctl check --staged) unless one is there, and installs a copy \
                of it in git's own hooks folder (git rev-parse --git-path hooks). It never sets \
                core.hooksPath, and unsets it when an earlier init pointed it at hooks/: git would run \
                any hook a pull request adds there. Safe to run again: it says what it did or found \
                in place.

                Examples:
                  tokenctl init
                  tokenctl init --dir tokens
                """
        )

        @OptionGroup var data: DataFolderOptions

        func run() throws {
            // The data folder's path comes from the command line: a mistyped secret in it is masked.
            try RepositorySetup.initialize(dataFolder: data.dataFolder).forEach {
                Console.print(TokenFormat.maskingTokenShapes(in: $0))
            }
        }
    }
}

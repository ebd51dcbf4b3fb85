import ArgumentParser
import TokenGitOps
import TokenVerification

extension TokenCtl {
    /// `tokenctl diff`: what changed in tokens between two revisions, for review.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed in tokens between two git revisions, for a pull-request review.",
            discussion: """
                Reads the token files at BASE and at HEAD (the work tree when HEAD is not given) and \
                lists, per workspace: generated, revoked (and by whom), rotated, expiry shortened and \
                renamed tokens, and as warnings: tombstones removed, revoked tokens re-activated, token \
                files deleted outright, expiries extended, never-expiring tokens added and files that \
                do not load. Shows ids, never whole hashes. Exit status 0 whatever it finds.

                Examples:
                  tokenctl diff main
                  tokenctl diff origin/main HEAD --format markdown
                  tokenctl diff v1.0 v1.1 --format json
                """
        )

        /// The output formats.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown, json
        }

        @OptionGroup var data: DataFolderOptions

        @Argument(help: "The revision to compare from, such as main or origin/main.")
        var base: String

        @Argument(help: "The revision to compare to (default: the work tree).")
        var head: String?

        @Option(help: "text, markdown (a pull-request comment) or json.")
        var format: Format = .text

        func run() throws {
            let repository: Repository
            let before: DataFolderSnapshot
            let after: DataFolderSnapshot
            do {
                repository = try Repository(dataFolder: data.dataFolder)
                before = try DataFolderInGit.at(revision: base, in: repository)
                after = try head.map { try DataFolderInGit.at(revision: $0, in: repository) } ?? workTree()
            } catch let error as GitError {
                throw CommandFailure(error.message)
            }
            let report = DiffReport(
                base: base, head: head ?? "working tree", changes: TokenDiffer.changes(from: before, to: after))
            switch format {
            case .text: report.text().forEach(Console.print)
            case .markdown: report.markdown().forEach(Console.print)
            case .json: Console.print(report.json())
            }
        }

        private func workTree() throws -> DataFolderSnapshot {
            do {
                return try DataFolderLoader.load(data.dataFolder)
            } catch {
                throw CommandFailure(error)
            }
        }
    }
}

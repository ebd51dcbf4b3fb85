import ArgumentParser
import TokenGitOps

extension TokenCtl {
    /// `tokenctl diff`: what changed in tokens between two revisions, for review.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed in tokens between two git revisions, for a pull-request review.",
            discussion: """
                Compares the data folder at BASE and at HEAD as git holds them (the work tree when HEAD \
                is not given, untracked and ignored files included) and lists, per workspace, every \
                change: generated (with scopes), revoked (and by whom), rotated, expiry shortened, \
                renamed, every other key old -> new, files rewritten with the same values, .gitkeep \
                files, policy files added and their keys old -> new, and each workspace's effective \
                policy (root and workspace files merged) tightened, with how many active tokens it \
                expires or denies; and as warnings: tombstones removed, revoked tokens re-activated, \
                hashes revoked anywhere in the history coming back, active hashes in two workspaces, \
                hashes changed under an existing id, token files deleted outright, expiries extended, \
                scopes grown, created_at moved later, never-expiring tokens added, new tokens that \
                break their policy, effective policies loosened, policy files deleted, every entry \
                that is not a token or policy file (other files, symlinks, submodules, bad folders, \
                type changes), files that do not load, and changes to any .gitattributes or under \
                hooks/. Exit status 0 whatever it finds.

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
            let repository = try Repository(dataFolder: data.dataFolder)
            let changes = try RevisionComparison.changes(base: base, head: head, in: repository)
            let report = DiffReport(base: base, head: head ?? "working tree", changes: changes)
            switch format {
            case .text: report.text().forEach(Console.print)
            case .markdown: report.markdown().forEach(Console.print)
            case .json: Console.print(report.json())
            }
        }
    }
}

import ArgumentParser
import Foundation
import TokenVerification

extension TokenCtl {
    /// `tokenctl list`: the token list of one workspace or all.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens: id, name, who created them, when they expire and were created.",
            discussion: """
                Expired tokens are marked (expired); revoked ones are left out unless --all is given, \
                then marked (revoked). When any listed token has scopes, a SCOPES column shows the \
                scopes each is granted, then those its file names that the workspace's allowed_scopes \
                leaves out, as (not granted: …). A file that cannot be read is reported on stderr, \
                left out, and makes the exit status 1.

                Examples:
                  tokenctl list --workspace acme
                  tokenctl list --all --json
                """
        )

        @OptionGroup var data: DataFolderOptions

        @Option(help: "Only this workspace (default: all workspaces, with a WORKSPACE column).")
        var workspace: String?

        @Flag(help: "Include revoked tokens.")
        var all = false

        @Flag(help: "Print a JSON array of tokens.")
        var json = false

        func run() throws {
            if let workspace, !WorkspaceSlug.isValid(workspace) {
                throw CommandFailure.invalidWorkspace(workspace)
            }
            let index =
                try workspace.map { try TokenIndex(loading: data.dataFolder, workspace: $0) }
                ?? TokenIndex(loading: data.dataFolder)
            let now = Date()
            let tokens = index.tokens().filter { all || !$0.isRevoked }
            let kept = tokens.map(\.record)
            let ids = kept.map(\.id)
            let order = kept.indices.sorted {
                (kept[$0].workspace, kept[$0].createdAt, ids[$0]) < (kept[$1].workspace, kept[$1].createdAt, ids[$1])
            }
            if json {
                Console.print(TokenJSON.encode(order.map { TokenJSON(tokens[$0], at: now) }))
            } else {
                TokenListTable(includesWorkspace: workspace == nil)
                    .render(order.map { (kept[$0], tokens[$0].grantedScopes, TokenStatus(tokens[$0], at: now)) })
                    .forEach(Console.print)
            }
            try ProblemReport.print(index.problems)
        }
    }
}

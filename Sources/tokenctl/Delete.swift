import ArgumentParser
import Foundation
import TextEscaping
import TokenStore
import TokenVerification

extension TokenCtl {
    /// `tokenctl delete`: revokes a token by writing its tombstone.
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token, by id or by name.",
            // Written out: the token is collected as an array (so a name may start with "-"), which the
            // generated usage would show as [<token> ...], though exactly one is required.
            usage:
                "tokenctl delete [--dir <dir>] --workspace <workspace> <token> [--revoked-by <revoked-by>] [--json] [--commit]",
            discussion: """
                Adds revoked_by and revoked_at to the token's file; the file stays, so the revocation \
                is reviewed and kept in git. A name must match exactly one unrevoked token of the \
                workspace. Revoking a revoked token changes nothing and succeeds.

                Examples:
                  tokenctl delete --workspace acme 5e884898da28
                  tokenctl delete --workspace acme "CRM Integration" --revoked-by bob@example.com
                """
        )

        @OptionGroup var data: DataFolderOptions

        @OptionGroup var target: TokenArguments

        @Option(help: "Who revokes it (default: $TOKENCTL_USER, git config user.email, login name).")
        var revokedBy: String?

        @Flag(help: "Print the revoked token's metadata as JSON.")
        var json = false

        @OptionGroup var commitOptions: CommitOptions

        func run() throws {
            let actor = try DefaultActor.resolve(revokedBy, dataFolder: data.dataFolder, option: "--revoked-by")
            let repository = try commitOptions.preflight(dataFolder: data.dataFolder)
            let outcome = try TokenStore(dataFolder: data.dataFolder)
                .revoke(workspace: target.workspace, reference: target.reference, revokedBy: actor)
            let record = outcome.record
            if json {
                Console.print(TokenJSON.encode(TokenJSON(record, at: Date())))
            } else {
                let verb = outcome.wasAlreadyRevoked ? "already revoked" : "revoked"
                Console.print(
                    "\(verb) \(record.id) \(TerminalText.quoted(record.name)) in workspace \(record.workspace)")
            }
            if !outcome.wasAlreadyRevoked {
                try commitOptions.commit(
                    [outcome.path], action: "revoke", workspace: record.workspace, id: record.id, name: record.name,
                    in: repository)
            }
        }
    }
}

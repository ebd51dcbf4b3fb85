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
            // generated usage would show as [<token> ...], though exactly one is required; and the
            // two forms take different arguments.
            usage: """
                tokenctl delete [--dir <dir>] --workspace <workspace> <token> [--revoked-by <revoked-by>] [--json] [--commit]
                tokenctl delete [--dir <dir>] --leaked [<file>|-] [--revoked-by <revoked-by>] [--json] [--commit]
                """,
            discussion: """
                Adds revoked_by and revoked_at to the token's file; the file stays, so the revocation \
                is reviewed and kept in git. A name must match exactly one unrevoked token of the \
                workspace. Revoking a revoked token changes nothing and succeeds.

                With --leaked, reads a file (or stdin, with - or no file) of any size, such as a log \
                or a paste that leaked, finds every real token in it as check does (as text, base64 \
                or UTF-16, with a valid checksum), and revokes each one that is not revoked yet, \
                expired ones too, in whichever workspace holds it. Prints one line per distinct token \
                found, masked: revoked, already revoked or unknown (not in this data folder), with its \
                workspace, id and name. With --commit, every revocation goes into one commit.

                Examples:
                  tokenctl delete --workspace acme 5e884898da28
                  tokenctl delete --workspace acme "CRM Integration" --revoked-by bob@example.com
                  tokenctl delete --leaked build.log --commit
                  pbpaste | tokenctl delete --leaked
                """
        )

        @OptionGroup var data: DataFolderOptions

        @Option(help: "The workspace slug (not with --leaked, which looks in every workspace).")
        var workspace: String?

        // Collected unparsed, as TokenArguments does, so a name such as "-legacy hook" is not read as short flags.
        @Argument(
            parsing: .allUnrecognized,
            help: "The token's id (12 hex digits) or its name; with --leaked, the file to scan (- or none: stdin).")
        var token: [String] = []

        @Flag(help: "Revoke every token found in a file or stdin (a leaked log or paste), in any workspace.")
        var leaked = false

        @Option(help: "Who revokes it (default: $TOKENCTL_USER, git config user.email, login name).")
        var revokedBy: String?

        @Flag(help: "Print the revoked token's metadata as JSON (with --leaked, a list of every token found).")
        var json = false

        @OptionGroup var commitOptions: CommitOptions

        func validate() throws {
            if leaked {
                guard workspace == nil else {
                    throw ValidationError("--leaked looks for the tokens in every workspace: leave out --workspace")
                }
                guard token.count <= 1 else {
                    throw ValidationError("--leaked reads one file, or stdin: it takes no token id or name")
                }
            } else {
                guard workspace != nil else {
                    throw ValidationError("Missing expected argument '--workspace <workspace>'")
                }
                guard token.count == 1 else {
                    throw ValidationError(TokenArguments.oneTokenNeeded)
                }
            }
        }

        func run() throws {
            // `git config user.email` runs while the token is found; the actor is waited for only
            // when a tombstone is written.
            let actor = try DefaultActor.start(revokedBy, dataFolder: data.dataFolder, option: "--revoked-by")
            let repository = try commitOptions.preflight(dataFolder: data.dataFolder)
            if leaked {
                return try revokeLeaked(by: actor.value(), in: repository)
            }
            let outcome = try TokenStore(dataFolder: data.dataFolder)
                .revoke(workspace: workspace ?? "", reference: token.first ?? "", revokedBy: actor.value())
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

import ArgumentParser
import Foundation
import TokenStore
import TokenVerification

extension TokenCtl {
    /// `tokenctl rotate`: replaces a token with a new one of the same name and expiry period.
    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a token with a new one, and revoke the old one now or after an overlap.",
            // Written out: the token is collected as an array (so a name may start with "-"), which the
            // generated usage would show as [<token> ...], though exactly one is required.
            usage:
                "tokenctl rotate [--dir <dir>] --workspace <workspace> <token> [--overlap <overlap>] [--expires <expires>] [--scope <scope>] [--created-by <created-by>] [--json] [--commit]",
            discussion: """
                Generates a successor (rotated_from the old id) with the same name, the same expiry \
                period and the same scopes (unless --expires or --scope are given), prints its secret \
                once, and revokes the old token; with --overlap, the old token instead keeps working \
                until now + overlap (its expiry is never lengthened). The successor is held to the \
                workspace's policy: when what it would carry over breaks it, rotate refuses and names \
                the option to give. With --commit, both files go into one commit.

                Examples:
                  tokenctl rotate --workspace acme "CRM Integration"
                  tokenctl rotate --workspace acme 5e884898da28 --overlap 24h --commit
                  tokenctl rotate --workspace acme "CRM Integration" --expires 90d --scope contacts:read
                """
        )

        @OptionGroup var data: DataFolderOptions

        @OptionGroup var target: TokenArguments

        @Option(help: "Keep the old token working for this DURATION (<N>d or <N>h) instead of revoking it now.")
        var overlap: String?

        @Option(
            parsing: .unconditional,
            help: "The new token's lifetime: <N>d, never, or a date YYYY-MM-DD (default: the old token's period).")
        var expires: String?

        @Option(
            name: .customLong("scope"),
            help: "A scope the new token has (repeat for more, at most 32; default: the old token's scopes).")
        var scopes: [String] = []

        @Option(help: "Who rotates: the new token's created_by and the old one's revoked_by (default as for generate).")
        var createdBy: String?

        @Flag(help: "Print the new secret and the new token's metadata as JSON.")
        var json = false

        @OptionGroup var commitOptions: CommitOptions

        func run() throws {
            SecretHygiene.disableCoreDumps()
            let overlapSeconds = try overlap.map { try DurationSpec.parse($0, option: "--overlap") }
            let expiry = try expires.map { text throws(TokenStoreError) in try ExpiryRequest(parsing: text) }
            let actor = try DefaultActor.resolve(createdBy, dataFolder: data.dataFolder, option: "--created-by")
            let repository = try commitOptions.preflight(dataFolder: data.dataFolder)
            let rotation = try TokenStore(dataFolder: data.dataFolder)
                .rotate(
                    workspace: target.workspace, reference: target.reference, overlap: overlapSeconds, expiry: expiry,
                    scopes: scopes, actor: actor
                ) {
                    successor throws(TokenStoreError) in try SecretOutput.show(successor, json: json)
                }
            let old = rotation.predecessor
            let new = rotation.successor.record
            let fate =
                old.revocation != nil
                ? "revoked" : "expires at \(UTCTimestamp.formatExpiry(old.expiresAt))"
            Console.diagnostic(
                "tokenctl: rotated \(old.id) to \(new.id) in workspace \(new.workspace); \(old.id) \(fate)")
            try commitOptions.commit(
                [rotation.successor.path, rotation.predecessorPath], action: "rotate", workspace: new.workspace,
                id: "\(old.id) -> \(new.id)", name: new.name, in: repository)
        }
    }
}

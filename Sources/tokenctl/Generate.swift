import ArgumentParser
import Foundation
import TokenStore
import TokenVerification

extension TokenCtl {
    /// `tokenctl generate`: makes a token, writes its hash, prints the secret once.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a token and print its secret once.",
            discussion: """
                Writes <data folder>/<workspace>/<id>.yaml with the token's SHA-256 and metadata, and \
                prints the secret on stdout, alone. It is never stored and cannot be shown again. \
                The workspace's policy (<data folder>/policy.yaml, then <data folder>/<workspace>/policy.yaml) \
                gives the default expiry, and refuses a longer expiry than max_lifetime, a scope outside \
                allowed_scopes, or no scope when require_scopes is true.

                Examples:
                  tokenctl generate --workspace acme --name "CRM Integration"
                  tokenctl generate --workspace acme --name "Reporting" --scope contacts:read --scope deals:read
                  tokenctl generate --workspace acme --name "Zapier Automation" --expires 90d
                  tokenctl generate --workspace acme --name "Backend Job" --expires 2027-06-30 --json
                """
        )

        @OptionGroup var data: DataFolderOptions

        @Option(help: "The workspace slug, such as acme (a-z, 0-9, inner hyphens).")
        var workspace: String

        @Option(parsing: .unconditional, help: "What the token is for, such as \"CRM Integration\" (1-200 characters).")
        var name: String

        @Option(
            parsing: .unconditional,
            help: """
                Lifetime: 7d, 30d, 90d, <N>d, never, or a date YYYY-MM-DD (expires at 00:00 UTC) \
                (default: the policy's default_expiry, else 30d).
                """)
        var expires: String?

        @Option(
            name: .customLong("scope"),
            help: "A scope the token has, such as contacts:read (repeat for more, at most 32; default: unscoped).")
        var scopes: [String] = []

        @Option(help: "Who generates it (default: $TOKENCTL_USER, git config user.email, login name).")
        var createdBy: String?

        @Flag(help: "Print the secret and the token's metadata as JSON.")
        var json = false

        @OptionGroup var commitOptions: CommitOptions

        func run() throws {
            SecretHygiene.disableCoreDumps()
            let expiry = try expires.map { text throws(TokenStoreError) in try ExpiryRequest(parsing: text) }
            let actor = try DefaultActor.resolve(createdBy, dataFolder: data.dataFolder, option: "--created-by")
            let repository = try commitOptions.preflight(dataFolder: data.dataFolder)
            let generated = try TokenStore(dataFolder: data.dataFolder)
                .generate(workspace: workspace, name: name, expiry: expiry, scopes: scopes, createdBy: actor) {
                    generated throws(TokenStoreError) in try SecretOutput.show(generated, json: json)
                }
            let record = generated.record
            try commitOptions.commit(
                [generated.path], action: "generate", workspace: record.workspace, id: record.id, name: record.name,
                in: repository)
        }
    }
}

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
                prints the secret on stdout, alone. It is never stored and cannot be shown again.

                Examples:
                  tokenctl generate --workspace acme --name "CRM Integration"
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
            help: "Lifetime: 7d, 30d, 90d, <N>d, never, or a date YYYY-MM-DD (expires at 00:00 UTC).")
        var expires = "30d"

        @Option(help: "Who generates it (default: $TOKENCTL_USER, git config user.email, login name).")
        var createdBy: String?

        @Flag(help: "Print the secret and the token's metadata as JSON.")
        var json = false

        @OptionGroup var commitOptions: CommitOptions

        func run() throws {
            SecretHygiene.disableCoreDumps()
            let expiry = try ExpiryRequest(parsing: expires)
            let actor = try DefaultActor.resolve(createdBy, dataFolder: data.dataFolder, option: "--created-by")
            let repository = try commitOptions.preflight(dataFolder: data.dataFolder)
            let generated = try TokenStore(dataFolder: data.dataFolder)
                .generate(workspace: workspace, name: name, expiry: expiry, createdBy: actor) {
                    generated throws(TokenStoreError) in try SecretOutput.show(generated, json: json)
                }
            let record = generated.record
            try commitOptions.commit(
                [generated.path], action: "generate", workspace: record.workspace, id: record.id, name: record.name,
                in: repository)
        }
    }
}

import Foundation
import TestSupport
import TokenVerification

/// A repository with token files planted in it, and a folder outside it for leaked logs: what
/// `delete --leaked` runs on.
struct LeakFixture {
    let repository: GitRepository
    let logs: TemporaryDirectory
    var data: String { "\(repository.path)/workspace" }

    init() throws {
        repository = try GitRepository()
        logs = try TemporaryDirectory()
    }

    /// A token of this data folder: its text, for the leaked log, and its record.
    struct Planted {
        var text: String
        var record: TokenRecord
        var id: String { record.id }
        /// `tok_` and three characters, then `…`, as every output shows it.
        var masked: String { String(text.prefix(7)) + "…" }
    }

    /// Plants a token file in `workspace`: expired a day ago when `expired`, with a tombstone when `revoked`.
    func plant(
        _ name: String, workspace: String = "acme", expired: Bool = false, revoked: Bool = false
    ) throws -> Planted {
        let (secret, text) = try TestTokens.secret()
        let now = Date().timeIntervalSince1970.rounded(.down)
        let record = TestTokens.record(
            workspace: workspace, name: name, hash: secret.hash,
            createdAt: Date(timeIntervalSince1970: now - 10 * 86_400),
            expiresAt: Date(timeIntervalSince1970: now + (expired ? -86_400 : 30 * 86_400)),
            revocation: revoked
                ? .init(revokedBy: "carol@example.com", revokedAt: Date(timeIntervalSince1970: now - 3_600)) : nil)
        try TestTokens.plant(record, in: data)
        return Planted(text: text, record: record)
    }

    /// Writes `bytes` as a log outside the repository and returns its path.
    func log(_ bytes: [UInt8], named name: String = "app.log") throws -> String {
        try logs.write(name, bytes)
    }

    /// Writes `text` as a log outside the repository and returns its path.
    func log(_ text: String, named name: String = "app.log") throws -> String {
        try log(Array(text.utf8), named: name)
    }

    /// Runs `tokenctl delete --leaked` with `arguments` after it, in the repository.
    func leaked(_ arguments: String..., stdin: Data = Data()) throws -> CommandResult {
        try CommandRunner.run(
            CommandRunner.tokenctl, ["delete", "--leaked"] + arguments, in: repository.path, stdin: stdin)
    }

    /// The record the token file of `token` holds now.
    func record(of token: Planted) throws -> TokenRecord? {
        try TokenIndex(loading: data).tokens(includingRefusedCopies: true)
            .first { $0.hash == token.record.hash && $0.workspace == token.record.workspace }?.record
    }
}

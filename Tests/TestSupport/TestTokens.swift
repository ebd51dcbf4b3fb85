import Foundation
import TokenStore
import TokenVerification

/// Tokens and token files made at run time: tests never hold a literal token.
public enum TestTokens {
    /// A fresh secret and its text.
    public static func secret() throws -> (secret: TokenSecret, text: String) {
        let secret = try TokenSecretGenerator.generate()
        return (secret, secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
    }

    /// `token` with its last character replaced by a different one: a one-character typo, malformed.
    public static func corrupted(_ token: String) -> String {
        String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")
    }

    /// A record for `hash` with ordinary metadata.
    public static func record(
        workspace: String = "acme", name: String = "CRM Integration", hash: TokenDigest,
        createdAt: Date = Date(timeIntervalSince1970: 1_790_000_000),
        expiresAt: Date? = Date(timeIntervalSince1970: 1_990_000_000),
        revocation: TokenRecord.Revocation? = nil
    ) -> TokenRecord {
        TokenRecord(
            workspace: workspace, name: name, createdBy: "alice@example.com", createdAt: createdAt,
            expiresAt: expiresAt, hash: hash, revocation: revocation)
    }

    /// Writes a token file for `record` at `<dataFolder>/<workspace>/<id>.yaml` (atomically, by rename,
    /// as tokenctl does) and returns its path.
    @discardableResult
    public static func plant(_ record: TokenRecord, in dataFolder: String) throws -> String {
        let folder = "\(dataFolder)/\(record.workspace)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/\(record.id).yaml"
        try Data(try TokenFileEncoder.encode(record)).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}

import Foundation

/// One token's metadata, as its file in the data folder holds it: never the secret, only its hash.
public struct TokenRecord: Hashable, Sendable {
    /// Who revoked a token, and when: the tombstone that a revoked token's file keeps.
    public struct Revocation: Hashable, Sendable {
        /// Who revoked it.
        public var revokedBy: String
        /// When it was revoked.
        public var revokedAt: Date

        /// Creates a tombstone.
        public init(revokedBy: String, revokedAt: Date) {
            self.revokedBy = revokedBy
            self.revokedAt = revokedAt
        }
    }

    /// The workspace slug: the folder the file is in.
    public var workspace: String
    /// The label saying where the token is used.
    public var name: String
    /// Who generated it.
    public var createdBy: String
    /// When it was generated.
    public var createdAt: Date
    /// When it stops being valid, or `nil` when it never expires.
    public var expiresAt: Date?
    /// The scope names, sorted, or `nil` for an unscoped token (which passes every scope check
    /// unless its workspace's policy requires scopes).
    public var scopes: [String]?
    /// The SHA-256 of the token.
    public var hash: TokenDigest
    /// The id of the token this one replaced in a rotation, if any.
    public var rotatedFrom: String?
    /// The tombstone, when the token is revoked.
    public var revocation: Revocation?

    /// The token's public id: the first 12 hex digits of its hash, and its file name.
    public var id: String { hash.id }

    /// Creates a record.
    public init(
        workspace: String, name: String, createdBy: String, createdAt: Date, expiresAt: Date?,
        scopes: [String]? = nil, hash: TokenDigest, rotatedFrom: String? = nil, revocation: Revocation? = nil
    ) {
        self.workspace = workspace
        self.name = name
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.scopes = scopes
        self.hash = hash
        self.rotatedFrom = rotatedFrom
        self.revocation = revocation
    }

    /// Whether the token has passed its expiry at `date` (a token is valid while now < `expires_at`).
    public func isExpired(at date: Date) -> Bool {
        expiresAt.map { date >= $0 } ?? false
    }

    /// Whether the token is neither revoked nor expired at `date`.
    public func isActive(at date: Date) -> Bool {
        revocation == nil && !isExpired(at: date)
    }
}

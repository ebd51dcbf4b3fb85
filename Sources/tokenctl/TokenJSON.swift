import Foundation
import TokenVerification

/// A token's metadata as printed by `--json`: stable snake_case keys, times as in the files, and
/// `scopes` as a list of names, absent for an unscoped token (never `[]`, which would read as no rights).
struct TokenJSON: Encodable {
    var workspace: String
    var id: String
    var name: String
    var createdBy: String
    var createdAt: String
    var expiresAt: String
    var status: String
    var scopes: [String]?
    var rotatedFrom: String?
    var revokedBy: String?
    var revokedAt: String?

    enum CodingKeys: String, CodingKey {
        case workspace, id, name, status, scopes
        case createdBy = "created_by", createdAt = "created_at", expiresAt = "expires_at"
        case rotatedFrom = "rotated_from", revokedBy = "revoked_by", revokedAt = "revoked_at"
    }

    init(_ record: TokenRecord, at now: Date) {
        workspace = record.workspace
        id = record.id
        name = record.name
        createdBy = record.createdBy
        createdAt = UTCTimestamp.format(record.createdAt)
        expiresAt = UTCTimestamp.formatExpiry(record.expiresAt)
        status = TokenStatus(record, at: now).rawValue
        scopes = record.scopes
        rotatedFrom = record.rotatedFrom
        revokedBy = record.revocation?.revokedBy
        revokedAt = record.revocation.map { UTCTimestamp.format($0.revokedAt) }
    }

    /// A token from an index: its record, with the status its workspace's policy gives it (a token
    /// past `max_lifetime` is expired whatever its `expires_at` says).
    init(_ token: IndexedToken, at now: Date) {
        self.init(token.record, at: now)
        status = TokenStatus(token, at: now).rawValue
    }

    /// One-line JSON text for any encodable value, with sorted keys.
    ///
    /// The values printed here are plain strings, numbers and booleans, which always encode; should
    /// encoding ever fail, the result is `{}` rather than a crash.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Where a token stands at a given time.
enum TokenStatus: String {
    case active, expired, revoked

    init(_ record: TokenRecord, at now: Date) {
        if record.revocation != nil {
            self = .revoked
        } else if record.isExpired(at: now) {
            self = .expired
        } else {
            self = .active
        }
    }

    /// Where a token of an index stands: expired by its `expires_at` or by its workspace's
    /// `max_lifetime`, as the verifier judges it.
    init(_ token: IndexedToken, at now: Date) {
        if token.isRevoked {
            self = .revoked
        } else if token.isExpired(at: now) {
            self = .expired
        } else {
            self = .active
        }
    }
}

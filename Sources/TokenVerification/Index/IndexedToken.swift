import Foundation

/// A token as the index holds it, read in place: answering a verification copies nothing.
///
/// Its properties mirror ``TokenRecord``'s; ``record`` builds the whole record when one is needed.
public struct IndexedToken: Hashable, Sendable {
    private let table: TokenTable
    private let slot: Int

    init(_ table: TokenTable, slot: Int) {
        self.table = table
        self.slot = slot
    }

    private var entry: TokenTable.Slot { table.slot(slot) }

    /// The workspace slug: the folder the file is in.
    public var workspace: String { table.strings[Int(entry.workspace)] }
    /// The label saying where the token is used.
    public var name: String { table.name(slot: slot) }
    /// Who generated it.
    public var createdBy: String { table.strings[Int(entry.createdBy)] }
    /// When it was generated.
    public var createdAt: Date { Date(timeIntervalSince1970: table.createdAt(slot: slot)) }
    /// When it stops being valid, or `nil` when it never expires.
    public var expiresAt: Date? {
        entry.expiresAt == .infinity ? nil : Date(timeIntervalSince1970: entry.expiresAt)
    }
    /// The SHA-256 of the token.
    public var hash: TokenDigest { entry.hash }
    /// The token's public id: the first 12 hex digits of its hash.
    public var id: String { entry.hash.id }
    /// The id of the token this one replaced in a rotation, if any.
    public var rotatedFrom: String? { TokenTable.rotatedFromID(table.rotatedFrom(slot: slot)) }
    /// Whether the token carries a tombstone.
    public var isRevoked: Bool { entry.revokedBy != TokenTable.notRevoked }
    /// The whole record, with every string copied out of the index.
    public var record: TokenRecord { table.record(slot: slot) }

    /// Whether the token has passed its expiry at `date`.
    public func isExpired(at date: Date) -> Bool {
        date.timeIntervalSince1970 >= entry.expiresAt
    }

    /// Whether the token is neither revoked nor expired at `date`.
    public func isActive(at date: Date) -> Bool {
        !isRevoked && !isExpired(at: date)
    }

    /// Whether two tokens have the same metadata (from the same index or not).
    public static func == (lhs: IndexedToken, rhs: IndexedToken) -> Bool {
        (lhs.table === rhs.table && lhs.slot == rhs.slot) || lhs.record == rhs.record
    }

    /// Hashes the token's hash.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entry.hash)
    }
}

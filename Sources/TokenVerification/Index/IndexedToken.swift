import Foundation

/// A token as the index holds it, read in place: answering a verification copies nothing.
///
/// Its properties mirror ``TokenRecord``'s; ``record`` builds the whole record when one is needed.
public struct IndexedToken: Hashable, Sendable {
    private let table: TokenTable
    private let slot: Int
    private let rules: WorkspaceRules

    init(_ table: TokenTable, slot: Int, rules: WorkspaceRules) {
        self.table = table
        self.slot = slot
        self.rules = rules
    }

    private var entry: TokenTable.Slot { table.slot(slot) }

    /// The workspace slug: the folder the file is in.
    public var workspace: String { table.strings[Int(entry.workspace)] }
    /// The label saying where the token is used.
    public var name: String { table.name(slot: slot) }
    /// Who generated it.
    public var createdBy: String { table.createdBy(slot: slot) }
    /// When it was generated.
    public var createdAt: Date { Date(timeIntervalSince1970: entry.createdAt) }
    /// When its file says it stops being valid, or `nil` when it never expires.
    public var expiresAt: Date? {
        entry.expiresAt == .infinity ? nil : Date(timeIntervalSince1970: entry.expiresAt)
    }
    /// When it stops being valid under its workspace's policy too: its `expires_at`, or sooner when
    /// `max_lifetime` ends its life first. `nil` when it never expires.
    public var effectiveExpiresAt: Date? {
        let end = effectiveExpiry
        return end == .infinity ? nil : Date(timeIntervalSince1970: end)
    }
    /// Its scopes as its file names them, sorted; `nil` for an unscoped token.
    public var scopes: [String]? { table.scopeNames(entry.scopes) }
    /// The scopes it is granted: its scopes that its workspace's `allowed_scopes` (when set) has
    /// too, sorted; `nil` for an unscoped token.
    public var grantedScopes: [String]? {
        guard let scopes else { return nil }
        guard let allowed = rules.allowedScopes else { return scopes }
        return scopes.filter { allowed.contains($0) }
    }
    /// ``grantedScopes`` joined by single spaces, as `Token-Scopes` carries them; `nil` for an
    /// unscoped token. Without `allowed_scopes` this is the index's own string: nothing is built.
    public var grantedScopesLine: String? {
        let number = entry.scopes
        guard number != TokenTable.unscoped else { return nil }
        guard rules.allowedScopes != nil else { return table.strings[Int(number)] }
        return grantedScopes?.joined(separator: " ")
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

    /// Whether the token has passed its expiry at `date`, or outlived its workspace's `max_lifetime`.
    public func isExpired(at date: Date) -> Bool {
        date.timeIntervalSince1970 >= effectiveExpiry
    }

    /// The start of the last minute in which it answered a valid request of a verifier that tracks
    /// use (``TokenVerifier/tracksLastUse``), or `nil` when it has not.
    public var lastUsed: Date? {
        let minute = table.lastUse.minute(slot: slot)
        return minute == 0 ? nil : Date(timeIntervalSince1970: Double(minute) * 60)
    }

    /// Notes that it answered a valid request at `date`: no lock, no allocation.
    @usableFromInline
    func noteUse(at date: Date) {
        table.lastUse.note(LastUseMinutes.minute(ofSecondsSince1970: date.timeIntervalSince1970), slot: slot)
    }

    /// Whether its workspace's policy file is bad, so that it grants nothing.
    public var isDeniedByPolicy: Bool { rules.deniesAll }

    /// Whether it is granted every scope in `required`. An unscoped token passes unless its
    /// workspace requires scopes; a scoped token granted no scope at all (none is in
    /// `allowed_scopes`) passes no check, even with nothing required, so that no answer for it can
    /// read as an unscoped token's.
    public func grants(_ required: RequiredScopes) -> Bool {
        let number = entry.scopes
        guard number != TokenTable.unscoped else {
            return required.isEmpty || !rules.requiresScopes
        }
        guard !required.hasInvalidName else { return false }
        if required.names.isEmpty && rules.allowedScopes == nil { return true }
        var line = table.strings[Int(number)]
        return line.withUTF8 { line in
            if let allowed = rules.allowedScopes {
                guard allowed.contains(where: { Self.line(line, contains: $0) }) else { return false }
            }
            return required.names.allSatisfy { name in
                (rules.allowedScopes?.contains(name) ?? true) && Self.line(line, contains: name)
            }
        }
    }

    /// Whether the scopes line `line` holds `name`.
    private static func line(_ line: UnsafeBufferPointer<UInt8>, contains name: String) -> Bool {
        var name = name
        return name.withUTF8 { TokenScope.line(line, contains: $0) }
    }

    private var effectiveExpiry: Double {
        let entry = entry
        return rules.expiry(createdAt: entry.createdAt, expiresAt: entry.expiresAt)
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

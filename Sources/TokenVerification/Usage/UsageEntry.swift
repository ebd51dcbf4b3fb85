import Foundation

/// When one token last answered a valid request: its workspace and id, and the start of the
/// minute of its last use.
public struct UsageEntry: Hashable, Sendable {
    /// The token's workspace.
    public var workspace: String
    /// The token's id.
    public var id: String
    /// The start of the last minute in which the token was used.
    public var lastUsed: Date

    /// An entry for the token `id` of `workspace`, last used in the minute that starts at `lastUsed`.
    public init(workspace: String, id: String, lastUsed: Date) {
        self.workspace = workspace
        self.id = id
        self.lastUsed = lastUsed
    }
}

extension UsageEntry {
    /// Takes `other`'s last use when it is later.
    mutating func keepLater(_ other: UsageEntry) {
        lastUsed = max(lastUsed, other.lastUsed)
    }
}

extension UsageEntry: Codable {
    enum CodingKeys: String, CodingKey {
        case workspace, id
        case lastUsed = "last_used"
    }

    /// Reads an entry; `last_used` must be a time like `2026-01-31T12:00:00Z`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workspace = try container.decode(String.self, forKey: .workspace)
        id = try container.decode(String.self, forKey: .id)
        lastUsed = try container.decodeTimestamp(forKey: .lastUsed)
    }

    /// Writes the entry with its time in RFC 3339 UTC.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workspace, forKey: .workspace)
        try container.encode(id, forKey: .id)
        try container.encode(UTCTimestamp.format(lastUsed), forKey: .lastUsed)
    }
}

extension KeyedDecodingContainer {
    /// The RFC 3339 UTC time (`YYYY-MM-DDTHH:MM:SSZ`) under `key`.
    func decodeTimestamp(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = UTCTimestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "not a time like 2026-01-31T12:00:00Z")
        }
        return date
    }
}

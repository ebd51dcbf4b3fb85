import Foundation

/// Last use per token, as `GET /v1/usage` answers and `serve --usage-file` keeps it:
/// `{"generated_at", "tracking_since", "data_folder", "tokens": [{"workspace", "id", "last_used"}]}`,
/// times in RFC 3339 UTC.
///
/// `data_folder` names the data folder the usage was recorded for, so that usage of different
/// folders is never merged by mistake.
public struct UsageDocument: Equatable, Sendable {
    /// When the document was made.
    public var generatedAt: Date
    /// Since when uses have been recorded: a token absent from ``tokens`` was not used since then.
    public var trackingSince: Date
    /// The identity of the data folder whose tokens were used.
    public var dataFolder: String
    /// One entry per token used since ``trackingSince``.
    public var tokens: [UsageEntry]
    /// Why each entry of the JSON that is not an entry was left out of ``tokens``, such as
    /// `tokens[3].last_used: missing`: one bad entry does not cost the others. Never written.
    public var malformedEntries: [String]

    /// A document with the given fields.
    public init(
        generatedAt: Date, trackingSince: Date, dataFolder: String, tokens: [UsageEntry],
        malformedEntries: [String] = []
    ) {
        self.generatedAt = generatedAt
        self.trackingSince = trackingSince
        self.dataFolder = dataFolder
        self.tokens = tokens
        self.malformedEntries = malformedEntries
    }

    /// Reads a document from its JSON.
    ///
    /// - Throws: ``UsageDocumentError`` naming what is wrong: not JSON, a missing or mistyped key,
    ///   or a time not in the form `YYYY-MM-DDTHH:MM:SSZ`. An entry of `tokens` that is wrong in
    ///   those ways is left out and named in ``malformedEntries`` instead.
    public init(json: Data) throws(UsageDocumentError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: json)
        } catch let error as DecodingError {
            throw UsageDocumentError(error)
        } catch {
            throw UsageDocumentError(reason: "not JSON")
        }
    }

    /// The document as JSON: keys sorted, tokens in workspace and id order.
    public func json() -> Data {
        var sorted = self
        sorted.tokens.sort { ($0.workspace, $0.id) < ($1.workspace, $1.id) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, dates as strings and arrays of them always encode.
        return (try? encoder.encode(sorted)) ?? Data()
    }
}

extension UsageDocument: Codable {
    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at"
        case trackingSince = "tracking_since"
        case dataFolder = "data_folder"
        case tokens
    }

    /// Reads a document; its times must be like `2026-01-31T12:00:00Z`. An entry that is not a
    /// ``UsageEntry`` is skipped and its reason kept in ``malformedEntries``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        generatedAt = try container.decodeTimestamp(forKey: .generatedAt)
        trackingSince = try container.decodeTimestamp(forKey: .trackingSince)
        dataFolder = try container.decode(String.self, forKey: .dataFolder)
        var entries = try container.nestedUnkeyedContainer(forKey: .tokens)
        tokens = []
        malformedEntries = []
        while !entries.isAtEnd {
            do {
                tokens.append(try entries.decode(UsageEntry.self))
            } catch let error as DecodingError {
                malformedEntries.append(UsageDocumentError(error).reason)
                _ = try entries.decode(SkippedValue.self)  // a failed decode does not move past the entry
            }
        }
    }

    /// Any JSON value, read and dropped.
    private struct SkippedValue: Decodable {
        init(from decoder: any Decoder) {}
    }

    /// Writes the document with its times in RFC 3339 UTC (``malformedEntries`` is not written).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(UTCTimestamp.format(generatedAt), forKey: .generatedAt)
        try container.encode(UTCTimestamp.format(trackingSince), forKey: .trackingSince)
        try container.encode(dataFolder, forKey: .dataFolder)
        try container.encode(tokens, forKey: .tokens)
    }
}

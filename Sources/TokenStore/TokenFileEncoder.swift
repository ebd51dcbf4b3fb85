import Foundation
import TokenVerification

/// Writes a ``TokenRecord`` as a version-1 token file with libyaml's emitter.
///
/// Keys come in one fixed order, every file ends with a newline, and the same record always
/// gives the same bytes, so rewriting an unchanged token changes nothing in git. A scoped token's
/// `scopes` is one line after `expires_at`: its names sorted byte by byte, without repeats.
public enum TokenFileEncoder {
    /// The comment that heads every token file.
    public static let header = """
        # Managed by tokenctl: token metadata and its SHA-256 hash only.
        # The secret was shown once when generated and is never stored.

        """

    /// The file's bytes for `record`.
    ///
    /// - Parameter record: The token's metadata; `scopes` of `nil` or empty writes no `scopes` key
    ///   (an unscoped token).
    /// - Returns: The YAML text, UTF-8 encoded.
    /// - Throws: ``TokenStoreError`` if libyaml fails.
    public static func encode(_ record: TokenRecord) throws(TokenStoreError) -> [UInt8] {
        let emitter = try YAMLEmitter()
        try emitter.pair(TokenFileField.version.key, TokenFileParser.version)
        try emitter.pair(TokenFileField.name.key, record.name, style: style(for: record.name))
        try emitter.pair(TokenFileField.createdBy.key, record.createdBy, style: style(for: record.createdBy))
        try emitter.pair(TokenFileField.createdAt.key, UTCTimestamp.format(record.createdAt))
        try emitter.pair(
            TokenFileField.expiresAt.key, UTCTimestamp.formatExpiry(record.expiresAt))
        if let scopes = record.scopes, !scopes.isEmpty {
            let line = TokenScope.line(scopes)
            try emitter.pair(TokenFileField.scopes.key, line, style: style(for: line))
        }
        try emitter.pair(TokenFileField.hash.key, record.hash.description)
        if let rotatedFrom = record.rotatedFrom {
            try emitter.pair(TokenFileField.rotatedFrom.key, rotatedFrom)
        }
        if let revocation = record.revocation {
            try tombstonePairs(revocation, into: emitter)
        }
        return Array(header.utf8) + (try emitter.finish())
    }

    /// The two tombstone lines, `revoked_by` and `revoked_at`, as they end a revoked token's file.
    ///
    /// - Parameter revocation: Who revoked the token, and when.
    /// - Returns: The YAML lines, UTF-8 encoded, ending with a newline.
    /// - Throws: ``TokenStoreError`` if libyaml fails.
    public static func tombstone(_ revocation: TokenRecord.Revocation) throws(TokenStoreError) -> [UInt8] {
        let emitter = try YAMLEmitter()
        try tombstonePairs(revocation, into: emitter)
        return try emitter.finish()
    }

    private static func tombstonePairs(
        _ revocation: TokenRecord.Revocation, into emitter: YAMLEmitter
    ) throws(TokenStoreError) {
        try emitter.pair(TokenFileField.revokedBy.key, revocation.revokedBy, style: style(for: revocation.revokedBy))
        try emitter.pair(TokenFileField.revokedAt.key, UTCTimestamp.format(revocation.revokedAt))
    }

    /// The words that YAML 1.1 or 1.2 would read, written plain, as a bool or null.
    private static let reservedWords: Set<String> = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "<<", "=",
    ]

    /// Quoted when a YAML 1.1 (or 1.2) reader could take the plain form for anything but a string.
    ///
    /// Every such reading (null, bool, int, float, timestamp, merge key) starts with a digit, sign or
    /// dot, or is one of a few reserved words; quoting all of those is a superset that costs nothing.
    static func style(for text: String) -> YAMLEmitter.Style {
        guard let first = text.utf8.first else { return .quoted }
        if reservedWords.contains(text.lowercased()) { return .quoted }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return .quoted
        default:
            return .automatic
        }
    }
}

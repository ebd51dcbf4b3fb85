/// The SHA-256 of a token, the only form in which a token is stored.
///
/// Its text form is `sha256:` followed by 64 lowercase hex digits; its ``id`` is the first 12 of them.
public struct TokenDigest: Hashable, Sendable, CustomStringConvertible {
    /// The text that starts a stored hash.
    public static let prefix = "sha256:"

    // The 32 digest bytes, in memory order.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a digest from its 32 bytes.
    package init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
        words = (
            bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    /// All zero bytes: a stand-in for a record whose secret is not drawn yet.
    package static let placeholder = TokenDigest(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// Parses `sha256:<64 lowercase hex digits>`.
    ///
    /// - Parameter text: The stored form of a hash.
    /// - Returns: The digest, or `nil` when `text` is not in that form.
    public init?(_ text: String) {
        var text = text
        guard let digest = text.withUTF8({ TokenDigest(text: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = digest
    }

    /// Parses the UTF-8 bytes of `sha256:<64 lowercase hex digits>`.
    package init?(text: UnsafeRawBufferPointer) {
        let prefixCount = Self.prefix.utf8.count
        guard text.count == prefixCount + 64, text.starts(with: Self.prefix.utf8) else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var invalid: UInt8 = 0
        withUnsafeMutableBytes(of: &words) { bytes in
            for index in 0..<32 {
                let high = Hex.nibble(text[prefixCount + 2 * index])
                let low = Hex.nibble(text[prefixCount + 2 * index + 1])
                invalid |= (high | low) & 0xF0
                bytes[index] = high << 4 | low & 0x0F
            }
        }
        guard invalid == 0 else { return nil }
        self.init(words: words)
    }

    /// The 64 lowercase hex digits of the digest.
    public var hex: String {
        withBytes { Hex.encode($0) }
    }

    /// The token's public id: the first 12 hex digits of the digest.
    public var id: String {
        withBytes { Hex.encode(UnsafeRawBufferPointer(rebasing: $0[0..<6])) }
    }

    /// The stored form, `sha256:<hex>`.
    public var description: String { Self.prefix + hex }

    /// Calls `body` with the 32 digest bytes.
    package func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: words) { body($0) }
    }

    /// The first 8 digest bytes as a word: already uniformly distributed, so a hash table's slot.
    package var firstWord: UInt64 { words.0 }

    /// Whether two digests have the same 32 bytes.
    public static func == (lhs: TokenDigest, rhs: TokenDigest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    /// Feeds the digest to a hasher, for use as a dictionary key.
    public func hash(into hasher: inout Hasher) {
        // The digest is already uniformly distributed: one word is enough for a hash table.
        hasher.combine(words.0)
    }
}

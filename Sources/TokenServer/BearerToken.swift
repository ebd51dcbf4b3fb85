/// The token in an `Authorization: Bearer <token>` header value.
enum BearerToken {
    /// The token, or `nil` when the value is not the Bearer scheme (matched case-insensitively).
    ///
    /// The scheme and the spaces around the token are matched on bytes, never on characters: a
    /// combining mark after `Bearer ` would join the space into one character and slip past a
    /// character-wise match.
    ///
    /// - Parameter value: The header's value.
    static func parse(_ value: Substring) -> Substring? {
        let bytes = value.utf8
        let scheme = "bearer ".utf8
        guard bytes.count > scheme.count,
            bytes.prefix(scheme.count).elementsEqual(scheme, by: { lowercase($0) == $1 })
        else { return nil }
        let space = UInt8(ascii: " ")
        var start = bytes.index(bytes.startIndex, offsetBy: scheme.count)
        var end = bytes.endIndex
        while start < end && bytes[start] == space {
            start = bytes.index(after: start)
        }
        while end > start && bytes[bytes.index(before: end)] == space {
            end = bytes.index(before: end)
        }
        return start < end ? Substring(bytes[start..<end]) : nil
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}

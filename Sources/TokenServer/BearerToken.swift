/// The token in an `Authorization: Bearer <token>` header value.
enum BearerToken {
    /// The token, or `nil` when the value is not the Bearer scheme (matched case-insensitively).
    ///
    /// - Parameter value: The header's value.
    static func parse(_ value: Substring) -> Substring? {
        let scheme = "bearer "
        guard value.utf8.count > scheme.utf8.count,
            value.utf8.prefix(scheme.utf8.count).elementsEqual(scheme.utf8, by: { lowercase($0) == $1 })
        else { return nil }
        let token = trimmed(value.dropFirst(scheme.count))
        return token.isEmpty ? nil : token
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let start = text.firstIndex { $0 != " " } ?? text.endIndex
        let end = text.lastIndex { $0 != " " }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}

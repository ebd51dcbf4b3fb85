/// One name or value of a request target's query, percent-decoded strictly.
enum QueryComponent {
    /// What `component` stands for: each `%` followed by two hexadecimal digits is that byte, a
    /// `+` is a space (as HTML forms and OAuth's `scope` parameter encode one), and every other
    /// byte is itself. Bytes that are not UTF-8 become U+FFFD, which no scope name contains.
    ///
    /// - Parameter component: The text between `?`, `&` and `=`, as it arrived.
    /// - Returns: The decoded text, or `nil` when a `%` is not followed by two hexadecimal digits.
    static func decode(_ component: Substring) -> Substring? {
        let bytes = component.utf8
        guard bytes.contains(where: { $0 == percent || $0 == plus }) else { return component }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            switch byte {
            case percent:
                guard index < bytes.endIndex, let high = hexValue(bytes[index]) else { return nil }
                index = bytes.index(after: index)
                guard index < bytes.endIndex, let low = hexValue(bytes[index]) else { return nil }
                index = bytes.index(after: index)
                decoded.append(high << 4 | low)
            case plus:
                decoded.append(UInt8(ascii: " "))
            default:
                decoded.append(byte)
            }
        }
        return Substring(String(decoding: decoded, as: UTF8.self))
    }

    private static let percent = UInt8(ascii: "%")
    private static let plus = UInt8(ascii: "+")

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

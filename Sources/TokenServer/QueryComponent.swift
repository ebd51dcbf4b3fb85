/// One name or value of a request target's query, percent-decoded strictly.
enum QueryComponent {
    /// What `component` stands for: each `%` followed by two hexadecimal digits is that byte, a
    /// `+` is a space (as HTML forms and OAuth's `scope` parameter encode one), and every other
    /// byte is itself. Bytes that are not UTF-8 become U+FFFD, which no scope name contains.
    ///
    /// - Parameter component: The bytes between `?`, `&` and `=`, as they arrived.
    /// - Returns: The decoded text (the same bytes, not copied, when there is nothing to decode),
    ///   or `nil` when a `%` is not followed by two hexadecimal digits.
    static func decode(_ component: Substring.UTF8View) -> Substring? {
        guard component.contains(where: { $0 == percent || $0 == plus }) else { return Substring(component) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(component.count)
        var index = component.startIndex
        while index < component.endIndex {
            let byte = component[index]
            index = component.index(after: index)
            switch byte {
            case percent:
                guard index < component.endIndex, let high = hexValue(component[index]) else { return nil }
                index = component.index(after: index)
                guard index < component.endIndex, let low = hexValue(component[index]) else { return nil }
                index = component.index(after: index)
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

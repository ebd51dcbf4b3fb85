import Foundation

/// A DURATION argument: `<N>d` (days) or `<N>h` (hours), N a positive whole number.
public enum DurationSpec {
    /// The longest duration accepted: 100 years.
    public static let maximum: TimeInterval = 36_500 * 86_400

    /// Parses `7d` or `12h` into seconds.
    ///
    /// - Parameters:
    ///   - text: The argument.
    ///   - option: The option's name, for the message (`--overlap`).
    /// - Throws: ``TokenStoreError`` for zero, negative, over-long or unparsable values.
    public static func parse(_ text: String, option: String) throws(TokenStoreError) -> TimeInterval {
        let unit: TimeInterval
        switch text.last {
        case "d": unit = 86_400
        case "h": unit = 3_600
        default: throw .unreadableDuration(option: option)
        }
        guard let count = count(in: text.dropLast()) else {
            throw .unreadableDuration(option: option)
        }
        guard count > 0 else {
            throw .durationNotPositive(option: option)
        }
        guard TimeInterval(count) * unit <= maximum else {
            throw .durationTooLong(option: option)
        }
        return TimeInterval(count) * unit
    }

    /// The number before the unit: optionally `-`, then ASCII digits only (no `+`, spaces or
    /// underscores); out-of-range numbers saturate so they are refused as too large or not positive.
    static func count(in digits: Substring) -> Int? {
        let unsigned = digits.hasPrefix("-") ? digits.dropFirst() : digits
        guard !unsigned.isEmpty, unsigned.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(digits) ?? (digits.hasPrefix("-") ? Int.min : Int.max)
    }
}

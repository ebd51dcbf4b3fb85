import Foundation

/// A policy's duration: `<N>d`, `<N>h`, or `never`.
public enum PolicyDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A whole number of days or hours, kept as written.
    case finite(seconds: TimeInterval, text: String)
    /// No limit (for `max_lifetime`) or no expiry (for `default_expiry`).
    case never

    /// The longest duration accepted: 100 years.
    public static let maximumSeconds: TimeInterval = 36_500 * 86_400

    /// Parses `90d`, `12h` or `never`.
    ///
    /// - Returns: The duration, or why the text is not one (in lowercase words).
    public static func parse(_ text: String) -> Result<PolicyDuration, PolicyValueProblem> {
        if text == "never" { return .success(.never) }
        let unit: TimeInterval
        switch text.last {
        case "d": unit = 86_400
        case "h": unit = 3_600
        default: return .failure(.init("is not a duration like 90d, 12h or never"))
        }
        let digits = text.dropLast()
        let unsigned = digits.hasPrefix("-") ? digits.dropFirst() : digits
        guard !unsigned.isEmpty, unsigned.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return .failure(.init("is not a duration like 90d, 12h or never"))
        }
        guard !digits.hasPrefix("-"), let count = Int(digits), count > 0 else {
            return .failure(.init("must be longer than zero"))
        }
        guard TimeInterval(count) * unit <= maximumSeconds else {
            return .failure(.init("is over the limit of 36500d"))
        }
        return .success(.finite(seconds: TimeInterval(count) * unit, text: text))
    }

    /// The duration in seconds, `.infinity` for never.
    public var seconds: TimeInterval {
        switch self {
        case .finite(let seconds, _): seconds
        case .never: .infinity
        }
    }

    /// As written: `90d`, `12h` or `never`.
    public var description: String {
        switch self {
        case .finite(_, let text): text
        case .never: "never"
        }
    }

    /// Orders by length; `never` is the longest.
    public static func < (lhs: PolicyDuration, rhs: PolicyDuration) -> Bool {
        lhs.seconds < rhs.seconds
    }
}

/// Why a policy value was refused: the words after the key (`max_lifetime must be longer than zero`).
public struct PolicyValueProblem: Error, Hashable, Sendable {
    /// The words, in lowercase.
    public var message: String

    init(_ message: String) {
        self.message = message
    }
}

import Foundation
import TokenVerification

/// How long a new token lives: `7d`, `30d`, `90d`, any `<N>d`, a date `YYYY-MM-DD`, or `never`;
/// or a period in seconds (a policy's `default_expiry`, or the period a rotation carries over).
public enum ExpiryRequest: Hashable, Sendable, CustomStringConvertible {
    /// Expires this many days after it is generated.
    case days(Int)
    /// Expires this many seconds after it is generated.
    case period(TimeInterval)
    /// Expires at midnight UTC at the start of this day.
    case day(Date)
    /// Never expires.
    case never

    /// The longest lifetime in days: 100 years.
    public static let maximumDays = 36_500

    /// Parses the `--expires` text.
    ///
    /// - Parameter text: `<N>d` (1 to 36,500), `YYYY-MM-DD` or `never`.
    /// - Throws: ``TokenStoreError`` for zero, negative, too long or unparsable values.
    public init(parsing text: String) throws(TokenStoreError) {
        if text == "never" {
            self = .never
        } else if text.hasSuffix("d"), let count = DurationSpec.count(in: text.dropLast()) {
            guard count > 0 else {
                throw .expiryNotPositive(text)
            }
            guard count <= Self.maximumDays else {
                throw .expiryTooLong(text)
            }
            self = .days(count)
        } else if let date = UTCTimestamp.parseDay(text) {
            self = .day(date)
        } else {
            throw .unreadableExpiry(text)
        }
    }

    /// The expiry a policy's `default_expiry` gives.
    public init(_ duration: PolicyDuration) {
        switch duration {
        case .finite(let seconds, _): self = .period(seconds)
        case .never: self = .never
        }
    }

    /// As `--expires` takes it (`30d`, `2027-06-30`, `never`); a period as whole days, or hours
    /// under two days, rounded up.
    public var description: String {
        switch self {
        case .days(let count): "\(count)d"
        case .period(let seconds): EffectivePolicy.describe(seconds)
        case .day(let date): String(UTCTimestamp.format(date).prefix(10))
        case .never: TokenFileParser.never
        }
    }

    /// The `expires_at` for a token generated at `now`, or `nil` for never.
    ///
    /// - Throws: ``TokenStoreError`` when a date is not after `now`.
    public func expiresAt(generatedAt now: Date) throws(TokenStoreError) -> Date? {
        switch self {
        case .never:
            return nil
        case .days(let count):
            return now.addingTimeInterval(TimeInterval(count) * 86_400)
        case .period(let seconds):
            return now.addingTimeInterval(seconds)
        case .day(let date):
            guard date > now else {
                throw .expiryDayPassed(date)
            }
            guard date <= now.addingTimeInterval(TimeInterval(Self.maximumDays) * 86_400) else {
                throw .expiryDayTooFar(date)
            }
            return date
        }
    }
}

import Foundation

extension UTCTimestamp {
    /// An expiry as token files write it and every command shows it: the time as ``format(_:)``
    /// gives it, or `never` for a token that does not expire.
    package static func formatExpiry(_ date: Date?) -> String {
        date.map(format) ?? TokenFileParser.never
    }
}

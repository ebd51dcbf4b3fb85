import Foundation

/// Why bytes are not a ``UsageDocument``, in one line.
public struct UsageDocumentError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, such as `not JSON` or `tokens[3].last_used: missing`.
    public let reason: String

    /// An error with `reason`.
    public init(reason: String) {
        self.reason = reason
    }

    /// The reason a decoder gave, with the path of keys to where it stopped.
    init(_ error: DecodingError) {
        func place(_ path: [any CodingKey]) -> String {
            path.reduce("") { place, key in
                if let index = key.intValue {
                    return place + "[\(index)]"
                }
                return place.isEmpty ? key.stringValue : place + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            reason = "\(place(context.codingPath + [key])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            reason = "\(place(context.codingPath)): not the expected type"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            reason = "not JSON (truncated or garbled)"
        case .dataCorrupted(let context):
            reason = "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            reason = "not a usage document"
        }
    }

    /// The reason.
    public var description: String { reason }
}

/// A git operation failed; the message is one line and never holds a secret.
public struct GitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The one-line message.
    public var message: String
    /// What git itself printed, line by line, when that explains the failure (a hook's report).
    public var details: [String]

    /// Creates an error with its message.
    public init(_ message: String, details: [String] = []) {
        self.message = message
        self.details = details
    }

    /// The message.
    public var description: String { message }
}

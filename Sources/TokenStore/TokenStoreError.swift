/// Why a change to the data folder was refused or failed; nothing was written.
///
/// The message is one lowercase line that names the problem and never holds a secret.
public struct TokenStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The one-line message.
    public var message: String

    /// Creates an error with its message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

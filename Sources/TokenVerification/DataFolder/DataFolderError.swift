/// The data folder as a whole could not be read, so nothing was loaded.
public struct DataFolderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The folder that could not be read.
    public var path: String
    /// Why, in lowercase words.
    public var reason: String

    /// Creates the error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot read data folder PATH: REASON`.
    public var description: String { "cannot read data folder \(path): \(reason)" }
}

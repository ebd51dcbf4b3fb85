/// A file or folder in the data folder that grants nothing because it is not a valid token file.
///
/// Its description is `path:line:column: problem` (1-based), or `path: problem` when no position
/// applies. It never holds source text, so it cannot carry a secret pasted into a file.
public struct LoadProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path of the file or folder, as found under the data folder.
    public var path: String
    /// The 1-based line, when the problem has a position.
    public var line: Int?
    /// The 1-based column, when the problem has a position.
    public var column: Int?
    /// What is wrong, in lowercase words.
    public var message: String

    /// Creates a problem report.
    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: problem`, or `path: problem`.
    public var description: String {
        if let line, let column {
            return "\(path):\(line):\(column): \(message)"
        }
        return "\(path): \(message)"
    }
}

/// A file or folder in the data folder that grants nothing because it is not a valid token file.
///
/// Its description is `path:line:column: problem` (1-based), or `path: problem` when no position
/// applies. It never holds source text, so it cannot carry a secret pasted into a file.
public struct LoadProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which entry of the data folder a problem is about.
    public enum Subject: Hashable, Sendable {
        /// An entry of the data folder itself that is not a workspace folder, by its name.
        case dataFolderEntry(String)
        /// A workspace folder as a whole, by its slug.
        case workspace(String)
        /// An entry of a workspace folder named like a token file: the workspace's slug and the
        /// name without `.yaml` (for a valid file, the token's id).
        case tokenFile(workspace: String, fileID: String)
        /// A policy file: a workspace's, or the data folder's own (`nil`), which governs every
        /// workspace. The tokens it governs grant nothing while it is bad.
        case policyFile(workspace: String?)
    }

    /// The path of the file or folder, as found under the data folder.
    public var path: String
    /// The entry the problem is about, or `nil` for a finding about a file outside the data folder.
    public var subject: Subject?
    /// The 1-based line, when the problem has a position.
    public var line: Int?
    /// The 1-based column, when the problem has a position.
    public var column: Int?
    /// What is wrong, in lowercase words.
    public var message: String

    /// Creates a problem report.
    public init(path: String, subject: Subject?, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.subject = subject
        self.line = line
        self.column = column
        self.message = message
    }

    /// A problem with the token file at `location`.
    package init(_ location: TokenFileLocation, line: Int? = nil, column: Int? = nil, message: String) {
        self.init(
            path: location.path, subject: .tokenFile(workspace: location.workspace, fileID: location.fileID),
            line: line, column: column, message: message)
    }

    /// A problem with the policy file at `path`, which governs `workspace` (every one when `nil`).
    package init(policyAt path: String, workspace: String?, line: Int? = nil, column: Int? = nil, message: String) {
        self.init(path: path, subject: .policyFile(workspace: workspace), line: line, column: column, message: message)
    }

    /// `path:line:column: problem`, or `path: problem`.
    public var description: String {
        if let line, let column {
            return "\(path):\(line):\(column): \(message)"
        }
        return "\(path): \(message)"
    }
}

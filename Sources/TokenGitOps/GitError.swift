/// A git operation failed; the description is one line and never holds a secret.
public enum GitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// git could not be started at all; `command` is how the message names it (`git`, `git cat-file`).
    case cannotRun(command: String, reason: String)
    /// `git <subcommand>` exited with `status`; `firstLine` is the first line of its stderr, if any.
    case failed(subcommand: String, status: Int32, firstLine: String?)
    /// `git <subcommand>` refused to stage or commit token files; `details` is what git and its hooks
    /// printed, line by line.
    case refused(subcommand: String, details: [String])
    /// `git cat-file --batch` stopped before it had given every object asked for.
    case catFileEndedEarly
    /// The data folder is not inside a git work tree.
    case notInRepository(dataFolder: String)
    /// The data folder is outside the work tree whose top level is `root`.
    case outsideWorkTree(dataFolder: String, root: String)
    /// The revision does not name a commit.
    case unknownRevision(String)
    /// A folder or file that `tokenctl init` makes could not be created.
    case cannotCreate(path: String, reason: String)
    /// The pre-commit hook could not be written at `path` (as the message shows it).
    case cannotWrite(path: String, reason: String)
    /// git's index could not be copied for a comparison with the work tree.
    case cannotCopyIndex(reason: String)

    /// What git itself printed, line by line, when that explains the failure (a hook's report).
    public var details: [String] {
        guard case .refused(_, let details) = self else { return [] }
        return details
    }

    /// The one-line message.
    public var description: String {
        switch self {
        case .cannotRun(let command, let reason):
            "cannot run \(command): \(reason)"
        case .failed(let subcommand, let status, let firstLine):
            "git \(subcommand) failed: \(firstLine ?? "exit status \(status)")"
        case .refused(let subcommand, _):
            "git \(subcommand) failed"
        case .catFileEndedEarly:
            "git cat-file output ended early"
        case .notInRepository(let dataFolder):
            "\(dataFolder) is not in a git repository (run git init, then tokenctl init)"
        case .outsideWorkTree(let dataFolder, let root):
            "\(dataFolder) is outside the git work tree \(root)"
        case .unknownRevision(let revision):
            "unknown revision \(revision)"
        case .cannotCreate(let path, let reason):
            "cannot create \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .cannotCopyIndex(let reason):
            "cannot copy git's index: \(reason)"
        }
    }
}

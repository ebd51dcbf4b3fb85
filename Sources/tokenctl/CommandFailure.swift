import TokenGitOps
import TokenVerification

/// A failure of the command line's own, beyond what the libraries report.
///
/// Its description is one lowercase line naming the problem, never a secret.
enum CommandFailure: Error, Hashable, CustomStringConvertible {
    /// The workspace given to `list` is not a slug.
    case invalidWorkspace(String)
    /// The data folder has this many entries that grant nothing, each already printed.
    case dataFolderProblems(count: Int)
    /// No actor was given with `option` and none could be found.
    case unknownActor(option: String)
    /// `check` found this many problems, each already printed.
    case checkFailed(problems: Int)
    /// `check --staged` outside a git repository.
    case stagedWithoutRepository(dataFolder: String)
    /// `--commit` cannot commit; nothing was written.
    case commitUnavailable(GitError)
    /// The files at `paths` were written, but committing them failed.
    case notCommitted(GitError, paths: [String])
    /// `verify` could not load the data folder.
    case verifierUnavailable(DataFolderError)
    /// `verify` read over 64 KiB on stdin.
    case stdinTooLarge
    /// `verify` read more than one line on stdin without `--batch`.
    case stdinHasSeveralLines
    /// The result could not be written to stdout, with `errno`.
    case stdoutNotWritten(errno: Int32)

    /// The process's exit status: 2 when `verify` could not tell valid from invalid, 1 otherwise.
    var exitCode: Int32 {
        switch self {
        case .verifierUnavailable, .stdinTooLarge, .stdinHasSeveralLines: 2
        default: 1
        }
    }

    /// The one-line message.
    var description: String {
        switch self {
        case .invalidWorkspace:
            "workspace name is not a valid slug: 1-63 of a-z, 0-9 and inner hyphens"
        case .dataFolderProblems(let count):
            "the data folder has \(count == 1 ? "1 problem" : "\(count) problems"), listed above; "
                + "those entries grant nothing"
        case .unknownActor(let option):
            "cannot tell who you are: pass \(option) or set TOKENCTL_USER"
        case .checkFailed(let count):
            "check found \(count) problem\(count == 1 ? "" : "s")"
        case .stagedWithoutRepository(let dataFolder):
            "--staged needs a git repository around \(dataFolder)"
        case .commitUnavailable(let error):
            "--commit: \(error); nothing was written"
        case .notCommitted(let error, let paths):
            "\(error): \(paths.joined(separator: ", ")) changed on disk but not committed"
        case .verifierUnavailable(let error):
            error.description
        case .stdinTooLarge:
            "stdin is over 64 KiB: one token expected (use --batch for many)"
        case .stdinHasSeveralLines:
            "stdin has more than one line: use --batch for one token per line"
        case .stdoutNotWritten(let code):
            "cannot write to stdout: \(SystemError.describe(code))"
        }
    }
}

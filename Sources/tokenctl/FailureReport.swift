import ArgumentParser
import TokenGitOps
import TokenStore
import TokenVerification

/// What `tokenctl` says about an error that ended a command: the message of its one
/// `tokenctl: error: …` line on stderr, and the exit status.
///
/// This is the one place that turns errors into messages. ``CommandFailure`` and the libraries'
/// errors read as their descriptions, one lowercase line each. ArgumentParser's errors (and any
/// other) read as ArgumentParser words them, on one line, starting lowercase. Whatever the error,
/// a token-shaped string in its message (an argument quoted back, a path, a value) is masked.
struct FailureReport {
    /// The message, after `tokenctl: error: `.
    var message: String
    /// The process's exit status.
    var exitCode: Int32

    /// The report of `error`.
    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure:
            message = failure.description
            exitCode = failure.exitCode
        case is TokenStoreError, is GitError, is DataFolderError:
            message = String(describing: error)
            exitCode = 1
        default:
            let text = TokenCtl.message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
            message = text.isEmpty ? "invalid arguments" : text.prefix(1).lowercased() + text.dropFirst()
            exitCode = TokenCtl.exitCode(for: error).rawValue
        }
        message = TokenFormat.maskingTokenShapes(in: message)
    }
}

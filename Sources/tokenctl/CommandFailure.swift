import ArgumentParser
import TokenGitOps
import TokenServer
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
    /// `delete --leaked` could not read its input; nothing was written.
    case leakedInputUnreadable(StreamReadError)
    /// `delete --leaked` could not revoke this many of the tokens it found, each already reported.
    case leakedNotRevoked(count: Int)
    /// `verify` could not load the data folder.
    case verifierUnavailable(DataFolderError)
    /// `verify` read over 64 KiB on stdin.
    case stdinTooLarge
    /// `verify` read more than one line on stdin without `--batch`.
    case stdinHasSeveralLines
    /// The result could not be written to stdout, with `errno`.
    case stdoutNotWritten(errno: Int32)
    /// `verify` was given arguments: it reads the token from stdin.
    case argumentsToVerify
    /// An argument holds a token.
    case tokenInArguments
    /// `serve` cannot listen where it was told to.
    case cannotListen(ListenError)
    /// `serve --usage-file` names a file inside the data folder or its repository, `folder`.
    case usageFileInside(String, folder: String)
    /// `serve --usage-file` names a file in a folder that does not exist.
    case usageFolderMissing(String)
    /// The command line names no such command; `suggestion` is the closest real one, if any is close.
    case unknownCommand(String, suggestion: String?)
    /// `command` has no such option; `suggestion` is the closest real one, if any is close.
    case unknownOption(String, command: String, suggestion: String?)
    /// `--generate-completion-script` named a shell that has no completion script, or named none
    /// and `$SHELL` is not one that has.
    case unsupportedShell(String?)
    /// `report` was made without what this many problems, each already printed, name.
    case reportIncomplete(problems: Int)

    /// The process's exit status: 64 for a command line that does not parse (as the argument
    /// parser's own errors), 2 when `verify` could not tell valid from invalid, 1 otherwise.
    var exitCode: Int32 {
        switch self {
        case .argumentsToVerify, .tokenInArguments, .unknownCommand, .unknownOption, .unsupportedShell: 64
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
        case .leakedInputUnreadable(let error) where error.isMissing:
            "\(error); nothing was written (--leaked takes a file to scan, not a token's id or name)"
        case .leakedInputUnreadable(let error):
            "\(error); nothing was written"
        case .leakedNotRevoked(let count):
            "\(count == 1 ? "1 token" : "\(count) tokens") found could not be revoked, listed above"
        case .verifierUnavailable(let error):
            error.description
        case .stdinTooLarge:
            "stdin is over 64 KiB: one token expected (use --batch for many)"
        case .stdinHasSeveralLines:
            "stdin has more than one line: use --batch for one token per line"
        case .stdoutNotWritten(let code):
            "cannot write to stdout: \(SystemError.describe(code))"
        case .cannotListen(let error) where error.reason == .addressInUse:
            "\(error): stop the other server or pick another --port"
        case .cannotListen(let error):
            error.description
        case .usageFileInside(let path, let folder):
            "--usage-file \(path) is inside \(folder): keep usage outside the data folder and its repository, "
                + "where it would be committed or read as data"
        case .usageFolderMissing(let path):
            "--usage-file \(path): its folder does not exist"
        case .argumentsToVerify:
            "verify reads the token from stdin, not from arguments: tokenctl verify < token.txt"
        case .tokenInArguments:
            "an argument holds a token: a secret never goes on the command line, where shell history and ps "
                + "keep it (to check one: tokenctl verify < token.txt)"
        case .unknownCommand(let given, let suggestion?):
            "unknown command '\(given)': did you mean '\(suggestion)'?"
        case .unknownCommand(let given, nil):
            "unknown command '\(given)': the commands are \(MistypedArguments.commandNames.joined(separator: ", "))"
        case .unknownOption(let given, _, let suggestion?):
            "unknown option '\(given)': did you mean '\(suggestion)'?"
        case .unknownOption(let given, let command, nil):
            "unknown option '\(given)': see 'tokenctl \(command) --help'"
        case .unsupportedShell(let given?):
            "no completion script for '\(given)': the shells are \(Self.shells)"
        case .unsupportedShell(nil):
            "cannot tell the shell from $SHELL: pass --generate-completion-script with one of \(Self.shells)"
        case .reportIncomplete(let count):
            "the report leaves out what \(count == 1 ? "the problem" : "the \(count) problems") above name\(count == 1 ? "s" : "")"
        }
    }

    private static var shells: String { CompletionShell.allCases.map(\.rawValue).joined(separator: ", ") }
}

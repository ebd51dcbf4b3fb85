import ArgumentParser
import Foundation
import TokenVerification

/// The `tokenctl` command: API tokens for workspaces, kept in git.
@main
struct TokenCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenctl",
        abstract: "Manage workspace API tokens kept as YAML files in git.",
        discussion: """
            Token metadata lives in <data folder>/<workspace>/<id>.yaml, one file per token, holding \
            only the SHA-256 of the secret. The data folder is --dir, else TOKENCTL_DIR, else \
            workspace/ at the top of the git repository around the current folder (from any of its \
            subfolders), else ./workspace.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Generate.self, List.self, Delete.self, Rotate.self, Verify.self, Check.self, Diff.self,
            Report.self, Serve.self,
        ]
    )

    /// Runs the command; every failure is one `tokenctl: error: …` line on stderr and a non-zero exit,
    /// and so is a result that could not be written to stdout.
    static func main() async {
        StandardDescriptors.reserve()
        var status = await run()
        do {
            try Console.finishStdout()
        } catch {
            let failed = report(CommandFailure.stdoutNotWritten(errno: error.code))
            status = status == 0 ? failed : status
        }
        Foundation.exit(status)
    }

    /// Runs the command and returns the exit status.
    private static func run() async -> Int32 {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let refused = SecretArguments.refusal(in: arguments) ?? MistypedArguments.unknownCommand(in: arguments) {
            return report(refused)
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let successful = exitCode(for: error) == .success
            return conclude(successful ? error : MistypedArguments.explanation(in: arguments) ?? error)
        }
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return conclude(error)
        }
    }

    /// Ends the command on `error` and returns the exit status.
    private static func conclude(_ error: any Error) -> Int32 {
        if let code = error as? ExitCode {
            return code.rawValue  // the command has already said what it had to
        }
        guard exitCode(for: error) != .success else {
            // --help, --version, completions: printed as ArgumentParser prints them, masked like every message.
            let text = fullMessage(for: error)
            if !text.isEmpty {
                Console.print(TokenFormat.maskingTokenShapes(in: text))
            }
            return 0
        }
        return report(error)
    }

    /// Prints the one line that ``FailureReport`` makes of `error`, and returns its exit status.
    private static func report(_ error: any Error) -> Int32 {
        let report = FailureReport(error)
        Console.error(report.message)
        return report.exitCode
    }
}

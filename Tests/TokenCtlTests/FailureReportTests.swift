import ArgumentParser
import Foundation
import TestSupport
import Testing
import TokenGitOps
import TokenServer
import TokenStore
import TokenVerification

@testable import tokenctl

@Suite("Failure reports: every error that ends a command becomes one line and an exit status")
struct FailureReportTests {
    static func report(_ error: any Error) -> (String, Int32) {
        let report = FailureReport(error)
        return (report.message, report.exitCode)
    }

    @Test(
        "The command line's own failures: their wording and exit status",
        arguments: [
            (
                CommandFailure.unknownActor(option: "--created-by"),
                "cannot tell who you are: pass --created-by or set TOKENCTL_USER", 1
            ),
            (
                .dataFolderProblems(count: 1),
                "the data folder has 1 problem, listed above; those entries grant nothing", 1
            ),
            (
                .dataFolderProblems(count: 3),
                "the data folder has 3 problems, listed above; those entries grant nothing", 1
            ),
            (.checkFailed(problems: 1), "check found 1 problem", 1),
            (.checkFailed(problems: 2), "check found 2 problems", 1),
            (.invalidWorkspace("Acme"), "workspace name is not a valid slug: 1-63 of a-z, 0-9 and inner hyphens", 1),
            (.stagedWithoutRepository(dataFolder: "Tokens"), "--staged needs a git repository around Tokens", 1),
            (
                .commitUnavailable(.notInRepository(dataFolder: "Tokens")),
                "--commit: Tokens is not in a git repository (run git init, then tokenctl init); nothing was written", 1
            ),
            (
                .notCommitted(.refused(subcommand: "commit", details: ["hook"]), paths: ["a.yaml", "b.yaml"]),
                "git commit failed: a.yaml, b.yaml changed on disk but not committed", 1
            ),
            (
                .verifierUnavailable(DataFolderError(path: "nowhere", reason: "no such file or directory")),
                "cannot read data folder nowhere: no such file or directory", 2
            ),
            (.stdinTooLarge, "stdin is over 64 KiB: one token expected (use --batch for many)", 2),
            (.stdinHasSeveralLines, "stdin has more than one line: use --batch for one token per line", 2),
            (.stdoutNotWritten(errno: ENOSPC), "cannot write to stdout: no space left on device", 1),
            (
                .argumentsToVerify,
                "verify reads the token from stdin, not from arguments: tokenctl verify < token.txt", 64
            ),
            (
                .tokenInArguments,
                "an argument holds a token: a secret never goes on the command line, where shell history and ps "
                    + "keep it (to check one: tokenctl verify < token.txt)", 64
            ),
            (.unknownCommand("lst", suggestion: "list"), "unknown command 'lst': did you mean 'list'?", 64),
            (
                .unknownOption("--al", command: "list", suggestion: "--all"),
                "unknown option '--al': did you mean '--all'?", 64
            ),
            (
                .unknownOption("--x", command: "list", suggestion: nil),
                "unknown option '--x': see 'tokenctl list --help'", 64
            ),
            (.unsupportedShell("csh"), "no completion script for 'csh': the shells are zsh, bash, fish", 64),
            (
                .cannotListen(ListenError(host: "::1", port: 8080, reason: .addressInUse)),
                "[::1]:8080 is already in use: stop the other server or pick another --port", 1
            ),
            (
                .cannotListen(ListenError(host: "10.0.0.1", port: 80, reason: .system(EACCES))),
                "cannot listen on 10.0.0.1:80: permission denied", 1
            ),
        ] as [(CommandFailure, String, Int32)])
    func commandFailures(failure: CommandFailure, message: String, status: Int32) {
        #expect(Self.report(failure) == (message, status))
    }

    @Test("The libraries' errors read as their descriptions, exactly, with exit status 1")
    func libraryErrors() {
        #expect(
            Self.report(GitError.unknownRevision("No-Such\nBranch"))
                == ("unknown revision No-Such\nBranch", 1))
        #expect(
            Self.report(TokenStoreError.noWorkspace("acme", dataFolder: "Tokens"))
                == ("no workspace acme in Tokens", 1))
        #expect(
            Self.report(DataFolderError(path: "Tokens", reason: "permission denied"))
                == ("cannot read data folder Tokens: permission denied", 1))
    }

    @Test("A token-shaped string in any error is masked: a wrong checksum, too short or too long")
    func masksTokenShapedStrings() throws {
        let token = try TestTokens.secret().text
        let near = [token, TestTokens.corrupted(token), String(token.prefix(20)), token + "Zz9"]
        for text in near {
            let masked = String(text.prefix(7)) + "…"
            #expect(
                Self.report(ValidationError("Unexpected argument '\(text)'")).0 == "unexpected argument '\(masked)'")
            #expect(Self.report(GitError.unknownRevision(text)).0 == "unknown revision \(masked)")
            #expect(
                Self.report(CommandFailure.unknownCommand("x\(text)!", suggestion: nil)).0.hasPrefix(
                    "unknown command 'x\(masked)!'"))
        }
        #expect(
            TokenFormat.maskingTokenShapes(in: "tok_ tok_a tok_abc tok_AbC… tok_[0-9A-Za-z]*")
                == "tok_ tok_a tok_abc tok_AbC… tok_[0-9A-Za-z]*")
        #expect(TokenFormat.maskingTokenShapes(in: "tok_abcd tok_abc_def") == "tok_abc… tok_abc_def")
    }

    @Test("ArgumentParser's errors read as it words them, on one line, starting lowercase")
    func usageErrors() {
        #expect(
            Self.report(ValidationError("--port must be 0 to 65535"))
                == ("--port must be 0 to 65535", 64))
        #expect(
            Self.report(ValidationError("Name exactly\none token"))
                == ("name exactly; one token", 64))
        #expect(Self.report(ValidationError("")) == ("invalid arguments", 64))
    }
}

import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("A secret that could not be delivered is not kept, and no output failure crashes tokenctl")
struct SecretDeliveryTests {
    /// Where a standard stream of the command goes.
    enum Stream: String, CaseIterable, CustomTestStringConvertible {
        /// A pipe the test reads.
        case captured
        /// `/dev/full`: every write fails with ENOSPC, as on a full disk.
        case full
        /// No descriptor at all (`>&-`).
        case closed
        /// A pipe whose reader is gone: a write raises SIGPIPE, or fails with EPIPE.
        case readerGone

        var testDescription: String { rawValue }

        /// The handle to give the process, or `nil` to capture it (or to close it in the shell).
        func handle() throws -> FileHandle? {
            switch self {
            case .captured, .closed:
                return nil
            case .full:
                return FileHandle(forWritingAtPath: "/dev/full")
            case .readerGone:
                let pipe = Pipe()
                try pipe.fileHandleForReading.close()
                return pipe.fileHandleForWriting
            }
        }
    }

    /// The ways stdout can fail.
    static let brokenStdouts: [Stream] = [.full, .closed, .readerGone]

    /// Runs `tokenctl` with its stdout and stderr sent where asked, through a shell that closes the
    /// `.closed` ones, and `env`, which restores SIGPIPE's default action as a login shell has it (the
    /// test process ignores SIGPIPE, and children inherit that). Both `exec`, so the exit status
    /// is `tokenctl`'s own.
    static func run(
        _ arguments: [String], in repository: GitRepository, stdout: Stream, stderr: Stream = .captured,
        stdin: String = ""
    ) throws -> CommandResult {
        let closing = (stdout == .closed ? " >&-" : "") + (stderr == .closed ? " 2>&-" : "")
        let script = #"exec env --default-signal=PIPE "$0" "$@""# + closing
        return try CommandRunner.run(
            "/bin/sh", ["-c", script, CommandRunner.tokenctl] + arguments, in: repository.path,
            stdin: Data(stdin.utf8), standardOutput: try stdout.handle(), standardError: try stderr.handle())
    }

    /// A repository with one commit, and a token made with `generate --commit` when `token` is given.
    static func repository(withToken token: String? = nil) throws -> (GitRepository, secret: String?) {
        let repository = try GitRepository()
        try repository.directory.write("README.md", "tokens\n")
        try repository.commitAll("start")
        guard let token else { return (repository, nil) }
        let generated = try repository.tokenctl("generate", "--workspace", "acme", "--name", token, "--commit")
        #expect(generated.status == 0, "\(generated.stderr)")
        return (repository, String(generated.stdout.dropLast()))
    }

    /// Every file outside `.git`, the commit count and git's status: what must not change.
    static func state(of repository: GitRepository) throws -> String {
        let files = repository.directory.snapshot().sorted { $0.key < $1.key }
            .map { "\($0.key): \($0.value.base64EncodedString())" }
        let commits = try repository.git("rev-list", "--count", "HEAD").stdout
        let status = try repository.git("status", "--porcelain", "--untracked-files=all").stdout
        return files.joined(separator: "\n") + "\ncommits: \(commits)status:\n\(status)"
    }

    /// Expects a normal exit with status 1 and, when stderr is captured, one line saying stdout failed.
    static func expectRefused(_ result: CommandResult, stderr: Stream = .captured) {
        #expect(!result.killedBySignal, "a signal ended tokenctl (status \(result.status))")
        #expect(result.status == 1, "\(result.stderr)")
        if stderr == .captured {
            #expect(result.stderrLines.count == 1, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("tokenctl: error: cannot write the token to stdout: "), "\(result.stderr)")
        }
    }

    @Test(
        "generate whose stdout fails keeps no token file, commits nothing and says so on one line",
        arguments: brokenStdouts, [[], ["--commit"], ["--json", "--commit"]])
    func generateWithBrokenStdout(stdout: Stream, options: [String]) throws {
        let (repository, _) = try Self.repository()
        let before = try Self.state(of: repository)
        let result = try Self.run(
            ["generate", "--workspace", "acme", "--name", "CRM"] + options, in: repository, stdout: stdout)
        Self.expectRefused(result)
        #expect(try Self.state(of: repository) == before)
    }

    @Test(
        "rotate whose stdout fails leaves the old file byte for byte, keeps no new file, commits nothing",
        arguments: brokenStdouts, [[], ["--overlap", "24h"], ["--commit"]])
    func rotateWithBrokenStdout(stdout: Stream, options: [String]) throws {
        let (repository, secret) = try Self.repository(withToken: "Zapier")
        let old = try #require(secret)
        let before = try Self.state(of: repository)
        let result = try Self.run(
            ["rotate", "--workspace", "acme", "Zapier"] + options, in: repository, stdout: stdout)
        Self.expectRefused(result)
        #expect(try Self.state(of: repository) == before)
        #expect(try repository.tokenctl("verify", stdin: old).stdout.hasPrefix("valid "))
    }

    @Test(
        "With stderr full or closed, generate and rotate still deliver and commit", arguments: [Stream.full, .closed])
    func brokenStderr(stderr: Stream) throws {
        let (repository, _) = try Self.repository()
        let generated = try Self.run(
            ["generate", "--workspace", "acme", "--name", "CRM", "--commit"], in: repository, stdout: .captured,
            stderr: stderr)
        #expect(!generated.killedBySignal && generated.status == 0)
        let rotated = try Self.run(
            ["rotate", "--workspace", "acme", "CRM", "--commit"], in: repository, stdout: .captured, stderr: stderr)
        #expect(!rotated.killedBySignal && rotated.status == 0, "rotate reports the rotation on stderr")
        var verdicts: [String] = []
        for result in [generated, rotated] {
            #expect(result.stdout.wholeMatch(of: #/tok_[0-9A-Za-z]{38}\n/#) != nil)
            let verified = try repository.tokenctl("verify", stdin: String(result.stdout.dropLast())).stdout
            verdicts.append(String(verified.prefix { $0 != " " }))
        }
        #expect(verdicts == ["revoked", "valid"])
        #expect(try repository.git("rev-list", "--count", "HEAD").stdout == "3\n")
    }

    @Test(
        "With stdout and stderr both failing, or a usage error on a failing stderr, tokenctl exits 1",
        arguments: [Stream.full, .closed])
    func everythingBroken(stderr: Stream) throws {
        let (repository, _) = try Self.repository()
        let before = try Self.state(of: repository)
        for stdout in Self.brokenStdouts {
            let result = try Self.run(
                ["generate", "--workspace", "acme", "--name", "CRM", "--commit"], in: repository, stdout: stdout,
                stderr: stderr)
            Self.expectRefused(result, stderr: stderr)
        }
        let usage = try Self.run(
            ["generate", "--workspace", "Not A Slug", "--name", "CRM"], in: repository, stdout: .captured,
            stderr: stderr)
        Self.expectRefused(usage, stderr: stderr)
        #expect(try Self.state(of: repository) == before)
    }
}

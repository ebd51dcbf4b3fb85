import Foundation

/// A throwaway git repository with an identity configured, for running `tokenctl` in.
public final class GitRepository: @unchecked Sendable {
    /// The folder holding the repository.
    public let directory: TemporaryDirectory
    /// The repository's path.
    public var path: String { directory.path }

    /// Creates and configures a fresh repository.
    public init() throws {
        directory = try TemporaryDirectory()
        try CommandRunner.git(["init", "-q", "-b", "main"], in: directory.path)
        try CommandRunner.git(["config", "user.email", "alice@example.com"], in: directory.path)
        try CommandRunner.git(["config", "user.name", "Alice"], in: directory.path)
    }

    /// Runs `tokenctl` in the repository.
    public func tokenctl(
        _ arguments: String..., stdin: String = "", environment: [String: String] = [:]
    ) throws -> CommandResult {
        try CommandRunner.tokenctl(arguments, in: path, stdin: stdin, environment: environment)
    }

    /// Generates a token with `tokenctl generate` and returns its secret (stdout without the newline).
    public func generate(workspace: String, name: String) throws -> String {
        String(try tokenctl("generate", "--workspace", workspace, "--name", name).stdout.dropLast())
    }

    /// Runs git in the repository, whatever its exit status (hooks find the built tokenctl).
    public func git(_ arguments: String...) throws -> CommandResult {
        try CommandRunner.run("git", arguments, in: path)
    }

    /// Stages everything and commits.
    public func commitAll(_ message: String) throws {
        try CommandRunner.git(["add", "-A"], in: path)
        try CommandRunner.git(["commit", "-q", "-m", message], in: path)
    }

    /// Everything git holds: the history as patches and every object's content, decompressed.
    public func everythingGitHolds() throws -> String {
        let log = try CommandRunner.git(["log", "-p", "--all"], in: path)
        let objects = try CommandRunner.run(
            "git", ["cat-file", "--batch-all-objects", "--batch"], in: path)
        return log + objects.stdout
    }
}

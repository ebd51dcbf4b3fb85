import Foundation

/// Runs `git` in a folder and returns what it printed.
///
/// Arguments go to git directly (no shell). Output is read while git runs, so a large answer cannot
/// fill a pipe and stall it.
public struct Git: Sendable {
    /// The folder git runs in (`git -C`).
    public let directory: String

    /// A runner for the repository that contains `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// What a finished git command printed.
    public struct Output: Sendable {
        /// The exit status.
        public var status: Int32
        /// The bytes written to stdout.
        public var stdout: Data
        /// The text written to stderr.
        public var stderr: String

        /// stdout as UTF-8 text without its trailing newline.
        public var text: String {
            var text = String(decoding: stdout, as: UTF8.self)
            while text.hasSuffix("\n") { text.removeLast() }
            return text
        }
    }

    /// Runs git and returns its output whatever its exit status.
    ///
    /// - Parameters:
    ///   - arguments: The arguments after `git -C <directory>`.
    ///   - input: Bytes for git's stdin.
    ///   - environment: Variables to add to this process's environment.
    /// - Throws: ``GitError`` when git cannot be started at all.
    public func output(
        _ arguments: [String], input: Data = Data(), environment: [String: String] = [:]
    ) throws(GitError) -> Output {
        try start(arguments, input: input, environment: environment).output()
    }

    /// Starts git and returns while it runs, for an answer needed only later: the caller works
    /// meanwhile and then reads it with ``RunningGit/output()``. Git stops once its output fills the
    /// pipe (64 KiB) until then, so this is for short answers.
    ///
    /// - Parameters:
    ///   - arguments: The arguments after `git -C <directory>`.
    ///   - input: Bytes for git's stdin.
    ///   - environment: Variables to add to this process's environment.
    /// - Throws: ``GitError`` when git cannot be started at all.
    public func start(
        _ arguments: [String], input: Data = Data(), environment: [String: String] = [:]
    ) throws(GitError) -> RunningGit {
        RunningGit(
            process: try GitProcess(
                arguments, in: directory, input: input, environment: environment, keepsStderr: true, command: "git"))
    }

    /// Runs git and returns its stdout.
    ///
    /// - Throws: ``GitError`` with git's first line of stderr when git exits non-zero.
    @discardableResult
    public func run(
        _ arguments: [String], input: Data = Data(), environment: [String: String] = [:]
    ) throws(GitError) -> Output {
        let result = try output(arguments, input: input, environment: environment)
        guard result.status == 0 else {
            let firstLine = result.stderr.split(separator: "\n").first.map(String.init)
            throw .failed(subcommand: arguments.first ?? "", status: result.status, firstLine: firstLine)
        }
        return result
    }

    /// NUL-separated stdout fields, as `-z` output gives them.
    public static func fields(_ data: Data) -> [String] {
        data.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }
}

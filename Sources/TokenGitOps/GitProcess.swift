import Foundation

/// One running `git -C <directory>` command: its input written on another thread, its stdout read
/// by the caller, its stderr kept or discarded.
struct GitProcess {
    /// Where git's stdout is read; the caller reads it to its end (or as far as it needs) before
    /// ``finish()``.
    let stdout: FileHandle
    private let process: Process
    private let exit: ProcessExit
    private let feed: PipeWork<Void>
    private let errors: PipeWork<String>?

    /// Starts git.
    ///
    /// - Parameters:
    ///   - arguments: The arguments after `git -C <directory>`.
    ///   - directory: The folder git runs in.
    ///   - input: Bytes for git's stdin, which is closed after them.
    ///   - environment: Variables to add to this process's environment.
    ///   - keepsStderr: Whether git's stderr is read (for ``finish()``) or discarded.
    ///   - command: How a failure to start names the command, such as `git` or `git cat-file`.
    /// - Throws: ``GitError/cannotRun(command:reason:)`` when git cannot be started at all.
    init(
        _ arguments: [String], in directory: String, input: Data, environment: [String: String] = [:],
        keepsStderr: Bool, command: String
    ) throws(GitError) {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = keepsStderr ? Pipe() : nil
        process.standardInput = stdin
        process.standardOutput = stdout
        if let stderr {
            process.standardError = stderr
        } else {
            process.standardError = FileHandle.nullDevice
        }
        do {
            exit = try ProcessExit(running: process)
        } catch {
            throw .cannotRun(command: command, reason: error.localizedDescription)
        }
        self.stdout = stdout.fileHandleForReading
        errors = stderr.map { pipe in
            PipeWork { String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        }
        feed = PipeWork {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
    }

    /// Waits until git has taken its input and exited.
    ///
    /// - Returns: Its exit status, and what it wrote to stderr (empty when discarded).
    @discardableResult
    func finish() -> (status: Int32, stderr: String) {
        feed.wait()
        exit.wait()
        return (process.terminationStatus, errors?.wait() ?? "")
    }
}

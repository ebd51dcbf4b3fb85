import Foundation

/// What a finished process printed and how it exited.
public struct CommandResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// stdout, decoded as UTF-8.
    public var stdout: String
    /// stderr, decoded as UTF-8.
    public var stderr: String
    /// The stdout bytes exactly as written.
    public var stdoutData: Data
    /// Whether a signal ended the process (a crash, or SIGPIPE) rather than an exit.
    public var killedBySignal = false

    /// stderr split into non-empty lines.
    public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Runs the built `tokenctl` (or any program) as a real process.
public enum CommandRunner {
    /// SIGPIPE ignored for the test process, once: a write to a command that has exited returns EPIPE.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// The `tokenctl` binary built beside the test bundle (or `$TOKENCTL_BINARY`).
    public static let tokenctl: String = {
        if let override = ProcessInfo.processInfo.environment["TOKENCTL_BINARY"] {
            return override
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // The test runner may sit inside a bundle folder (name.xctest/…); climb to the products folder.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("tokenctl").path),
            folder.pathComponents.count > 1
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("tokenctl").path
    }()

    /// Runs `tokenctl` with `arguments` in `directory`.
    ///
    /// - Parameters:
    ///   - arguments: The command line after the program name.
    ///   - directory: The working directory.
    ///   - stdin: Bytes for standard input (empty by default, never a terminal).
    ///   - environment: Variables to set on top of a clean environment (`TOKENCTL_*` removed, but
    ///     `TOKENCTL_BIN` naming the built binary, so that hooks run it).
    ///   - standardOutput: Where stdout goes instead of being captured, such as `/dev/full`.
    ///   - standardError: Where stderr goes instead of being captured.
    public static func tokenctl(
        _ arguments: [String], in directory: String, stdin: String = "", environment: [String: String] = [:],
        standardOutput: FileHandle? = nil, standardError: FileHandle? = nil
    ) throws -> CommandResult {
        try run(
            tokenctl, arguments, in: directory, stdin: Data(stdin.utf8), environment: environment,
            standardOutput: standardOutput, standardError: standardError)
    }

    /// Runs any program and waits for it; stdout and stderr are captured unless sent elsewhere.
    public static func run(
        _ program: String, _ arguments: [String], in directory: String, stdin: Data = Data(),
        environment: [String: String] = [:], standardOutput: FileHandle? = nil, standardError: FileHandle? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOKENCTL_") }
        variables["TOKENCTL_BIN"] = tokenctl  // for the pre-commit hook that git runs
        variables.merge(environment) { $1 }
        process.environment = variables
        let input = Pipe()
        let output = standardOutput == nil ? Pipe() : nil
        let errors = standardError == nil ? Pipe() : nil
        process.standardInput = input
        process.standardOutput = output ?? standardOutput
        process.standardError = errors ?? standardError
        try process.run()
        // Drain both pipes while the process runs, so neither can fill up and block it.
        nonisolated(unsafe) var errorData = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData = errors?.fileHandleForReading.readDataToEndOfFile() ?? Data()
            drained.signal()
        }
        // A command may exit without reading its input (a usage error, say): writing to it then
        // fails with EPIPE, which must not kill the test process with SIGPIPE. What the command did
        // is what the test checks, so the failed write itself is not an error.
        _ = ignoreBrokenPipes
        try? input.fileHandleForWriting.write(contentsOf: stdin)
        try input.fileHandleForWriting.close()
        let outputData = output?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        drained.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self), stdoutData: outputData,
            killedBySignal: process.terminationReason == .uncaughtSignal)
    }

    /// Starts one `tokenctl` process per argument list, all before waiting for any, then collects them.
    ///
    /// Output goes to files rather than pipes, so no process waits on a reader.
    /// - Parameters:
    ///   - argumentLists: One command line per process.
    ///   - directory: The working directory.
    ///   - inputs: Standard input per process, by position (none, when missing).
    public static func tokenctlAtOnce(
        _ argumentLists: [[String]], in directory: String, inputs: [String] = []
    ) throws -> [CommandResult] {
        let outputs = try TemporaryDirectory()
        var running: [(Process, String, String)] = []
        for (number, arguments) in argumentLists.enumerated() {
            let stdoutPath = "\(outputs.path)/\(number).out"
            let stderrPath = "\(outputs.path)/\(number).err"
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tokenctl)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOKENCTL_") }
            if number < inputs.count {
                let inputPath = try outputs.write("\(number).in", inputs[number])
                process.standardInput = FileHandle(forReadingAtPath: inputPath)
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            try process.run()
            running.append((process, stdoutPath, stderrPath))
        }
        return running.map { process, stdoutPath, stderrPath in
            process.waitUntilExit()
            let output = FileManager.default.contents(atPath: stdoutPath) ?? Data()
            let errors = FileManager.default.contents(atPath: stderrPath) ?? Data()
            return CommandResult(
                status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                stderr: String(decoding: errors, as: UTF8.self), stdoutData: output,
                killedBySignal: process.terminationReason == .uncaughtSignal)
        }
    }

    /// Runs `git` and returns its stdout, failing the test's `try` when git fails.
    @discardableResult
    public static func git(_ arguments: [String], in directory: String) throws -> String {
        let result = try run("git", arguments, in: directory)
        guard result.status == 0 else {
            throw GitFailure(message: "git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout
    }

    /// A git command that exited non-zero.
    public struct GitFailure: Error, CustomStringConvertible {
        /// The command and what git printed on stderr.
        public var message: String
        /// The message.
        public var description: String { message }
    }
}

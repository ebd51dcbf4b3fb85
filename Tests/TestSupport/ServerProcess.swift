import Foundation

/// `tokenctl serve` running as a real process on a free loopback port, its log kept in a file.
public final class ServerProcess: @unchecked Sendable {
    private let process = Process()
    private let logPath: String
    private let scratch: TemporaryDirectory
    /// The port the server listens on.
    public private(set) var port = 0

    /// Starts the server on `dataFolder` with debug logging and waits until it listens.
    ///
    /// - Parameters:
    ///   - dataFolder: The `--dir` to serve, or `nil` to let `tokenctl` find the data folder itself.
    ///   - fileLimit: The soft and hard limits on open files the server starts with (`RLIMIT_NOFILE`),
    ///     or `nil` for this process's own.
    ///   - logLevel: The server's `--log-level`.
    ///   - launcher: Shell words that start the server's command, such as an `unshare` that
    ///     gives it limits of its own; they end with a command that runs `"$0" "$@"`.
    /// - Throws: When the server does not say it is listening within 20 seconds.
    public init(
        dataFolder: String?, in directory: String, extraArguments: [String] = [],
        fileLimit: (soft: Int, hard: Int)? = nil, logLevel: String = "debug", launcher: String? = nil
    ) throws {
        scratch = try TemporaryDirectory()
        logPath = "\(scratch.path)/serve.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let folder = dataFolder.map { ["--dir", $0] } ?? []
        let arguments = ["serve"] + folder + ["--port", "0", "--log-level", logLevel] + extraArguments
        if fileLimit != nil || launcher != nil {
            let limits = fileLimit.map { "ulimit -Sn \($0.soft) && ulimit -Hn \($0.hard) && " } ?? ""
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments =
                ["-c", limits + "exec \(launcher ?? "") \"$0\" \"$@\"", CommandRunner.tokenctl] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: CommandRunner.tokenctl)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let match = log.firstMatch(of: #/listening on 127\.0\.0\.1:(\d+)/#), let port = Int(match.1) {
                self.port = port
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw ServerFailure(message: "tokenctl serve did not start: \(log)")
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Everything the server has written to stdout and stderr so far.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Sends SIGTERM and waits; returns the exit status.
    public func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The server's resident memory in bytes (`VmRSS`), or 0 when it cannot be read.
    public var residentBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        guard let match = status.firstMatch(of: #/VmRSS:\s+(\d+) kB/#), let kibibytes = Int(match.1) else { return 0 }
        return kibibytes * 1_024
    }

    /// Whether the server process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Sends a signal, such as SIGHUP.
    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// The server did not come up.
    public struct ServerFailure: Error, CustomStringConvertible {
        /// What happened, with the server's log.
        public var message: String
        /// The message.
        public var description: String { message }
    }
}

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
    /// - Throws: When the server does not say it is listening within 20 seconds.
    public init(dataFolder: String, in directory: String, extraArguments: [String] = []) throws {
        scratch = try TemporaryDirectory()
        logPath = "\(scratch.path)/serve.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: CommandRunner.tokenctl)
        process.arguments =
            ["serve", "--dir", dataFolder, "--port", "0", "--log-level", "debug"] + extraArguments
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

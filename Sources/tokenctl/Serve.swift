import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TokenGitOps
import TokenServer
import TokenVerification

extension TokenCtl {
    /// `tokenctl serve`: the HTTP verifier.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve token verification over HTTP, for any language and for gateways.",
            discussion: """
                GET /v1/auth with Authorization: Bearer <token> answers 204 with Token-Workspace and \
                Token-Id headers when the token is valid, else 401 (for nginx auth_request, Envoy and \
                Traefik forward-auth). POST /v1/verify takes {"token": "..."} and answers with JSON. \
                GET /healthz shows what is loaded; GET /v1/usage the minute each token was last used \
                (kept across restarts with --usage-file). The index reloads within milliseconds when a file in \
                the data folder changes (inotify; within about a second when polling), and at once on \
                SIGHUP; SIGTERM and SIGINT shut down gracefully. A failed reload keeps the last good \
                index, is retried with backoff, and makes /healthz answer 503 "degraded". Connections \
                are capped below the open files limit (raised to the hard limit at start) and closed \
                when idle or slow to send a request.

                Examples:
                  tokenctl serve
                  tokenctl serve --dir /srv/tokens/workspace --host 0.0.0.0 --port 9090
                  tokenctl serve --log-level debug
                """
        )

        @OptionGroup var data: DataFolderOptions

        @Option(help: "The address to listen on (loopback by default).")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on (0: any free port, logged at start).")
        var port = 8080

        @Option(help: "info (start and reloads), debug (also one line per request), warning or error.")
        var logLevel = "info"

        @Option(help: "Event-loop threads answering requests (default: one per core).")
        var threads: Int?

        @Option(
            help: """
                How changes to the data folder are noticed: inotify (each change read within milliseconds; \
                polling when inotify is unavailable or out of watches) or polling (every 0.25 s).
                """)
        var changeNotification: ChangeNotification = .inotify

        @Option(
            help: """
                Seconds between full checks of every token file's stamp (0: off; default: 10 with inotify, \
                as a safety net; 0.5 when polling, which is what catches an edit made in place).
                """)
        var sweepSeconds: Double?

        @Option(
            help: """
                The most connections kept open; at the cap the oldest idle one is closed (default: as many \
                as the open files limit allows, keeping 64 descriptors free for reloads).
                """)
        var maxConnections: Int?

        @Option(help: "Seconds a connection may stay idle between requests before it is closed.")
        var idleTimeout = 75.0

        @Option(help: "Seconds a request may take to arrive, head and body, once it has begun (slowloris).")
        var headerTimeout = 10.0

        @Option(help: "on: note each token's last use, for GET /v1/usage; off: note nothing.")
        var usage: UsageTracking = .on

        @Option(
            help: """
                Keep usage across restarts in this file (written at most once a minute and at shutdown; \
                outside the data folder and its repository).
                """)
        var usageFile: String?

        func validate() throws {
            guard (0...65_535).contains(port) else {
                throw ValidationError("--port must be 0 to 65535")
            }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical")
            }
            guard (threads ?? 1) >= 1 else {
                throw ValidationError("--threads must be 1 or more")
            }
            guard (sweepSeconds ?? 0) >= 0 else {
                throw ValidationError("--sweep-seconds must be 0 or more")
            }
            guard (maxConnections ?? 1) >= 1 else {
                throw ValidationError("--max-connections must be 1 or more")
            }
            guard usage == .on || usageFile == nil else {
                throw ValidationError("--usage-file needs --usage on: with usage off there is nothing to keep")
            }
            for (flag, seconds) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout)]
            where !(0.01...86_400).contains(seconds) {
                throw ValidationError("\(flag) must be 0.01 to 86400 seconds")
            }
        }

        func run() async throws {
            do {
                try ListenAddressCheck.check(host: host, port: port)
            } catch {
                throw CommandFailure.cannotListen(error)
            }
            let configuration = ServerConfiguration(
                host: host, port: port, dataFolder: data.dataFolder, changeNotification: changeNotification,
                sweepInterval: sweepSeconds,
                logLevel: Logger.Level(rawValue: logLevel) ?? .info, threads: threads, maxConnections: maxConnections,
                idleTimeout: idleTimeout, headerTimeout: headerTimeout, tracksUsage: usage == .on,
                usageFile: try usageFile.map(checkedUsageFile),
                dataFolderIdentity: usage == .on ? DataFolderIdentity.of(dataFolder: data.dataFolder) : nil)
            try await buildApplication(configuration).runService()
        }
    }
}

extension TokenCtl.Serve {
    /// Whether `serve` notes each token's last use.
    enum UsageTracking: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    /// `path`, refused when its folder is inside the data folder or the data folder's repository.
    private func checkedUsageFile(_ path: String) throws -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().resolvingSymlinksInPath().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure.usageFolderMissing(path)
        }
        var enclosing = [URL(fileURLWithPath: data.dataFolder).resolvingSymlinksInPath().path]
        if let repository = try? Repository(dataFolder: data.dataFolder) {
            enclosing.append(repository.root)
        }
        if let inside = enclosing.first(where: { folder == $0 || folder.hasPrefix($0 + "/") }) {
            throw CommandFailure.usageFileInside(path, folder: inside)
        }
        return path
    }
}

extension ChangeNotification: ExpressibleByArgument {}

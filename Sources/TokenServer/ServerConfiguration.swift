import Logging

/// How `tokenctl serve` runs: where it listens, what it serves, how it notices changes.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback unless told otherwise.
    public var host: String
    /// The port to bind; 0 picks a free one (the log says which).
    public var port: Int
    /// The data folder to load and watch.
    public var dataFolder: String
    /// How changes to the data folder are noticed.
    public var changeNotification: ChangeNotification
    /// How often the folders' signatures are compared when polling, and failed reloads retried, in
    /// seconds.
    public var pollInterval: Double
    /// How often every token file's size, time and inode are compared too, in seconds; 0 turns
    /// this off. `nil` picks by how changes are noticed: every 10 s as a safety net with inotify,
    /// every ``pollingSweepInterval`` when polling, where it is what catches an edit made in place.
    public var sweepInterval: Double?
    /// The largest `POST /v1/verify` body, in bytes.
    public var maximumBodySize: Int
    /// The log level: `info` logs startup and reloads; `debug` adds one line per request.
    public var logLevel: Logger.Level
    /// How many event-loop threads answer requests; `nil` for one per core.
    public var threads: Int?
    /// The most connections kept open at once; `nil` for as many as the open files limit allows
    /// with ``reservedFileDescriptors`` kept free. At the cap the oldest idle connection is closed.
    public var maxConnections: Int?
    /// Seconds a connection may stay idle (open, no request under way) before it is closed.
    public var idleTimeout: Double
    /// Seconds a request may take to arrive, head and body, once its first bytes have (slowloris).
    public var headerTimeout: Double
    /// Whether each valid verification notes the token's last use, shown by `GET /v1/usage`.
    public var tracksUsage: Bool
    /// Where usage is kept across restarts; `nil` keeps it in memory only.
    public var usageFile: String?
    /// The name usage documents give the data folder, the same on every clone of its repository
    /// (`DataFolderIdentity`); `nil` names it `path:` and the data folder's path.
    public var dataFolderIdentity: String?

    /// The sweep interval with inotify, when none is given: a safety net.
    public static let inotifySweepInterval = 10.0
    /// The sweep interval when polling, when none is given: an edit made in place is in force within
    /// a second.
    public static let pollingSweepInterval = 0.5

    /// File descriptors kept free beyond the connections: for reloads (a folder and a file per
    /// parsing thread) and for the listener, with room to spare.
    public static let reservedFileDescriptors = 64

    /// Creates a configuration; every parameter has the documented default.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataFolder: String = "workspace",
        changeNotification: ChangeNotification = .inotify, pollInterval: Double = 0.25,
        sweepInterval: Double? = nil, maximumBodySize: Int = 4096, logLevel: Logger.Level = .info,
        threads: Int? = nil, maxConnections: Int? = nil, idleTimeout: Double = 75, headerTimeout: Double = 10,
        tracksUsage: Bool = true, usageFile: String? = nil, dataFolderIdentity: String? = nil
    ) {
        self.host = host
        self.port = port
        self.dataFolder = dataFolder
        self.changeNotification = changeNotification
        self.pollInterval = pollInterval
        self.sweepInterval = sweepInterval
        self.maximumBodySize = maximumBodySize
        self.logLevel = logLevel
        self.threads = threads
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.tracksUsage = tracksUsage
        self.usageFile = usageFile
        self.dataFolderIdentity = dataFolderIdentity
    }
}

/// How `tokenctl serve` notices changes to the data folder.
public enum ChangeNotification: String, Sendable, CaseIterable {
    /// Linux's inotify: every change is named as it happens. Falls back to polling when inotify is
    /// unavailable or runs out of watches.
    case inotify
    /// Comparing the folders' signatures every poll interval.
    case polling
}

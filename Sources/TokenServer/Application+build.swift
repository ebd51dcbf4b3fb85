import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TokenVerification

/// Builds the HTTP verifier: the initial index, the router, and the reloader service.
///
/// - Parameter configuration: Where to listen and what to serve.
/// - Returns: The application, ready for `runService()` (which handles SIGTERM and SIGINT).
/// - Throws: ``DataFolderError`` when the data folder cannot be read at start.
public func buildApplication(_ configuration: ServerConfiguration) throws -> some ApplicationProtocol {
    var logger = Logger(label: "tokenctl")
    logger.logLevel = configuration.logLevel
    let fileLimit = OpenFileLimit.raiseSoftToHard()
    if fileLimit.after > fileLimit.before {
        logger.info("open files limit raised from \(fileLimit.before) to \(fileLimit.after)")
    }
    let watcher =
        configuration.changeNotification == .inotify ? DataFolderWatcher.start(configuration.dataFolder) : nil
    let started = ContinuousClock.now
    let verifier = try TokenVerifier(dataFolder: configuration.dataFolder, tracksLastUse: configuration.tracksUsage)
    let index = verifier.index
    index.prepareForService()
    let seconds = (ContinuousClock.now - started).inSeconds
    let state = ReloadState(loadedAt: index.loadedAt, duration: seconds)
    logger.info(
        "loaded",
        metadata: [
            "data_folder": "\(configuration.dataFolder)", "tokens": "\(index.count)",
            "workspaces": "\(index.workspaces.count)", "bad_files": "\(index.problems.count)",
            "seconds": "\(String(format: "%.3f", seconds))",
        ])
    logger.warnOfBadFiles(in: index)
    let serverName = "tokenctl"
    let requestLogger = logger
    let metrics = ServerMetrics()
    let reloader = IndexReloader(
        verifier: verifier, watcher: watcher, state: state, metrics: metrics, configuration: configuration,
        logger: logger)
    let usage =
        configuration.tracksUsage
        ? UsageLedger(
            verifier: verifier, dataFolder: configuration.dataFolderIdentity ?? "path:\(configuration.dataFolder)",
            file: configuration.usageFile.map(UsageFile.init), logger: logger) : nil
    let router = buildRouter(
        verifier: verifier, state: state, metrics: metrics, usage: usage,
        maximumBodySize: configuration.maximumBodySize)
    var services: [any Service] = [reloader]
    if let usage, let file = usage.file {
        services.append(UsageWriter(ledger: usage, file: file, logger: logger))
    }
    let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads ?? System.coreCount))
    let connections = ConnectionRegistry(
        capacity: connectionCapacity(configuration, openFileLimit: fileLimit.after, logger: logger))
    let idleTimeout = TimeAmount.nanoseconds(Int64(configuration.idleTimeout * 1e9))
    let headerTimeout = TimeAmount.nanoseconds(Int64(configuration.headerTimeout * 1e9))
    return Application(
        router: router,
        server: AuthHTTP1Channel.builder {
            [
                ConnectionGuardHandler(registry: connections, idleTimeout: idleTimeout, headerTimeout: headerTimeout),
                AuthFastPathHandler(
                    verifier: verifier, verifications: metrics.verifications, serverName: serverName,
                    logger: requestLogger),
            ]
        },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        services: services,
        eventLoopGroupProvider: .shared(eventLoops),
        logger: logger
    )
}

/// The most connections to keep open: `--max-connections`, lowered if need be so that the open
/// files limit still leaves ``ServerConfiguration/reservedFileDescriptors`` free beyond the
/// descriptors already open (event loops, logs) and the connections.
private func connectionCapacity(_ configuration: ServerConfiguration, openFileLimit: Int, logger: Logger) -> Int {
    let available = max(1, openFileLimit - OpenFileLimit.openCount() - ServerConfiguration.reservedFileDescriptors)
    let capacity = min(configuration.maxConnections ?? available, available)
    if let asked = configuration.maxConnections, asked > capacity {
        logger.warning(
            "--max-connections lowered to fit the open files limit",
            metadata: ["asked": "\(asked)", "max_connections": "\(capacity)", "open_files_limit": "\(openFileLimit)"])
    }
    logger.info(
        "connection limits",
        metadata: [
            "max_connections": "\(capacity)", "idle_timeout": "\(configuration.idleTimeout)",
            "header_timeout": "\(configuration.headerTimeout)",
        ])
    return capacity
}

/// The routes: `/v1/auth`, `POST /v1/verify`, `GET /healthz`, `GET /metrics` and `GET /v1/usage`
/// (which answers 404: no use is tracked), with a debug log line per request.
///
/// - Parameters:
///   - verifier: The index to answer from.
///   - state: The reload history shown on `/healthz`.
///   - metrics: Where verifications are counted, and what `/metrics` shows.
///   - maximumBodySize: The largest `POST /v1/verify` body, in bytes.
public func buildRouter(
    verifier: TokenVerifier, state: ReloadState, metrics: ServerMetrics = ServerMetrics(), maximumBodySize: Int = 4096
) -> Router<BasicRequestContext> {
    buildRouter(verifier: verifier, state: state, metrics: metrics, usage: nil, maximumBodySize: maximumBodySize)
}

/// The routes, with `GET /v1/usage` answered from `usage` when use is tracked.
func buildRouter(
    verifier: TokenVerifier, state: ReloadState, metrics: ServerMetrics, usage: UsageLedger?, maximumBodySize: Int
) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: RequestLogMiddleware())
    router.add(
        middleware: MethodCheckMiddleware(methods: [
            AuthController.path: AuthController.methods, VerifyController.path: [.post],
            HealthController.path: [.get], UsageController.path: [.get], MetricsController.path: [.get],
        ]))
    AuthController(verifier: verifier, verifications: metrics.verifications).addRoutes(to: router)
    VerifyController(verifier: verifier, maximumBodySize: maximumBodySize, verifications: metrics.verifications)
        .addRoutes(to: router)
    HealthController(verifier: verifier, reloads: state).addRoutes(to: router)
    UsageController(ledger: usage).addRoutes(to: router)
    MetricsController(verifier: verifier, metrics: metrics).addRoutes(to: router)
    return router
}

import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import TokenVerification

/// Builds the HTTP verifier: the initial index, the router, and the reloader service.
///
/// - Parameter configuration: Where to listen and what to serve.
/// - Returns: The application, ready for `runService()` (which handles SIGTERM and SIGINT).
/// - Throws: ``DataFolderError`` when the data folder cannot be read at start.
public func buildApplication(_ configuration: ServerConfiguration) throws -> some ApplicationProtocol {
    var logger = Logger(label: "tokenctl")
    logger.logLevel = configuration.logLevel
    let started = ContinuousClock.now
    let verifier = try TokenVerifier(dataFolder: configuration.dataFolder)
    let index = verifier.index
    let seconds = (ContinuousClock.now - started).inSeconds
    let state = ReloadState(loadedAt: index.loadedAt, duration: seconds)
    logger.info(
        "loaded",
        metadata: [
            "data_folder": "\(configuration.dataFolder)", "tokens": "\(index.count)",
            "workspaces": "\(index.workspaces.count)", "bad_files": "\(index.problems.count)",
            "seconds": "\(String(format: "%.3f", seconds))",
        ])
    for problem in index.problems {
        logger.warning("bad token file", metadata: ["problem": "\(problem)"])
    }
    let serverName = "tokenctl"
    let requestLogger = logger
    let reloader = IndexReloader(verifier: verifier, state: state, configuration: configuration, logger: logger)
    return Application(
        router: buildRouter(verifier: verifier, state: state, maximumBodySize: configuration.maximumBodySize),
        server: .http1(
            configuration: .init(additionalChannelHandlers: [
                AuthFastPathHandler(verifier: verifier, serverName: serverName, logger: requestLogger)
            ])),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        services: [reloader],
        eventLoopGroupProvider: .shared(
            MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads ?? System.coreCount))),
        logger: logger
    )
}

/// The routes: `/v1/auth`, `POST /v1/verify` and `GET /healthz`, with a debug log line per request.
///
/// - Parameters:
///   - verifier: The index to answer from.
///   - state: The reload history shown on `/healthz`.
///   - maximumBodySize: The largest `POST /v1/verify` body, in bytes.
public func buildRouter(verifier: TokenVerifier, state: ReloadState, maximumBodySize: Int = 4096)
    -> Router<BasicRequestContext>
{
    let router = Router()
    router.add(middleware: RequestLogMiddleware())
    AuthController(verifier: verifier).addRoutes(to: router)
    VerifyController(verifier: verifier, maximumBodySize: maximumBodySize).addRoutes(to: router)
    HealthController(verifier: verifier, reloads: state).addRoutes(to: router)
    return router
}

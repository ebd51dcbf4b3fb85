import Foundation
import Logging

/// The debug line logged per request: method, path, status and duration.
///
/// Only the path is logged: never the query string, a header (so never `Authorization`), or a body.
enum RequestLogLine {
    /// Logs one request at debug level.
    static func log(
        to logger: Logger, method: String, path: Substring, status: Int, since started: ContinuousClock.Instant
    ) {
        let elapsed = ContinuousClock.now - started
        logger.debug(
            "request",
            metadata: [
                "method": "\(method)", "path": "\(path)", "status": "\(status)",
                "ms": "\(String(format: "%.3f", elapsed.inSeconds * 1_000))",
            ])
    }
}

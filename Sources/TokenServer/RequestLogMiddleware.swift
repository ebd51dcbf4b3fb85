import Foundation
import Hummingbird
import Logging

/// One debug line per request: method, path, status and duration.
///
/// Only the path is logged: never the query string, a header (so never `Authorization`), or a body.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard context.logger.logLevel <= .debug else {
            return try await next(request, context)
        }
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        context.logger.debug(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
                "status": "\(response.status.code)",
                "ms": "\(String(format: "%.3f", elapsed.inSeconds * 1_000))",
            ])
        return response
    }
}

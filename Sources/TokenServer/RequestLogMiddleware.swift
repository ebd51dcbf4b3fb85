import Hummingbird

/// One debug line per routed request (see ``RequestLogLine``).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard context.logger.logLevel <= .debug else {
            return try await next(request, context)
        }
        let started = ContinuousClock.now
        let response = try await next(request, context)
        RequestLogLine.log(
            to: context.logger, method: request.method.rawValue, path: request.uri.path[...],
            status: response.status.code, since: started)
        return response
    }
}

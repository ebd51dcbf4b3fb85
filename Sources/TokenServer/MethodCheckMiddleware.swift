import HTTPTypes
import Hummingbird

/// Answers `405 Method Not Allowed`, with an `Allow` field, for a method a served path does not
/// take, where the router would say `404`: the path exists, only the method is wrong.
struct MethodCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each served path with the methods it takes.
    let methods: [String: [HTTPRequest.Method]]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let allowed = methods[request.uri.path], !allowed.contains(request.method) else {
            return try await next(request, context)
        }
        var response = JSONResponse.error(
            .methodNotAllowed, "\(request.uri.path) takes \(allowed.map(\.rawValue).joined(separator: ", "))")
        response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
        return response
    }
}

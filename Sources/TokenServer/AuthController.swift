import HTTPTypes
import Hummingbird
import TokenVerification

/// `/v1/auth`: the forward-auth endpoint for nginx `auth_request`, Envoy and Traefik.
///
/// 204 with `Token-Workspace` and `Token-Id` for a valid `Authorization: Bearer` token granted every
/// scope the request names, 403 for a valid one lacking a scope, else 401 (see ``AuthAnswer``).
/// Every method is answered alike, since a gateway's subrequest keeps the method of the request it
/// guards. A path under `/v1/auth/` is answered exactly as `/v1/auth`, since Envoy's HTTP
/// `ext_authz` appends the path of the request it guards to the path it is configured with. On a
/// live server most of these requests are answered before they reach the router, by
/// ``AuthFastPathHandler``.
struct AuthController {
    let verifier: TokenVerifier
    let verifications: VerificationCounters

    /// The path, and the methods answered on it and on every path under it.
    static let path = "/v1/auth"
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    func addRoutes(to router: Router<some RequestContext>) {
        for method in Self.methods {
            for path in [Self.path, Self.path + "/**"] {
                router.on(RouterPath(path), method: method) { request, _ in
                    authenticate(request)
                }
            }
        }
    }

    /// Whether a request target (path and query) is answered as `/v1/auth`: that path exactly, with
    /// or without a query string, or any path under `/v1/auth/` (not `/v1/authorize`).
    static func isAuthTarget(_ target: String) -> Bool {
        guard target.hasPrefix(path) else { return false }
        let rest = target.utf8.dropFirst(path.utf8.count)
        return rest.first.map { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? true
    }

    func authenticate(_ request: Request) -> Response {
        let answer = AuthAnswer(request: request.head, verifier: verifier, verifications: verifications)
        return Response(status: answer.status, headers: answer.headerFields)
    }
}

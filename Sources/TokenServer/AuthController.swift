import HTTPTypes
import Hummingbird
import TokenVerification

/// `/v1/auth`: the forward-auth endpoint for nginx `auth_request`, Envoy and Traefik.
///
/// 204 with `Token-Workspace` and `Token-Id` for a valid `Authorization: Bearer` token granted every
/// scope the request names, 403 for a valid one lacking a scope, else 401 (see ``AuthAnswer``).
/// Every method is answered alike, since a gateway's subrequest keeps the method of the request it
/// guards. On a live server most of these requests are answered before they reach the router, by
/// ``AuthFastPathHandler``.
struct AuthController {
    let verifier: TokenVerifier
    let verifications: VerificationCounters

    /// The path, and the methods answered on it.
    static let path = "/v1/auth"
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    func addRoutes(to router: Router<some RequestContext>) {
        for method in Self.methods {
            router.on(RouterPath(Self.path), method: method) { request, _ in
                authenticate(request)
            }
        }
    }

    func authenticate(_ request: Request) -> Response {
        let answer = AuthAnswer(request: request.head, verifier: verifier, verifications: verifications)
        return Response(status: answer.status, headers: answer.headers)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import TokenVerification

/// `/v1/auth`: the forward-auth endpoint for nginx `auth_request`, Envoy and Traefik.
///
/// 204 with `Token-Workspace` and `Token-Id` for a valid `Authorization: Bearer` token, else 401
/// with `WWW-Authenticate: Bearer`. Every method is answered alike, since a gateway's subrequest
/// keeps the method of the request it guards.
struct AuthController {
    let verifier: TokenVerifier

    static let workspaceHeader = HTTPField.Name("Token-Workspace")
    static let idHeader = HTTPField.Name("Token-Id")

    func addRoutes(to router: Router<some RequestContext>) {
        for method in [HTTPRequest.Method.get, .head, .post, .put, .patch, .delete, .options] {
            router.on("/v1/auth", method: method) { request, _ in
                authenticate(request)
            }
        }
    }

    func authenticate(_ request: Request) -> Response {
        guard let header = request.headers[.authorization], let token = BearerToken.parse(header[...]),
            case .valid(let record) = verifier.verify(String(token)),
            let workspaceHeader = Self.workspaceHeader, let idHeader = Self.idHeader
        else {
            return Response(
                status: .unauthorized,
                headers: [.wwwAuthenticate: #"Bearer realm="tokenctl""#, .cacheControl: "no-store"])
        }
        var headers: HTTPFields = [.cacheControl: "no-store"]
        headers[workspaceHeader] = record.workspace
        headers[idHeader] = record.id
        return Response(status: .noContent, headers: headers)
    }
}

import HTTPTypes
import TokenVerification

/// The answer `/v1/auth` gives for an `Authorization` header: 204 with `Token-Workspace` and
/// `Token-Id` for a valid Bearer token, else 401 with `WWW-Authenticate: Bearer`.
///
/// Both the router and the event-loop fast path (``AuthFastPathHandler``) answer through this, so
/// they cannot drift apart.
struct AuthAnswer {
    /// 204 or 401.
    var status: HTTPResponse.Status
    /// The response's header fields (without `Date`, `Server` or `Content-Length`).
    var headers: HTTPFields

    static let workspaceHeader = HTTPField.Name("Token-Workspace")
    static let idHeader = HTTPField.Name("Token-Id")

    /// Verifies the Bearer token in `authorization` (the header's value, if any).
    init(authorization: String?, verifier: TokenVerifier) {
        guard let authorization, let presented = BearerToken.parse(authorization[...]),
            case .valid(let token) = verifier.verify(presented),
            let workspaceHeader = Self.workspaceHeader, let idHeader = Self.idHeader
        else {
            status = .unauthorized
            headers = [.wwwAuthenticate: #"Bearer realm="tokenctl""#, .cacheControl: "no-store"]
            return
        }
        status = .noContent
        headers = [.cacheControl: "no-store"]
        headers[workspaceHeader] = token.workspace
        headers[idHeader] = token.id
    }
}

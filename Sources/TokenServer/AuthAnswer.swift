import HTTPTypes
import TokenVerification

/// The answer `/v1/auth` gives for a request: 204 with `Token-Workspace`, `Token-Id` and (for a
/// scoped token) `Token-Scopes` for a valid Bearer token granted every scope the request names
/// (``RequiredScopes/init(request:)``); 403 with `WWW-Authenticate: Bearer
/// error="insufficient_scope"` for a valid one lacking a scope; 401 otherwise, with
/// `error="invalid_token"` when a Bearer token was presented (RFC 6750 §3.1).
///
/// Both the router and the event-loop fast path (``AuthFastPathHandler``) answer through this, so
/// they cannot drift apart.
struct AuthAnswer {
    /// 204, 401 or 403.
    var status: HTTPResponse.Status
    /// The response's header fields (without `Date`, `Server` or `Content-Length`).
    var headers: HTTPFields

    static let workspaceHeader = HTTPField.Name("Token-Workspace")
    static let idHeader = HTTPField.Name("Token-Id")
    static let scopesHeader = HTTPField.Name("Token-Scopes")

    /// The challenge when no Bearer token was presented.
    static let noTokenChallenge = #"Bearer realm="tokenctl""#
    /// The challenge when a Bearer token was presented but is not valid.
    static let invalidTokenChallenge = #"Bearer realm="tokenctl", error="invalid_token""#

    /// Verifies the Bearer token in `request`'s `Authorization` field against the scopes the
    /// request names, and counts the result in `verifications`. The scopes are read, and the
    /// verification counted, only when a Bearer token was presented.
    init(request: HTTPRequest, verifier: TokenVerifier, verifications: VerificationCounters) {
        guard let authorization = request.headerFields[.authorization],
            let presented = BearerToken.parse(authorization[...])
        else {
            self.init(refusing: .unauthorized, challenge: Self.noTokenChallenge)
            return
        }
        let required = RequiredScopes(request: request)
        let result = verifier.verify(presented, requiring: required)
        verifications.count(result)
        switch result {
        case .valid(let token):
            var headers: HTTPFields = [.cacheControl: "no-store"]
            if let workspaceHeader = Self.workspaceHeader, let idHeader = Self.idHeader {
                headers[workspaceHeader] = token.workspace
                headers[idHeader] = token.id
            }
            if let scopesHeader = Self.scopesHeader, let scopes = token.grantedScopesLine {
                headers[scopesHeader] = scopes
            }
            self.init(status: .noContent, headers: headers)
        case .insufficientScope:
            self.init(refusing: .forbidden, challenge: Self.insufficientScopeChallenge(required))
        case .expired, .revoked, .unknown, .malformed:
            self.init(refusing: .unauthorized, challenge: Self.invalidTokenChallenge)
        }
    }

    private init(status: HTTPResponse.Status, headers: HTTPFields) {
        self.status = status
        self.headers = headers
    }

    private init(refusing status: HTTPResponse.Status, challenge: String) {
        self.init(status: status, headers: [.wwwAuthenticate: challenge, .cacheControl: "no-store"])
    }

    /// `Bearer error="insufficient_scope", scope="S1 S2"`, listing the names required as
    /// ``RequiredScopes/line`` does (no `scope` attribute when that is empty: an invalid or
    /// token-shaped name is never repeated back).
    static func insufficientScopeChallenge(_ required: RequiredScopes) -> String {
        let challenge = #"Bearer error="insufficient_scope""#
        let line = required.line
        return line.isEmpty ? challenge : #"\#(challenge), scope="\#(line)""#
    }
}

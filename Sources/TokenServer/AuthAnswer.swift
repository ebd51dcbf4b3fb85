import HTTPTypes
import NIOHTTP1
import TokenVerification

/// The answer `/v1/auth` gives for a request: 204 with `Token-Workspace`, `Token-Id` and (for a
/// scoped token) `Token-Scopes` for a valid Bearer token granted every scope the request names
/// (``RequiredScopes``); 403 with `WWW-Authenticate: Bearer error="insufficient_scope"` for a
/// valid one lacking a scope; 401 otherwise, with `error="invalid_token"` when a Bearer token was
/// presented (RFC 6750 §3.1).
///
/// Both the router and the event-loop fast path (``AuthFastPathHandler``) answer through this, so
/// they cannot drift apart: the router with ``headerFields``, the fast path with ``headers``.
struct AuthAnswer {
    /// 204, 401 or 403.
    let status: HTTPResponse.Status
    /// The token's workspace, id and granted scopes line for a 204.
    private let grant: (workspace: String, id: String, scopes: String?)?
    /// `WWW-Authenticate`'s value for a 401 or 403.
    private let challenge: String?

    static let workspaceHeader = "Token-Workspace"
    static let idHeader = "Token-Id"
    static let scopesHeader = "Token-Scopes"

    /// The challenge when no Bearer token was presented.
    static let noTokenChallenge = #"Bearer realm="tokenctl""#
    /// The challenge when a Bearer token was presented but is not valid.
    static let invalidTokenChallenge = #"Bearer realm="tokenctl", error="invalid_token""#

    /// Verifies the Bearer token in `authorization` (the `Authorization` field's value, or `nil`
    /// without one) against the scopes `required` names, and counts the result in `verifications`.
    /// The scopes are read, and the verification counted, only when a Bearer token was presented.
    ///
    /// - Parameters:
    ///   - authorization: The `Authorization` field's value.
    ///   - required: The scopes the request names, read only when a Bearer token was presented.
    ///   - verifier: The index to answer from.
    ///   - verifications: Where the result is counted.
    init(
        authorization: Substring?, required: () -> RequiredScopes, verifier: TokenVerifier,
        verifications: VerificationCounters
    ) {
        guard let authorization, let presented = BearerToken.parse(authorization) else {
            self.init(refusing: .unauthorized, challenge: Self.noTokenChallenge)
            return
        }
        let required = required()
        let result = verifier.verify(presented, requiring: required)
        verifications.count(result)
        switch result {
        case .valid(let token):
            self.init(status: .noContent, grant: (token.workspace, token.id, token.grantedScopesLine), challenge: nil)
        case .insufficientScope:
            self.init(refusing: .forbidden, challenge: Self.insufficientScopeChallenge(required))
        case .expired, .revoked, .unknown, .malformed:
            self.init(refusing: .unauthorized, challenge: Self.invalidTokenChallenge)
        }
    }

    /// The answer for a routed request.
    init(request: HTTPRequest, verifier: TokenVerifier, verifications: VerificationCounters) {
        self.init(
            authorization: request.headerFields[.authorization].map { $0[...] },
            required: { RequiredScopes(request: request) }, verifier: verifier, verifications: verifications)
    }

    /// The answer for a request head as NIO decoded it. Repeated `Authorization` fields are read
    /// joined by `, `, as a router request's are (which no Bearer token parses from).
    init(head: HTTPRequestHead, verifier: TokenVerifier, verifications: VerificationCounters) {
        let values = head.headers["Authorization"]
        self.init(
            authorization: values.count > 1 ? values.joined(separator: ", ")[...] : values.first?[...],
            required: {
                RequiredScopes(
                    target: head.uri,
                    headerValues: head.headers.lazy.filter { RequiredScopes.isHeaderName($0.name) }.map(\.value))
            },
            verifier: verifier, verifications: verifications)
    }

    private init(refusing status: HTTPResponse.Status, challenge: String) {
        self.init(status: status, grant: nil, challenge: challenge)
    }

    private init(
        status: HTTPResponse.Status, grant: (workspace: String, id: String, scopes: String?)?, challenge: String?
    ) {
        self.status = status
        self.grant = grant
        self.challenge = challenge
    }

    /// The answer's fields as the router sends them (without `Date`, `Server` or `Content-Length`).
    var headerFields: HTTPFields {
        var fields = HTTPFields()
        forEachField { name, value in
            if let name = HTTPField.Name(name) {
                fields.append(HTTPField(name: name, value: value))
            }
        }
        return fields
    }

    /// The answer's fields as the fast path sends them, in the same order (without `Date`,
    /// `Server` or `Content-Length`).
    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)  // room for the fast path's Content-Length, Date and Server too
        forEachField { headers.add(name: $0, value: $1) }
        return headers
    }

    /// Calls `body` with each field in the order they are sent: `WWW-Authenticate` for a refusal,
    /// then `Cache-Control: no-store`, then the grant's `Token-*` fields.
    private func forEachField(_ body: (String, String) -> Void) {
        if let challenge {
            body("WWW-Authenticate", challenge)
        }
        body("Cache-Control", "no-store")
        if let grant {
            body(Self.workspaceHeader, grant.workspace)
            body(Self.idHeader, grant.id)
            if let scopes = grant.scopes {
                body(Self.scopesHeader, scopes)
            }
        }
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

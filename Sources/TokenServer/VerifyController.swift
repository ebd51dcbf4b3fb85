import Foundation
import Hummingbird
import NIOCore
import TokenVerification

/// `POST /v1/verify`: `{"token": "…"}` in, with an optional `"scopes": ["…"]` the token must be
/// granted, the verdict as JSON out.
struct VerifyController {
    let verifier: TokenVerifier
    let maximumBodySize: Int
    let verifications: VerificationCounters

    /// The path.
    static let path = "/v1/verify"

    func addRoutes(to router: Router<some RequestContext>) {
        router.post(RouterPath(Self.path)) { request, _ in
            await verify(request)
        }
    }

    func verify(_ request: Request) async -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodySize)
        } catch {
            return JSONResponse.error(.contentTooLarge, "request body is over \(maximumBodySize) bytes")
        }
        struct Presented: Decodable {
            var token: String
            var scopes: [String]?
        }
        let bytes = Array(buffer: body)
        guard let presented = try? JSONDecoder().decode(Presented.self, from: Data(bytes)),
            !JSONDuplicateKeys.appear(in: bytes)
        else {
            return JSONResponse.error(
                .badRequest,
                #"the body must be JSON: {"token": "..."} or {"token": "...", "scopes": ["..."]}, each key once"#)
        }
        // A name that breaks the name rule is required like any other: no token has it.
        let required = RequiredScopes(presented.scopes ?? [])
        let result = verifier.verify(presented.token, requiring: required)
        verifications.count(result)
        return JSONResponse.make(.ok, VerifyAnswer(result))
    }
}

/// `{"valid": true, "workspace", "id", "name", "created_by", "created_at", "expires_at", "scopes"}`
/// (`scopes`, the granted ones, absent for an unscoped token), `{"valid": false, "reason":
/// "insufficient_scope", "workspace", "id"}`, or `{"valid": false, "reason":
/// "expired|revoked|unknown|malformed"}`.
struct VerifyAnswer: Encodable {
    var valid: Bool
    var reason: String?
    var workspace: String?
    var id: String?
    var name: String?
    var createdBy: String?
    var createdAt: String?
    var expiresAt: String?
    var scopes: [String]?

    enum CodingKeys: String, CodingKey {
        case valid, reason, workspace, id, name, scopes
        case createdBy = "created_by", createdAt = "created_at", expiresAt = "expires_at"
    }

    init(_ result: VerificationResult) {
        valid = result.isValid
        switch result {
        case .valid(let token):
            workspace = token.workspace
            id = token.id
            name = token.name
            createdBy = token.createdBy
            createdAt = UTCTimestamp.format(token.createdAt)
            expiresAt = UTCTimestamp.formatExpiry(token.expiresAt)
            scopes = token.grantedScopes
        case .insufficientScope(let token):
            reason = result.label
            workspace = token.workspace
            id = token.id
        case .expired, .revoked, .unknown, .malformed:
            reason = result.label
        }
    }
}

import Foundation
import TextEscaping
import TokenVerification

/// How `verify` prints a result; never the presented token.
enum VerificationOutput {
    /// `valid workspace=acme id=5e884898da28 name="CRM Integration"`, then `scopes="…"` with the
    /// scopes a scoped token is granted, or just `unknown`/`malformed`; with `json`, the same as one
    /// JSON object.
    static func line(for result: VerificationResult, at now: Date, json: Bool) -> String {
        if json {
            return TokenJSON.encode(VerificationJSON(result, at: now))
        }
        guard let token = result.token else { return result.label }
        let line = "\(result.label) workspace=\(token.workspace) id=\(token.id) name=\(TerminalText.quoted(token.name))"
        guard let granted = token.grantedScopesLine else { return line }
        return "\(line) scopes=\(TerminalText.quoted(granted))"
    }
}

/// `{"valid": true, …}` or `{"valid": false, "reason": …}`, plus the token's metadata (as `list --json`
/// prints it) when the token is known: valid, expired, revoked or lacking a scope. Its `scopes` are
/// those it is granted: its file's that the workspace's `allowed_scopes` has too.
struct VerificationJSON: Encodable {
    var valid: Bool
    var reason: String?
    var token: TokenJSON?

    enum CodingKeys: String, CodingKey {
        case valid, reason
    }

    init(_ result: VerificationResult, at now: Date) {
        valid = result.isValid
        reason = result.isValid ? nil : result.label
        token = result.token.map { token in
            var metadata = TokenJSON(token, at: now)
            metadata.scopes = token.grantedScopes
            return metadata
        }
    }

    /// One flat object: the verdict's keys and the metadata's keys side by side.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valid, forKey: .valid)
        try container.encodeIfPresent(reason, forKey: .reason)
        try token?.encode(to: encoder)
    }
}

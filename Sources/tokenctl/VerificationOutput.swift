import Foundation
import TextEscaping
import TokenVerification

/// How `verify` prints a result; never the presented token.
enum VerificationOutput {
    /// `valid workspace=acme id=5e884898da28 name="CRM Integration"`, or just `unknown`/`malformed`;
    /// with `json`, the same as one JSON object.
    static func line(for result: VerificationResult, at now: Date, json: Bool) -> String {
        if json {
            return TokenJSON.encode(VerificationJSON(result, at: now))
        }
        guard let token = result.token else { return result.label }
        return "\(result.label) workspace=\(token.workspace) id=\(token.id) name=\(TerminalText.quoted(token.name))"
    }
}

/// `{"valid": true, …}` or `{"valid": false, "reason": …}`, plus the token's metadata (as `list --json`
/// prints it) when the token is known: valid, expired or revoked.
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
        token = result.record.map { TokenJSON($0, at: now) }
    }

    /// One flat object: the verdict's keys and the metadata's keys side by side.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valid, forKey: .valid)
        try container.encodeIfPresent(reason, forKey: .reason)
        try token?.encode(to: encoder)
    }
}

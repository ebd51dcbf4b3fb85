import TokenVerification

/// How `verify` prints a result; never the presented token.
enum VerificationOutput {
    /// `valid workspace=acme id=5e884898da28 name="CRM Integration"`, or just `unknown`/`malformed`;
    /// with `json`, the same as one JSON object.
    static func line(for result: VerificationResult, json: Bool) throws -> String {
        if json {
            return try TokenJSON.encode(VerificationJSON(result))
        }
        guard let record = result.record else { return result.label }
        return "\(result.label) workspace=\(record.workspace) id=\(record.id) name=\(TerminalText.quoted(record.name))"
    }
}

/// `{"valid": true, "workspace", "id", "name", "created_by", "created_at", "expires_at"}`, or
/// `{"valid": false, "reason"}` plus the token's workspace, id and name when it is known.
struct VerificationJSON: Encodable {
    var valid: Bool
    var reason: String?
    var workspace: String?
    var id: String?
    var name: String?
    var createdBy: String?
    var createdAt: String?
    var expiresAt: String?

    enum CodingKeys: String, CodingKey {
        case valid, reason, workspace, id, name
        case createdBy = "created_by", createdAt = "created_at", expiresAt = "expires_at"
    }

    init(_ result: VerificationResult) {
        valid = result.isValid
        reason = result.isValid ? nil : result.label
        guard let record = result.record else { return }
        workspace = record.workspace
        id = record.id
        name = record.name
        createdBy = record.createdBy
        createdAt = UTCTimestamp.format(record.createdAt)
        expiresAt = record.expiresAt.map(UTCTimestamp.format) ?? "never"
    }
}

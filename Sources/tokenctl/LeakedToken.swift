import TextEscaping

/// What `delete --leaked` did about one token it found, in one of the files that hold it; never
/// the token itself, only its masked form.
struct LeakedToken: Encodable {
    /// What happened to the token.
    enum Result: String {
        /// It was active or expired, and now carries a tombstone.
        case revoked
        /// It carried a tombstone already.
        case alreadyRevoked = "already_revoked"
        /// No file of the data folder holds its hash: a token of another installation, or one whose
        /// file does not load.
        case unknown
        /// Writing its tombstone failed; the error is on stderr.
        case notRevoked = "not_revoked"
    }

    /// `tok_AbC…`.
    var masked: String
    var result: Result
    /// The token's metadata as `list --json` prints it, after the revocation; `nil` when unknown.
    var token: TokenJSON?
    /// The token file this command revoked the token in, to commit; not printed.
    var revokedFile: String?

    enum CodingKeys: String, CodingKey {
        case masked, result
    }

    /// `tok_AbC… revoked workspace=acme id=5e884898da28 name="CRM Integration"`, or `tok_AbC… unknown`.
    var line: String {
        let outcome = "\(masked) \(result.rawValue.replacingOccurrences(of: "_", with: " "))"
        guard let token else { return outcome }
        return "\(outcome) workspace=\(token.workspace) id=\(token.id) name=\(TerminalText.quoted(token.name))"
    }

    /// One flat object: `masked` and `result`, and the metadata's keys beside them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(masked, forKey: .masked)
        try container.encode(result.rawValue, forKey: .result)
        try token?.encode(to: encoder)
    }
}

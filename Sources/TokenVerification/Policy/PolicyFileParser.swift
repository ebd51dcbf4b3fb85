/// Reads a policy file with the token files' strict event-stream reading: one flat mapping of
/// known keys to scalar values, `version: 1`.
package enum PolicyFileParser {
    /// The file name of a policy, at the data folder's top or in a workspace folder.
    package static let fileName = "policy.yaml"
    /// The name a listing gives a policy file (its name without `.yaml`, as for token files).
    package static let fileID = "policy"
    /// The most names `allowed_scopes` may hold.
    package static let maximumAllowedScopes = 1_024

    /// Parses the policy file at `path`.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - workspace: The workspace it governs, or `nil` for the root file.
    /// - Throws: A ``LoadProblem`` naming the first thing wrong, at its line and column.
    package static func parse(
        _ bytes: UnsafeRawBufferPointer, path: String, workspace: String?, stream: YAMLEventStream = YAMLEventStream()
    ) throws(LoadProblem) -> PolicyFile {
        func problem(_ message: String, _ line: Int?, _ column: Int?) -> LoadProblem {
            LoadProblem(policyAt: path, workspace: workspace, line: line, column: column, message: message)
        }
        var policy = PolicyFile(path: path, workspace: workspace)
        var seen = Set<PolicyKey>()
        var hasVersion = false
        var defaultExpiryPosition = (line: 0, column: 0)
        let mapping = try stream.readFlatMapping(bytes, kind: "policy file", problem: problem) {
            (key) throws(LoadProblem) -> PolicyKey in
            guard let field = PolicyKey(key: key.value) else {
                throw problem("unknown key \(TokenFileParser.quotedKey(key.value))", key.line, key.column)
            }
            guard seen.insert(field).inserted else {
                throw problem("duplicate key \"\(field)\"", key.line, key.column)
            }
            return field
        } value: { (field, value) throws(LoadProblem) in
            guard value.kind == .scalar else {
                throw problem(
                    "the value of \"\(field)\" must be a single value, not a list or mapping", value.line, value.column)
            }
            func refuse(_ message: String) -> LoadProblem {
                problem("\(field) \(message)", value.line, value.column)
            }
            let text = String(decoding: value.value, as: UTF8.self)
            switch field {
            case .version:
                guard text == TokenFileParser.version else {
                    throw problem("unsupported version: this tokenctl reads version 1", value.line, value.column)
                }
                hasVersion = true
            case .maxLifetime:
                policy.maxLifetime = try duration(text, refuse: refuse)
            case .defaultExpiry:
                policy.defaultExpiry = try duration(text, refuse: refuse)
                defaultExpiryPosition = (value.line, value.column)
            case .allowedScopes:
                switch TokenScope.checkLine(value.value, limit: maximumAllowedScopes, key: field.description) {
                case .success(let canonical):
                    let line = String(decoding: canonical ?? Array(value.value), as: UTF8.self)
                    policy.allowedScopes = line.split(separator: " ").map(String.init)
                case .failure(let failure): throw problem(failure.message, value.line, value.column)
                }
            case .requireScopes:
                guard text == "true" || text == "false" else { throw refuse("is true or false") }
                policy.requireScopes = text == "true"
            }
        }
        guard hasVersion else {
            throw problem("missing key \"version\"", mapping.line, mapping.column)
        }
        if let expiry = policy.defaultExpiry, let limit = policy.maxLifetime, expiry > limit {
            throw problem(
                "default_expiry \(expiry) is longer than max_lifetime \(limit)", defaultExpiryPosition.line,
                defaultExpiryPosition.column)
        }
        return policy
    }

    private static func duration(
        _ text: String, refuse: (String) -> LoadProblem
    ) throws(LoadProblem) -> PolicyDuration {
        switch PolicyDuration.parse(text) {
        case .success(let duration): return duration
        case .failure(let failure): throw refuse(failure.message)
        }
    }
}

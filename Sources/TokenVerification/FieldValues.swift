import Foundation

/// The scalar values of a token file's keys, with their positions, checked into a ``TokenRecord``.
struct FieldValues {
    var text = [String?](repeating: nil, count: TokenFileField.allCases.count)
    var positions = [(line: Int, column: Int)](repeating: (0, 0), count: TokenFileField.allCases.count)

    /// Checks every value and builds the record.
    ///
    /// - Throws: A ``LoadProblem`` at the offending value, or at the mapping for a missing key.
    func record(
        mappingLine: Int, mappingColumn: Int, path: String, workspace: String, fileID: String
    ) throws(LoadProblem) -> TokenRecord {
        for field in TokenFileField.allCases where field.isRequired && text[field.rawValue] == nil {
            throw LoadProblem(
                path: path, line: mappingLine, column: mappingColumn, message: "missing key \"\(field.key)\"")
        }
        if (text[TokenFileField.revokedBy.rawValue] == nil) != (text[TokenFileField.revokedAt.rawValue] == nil) {
            throw LoadProblem(
                path: path, line: mappingLine, column: mappingColumn,
                message: "half a tombstone: revoked_by and revoked_at go together")
        }
        func problem(_ field: TokenFileField, _ message: String) -> LoadProblem {
            let position = positions[field.rawValue]
            return LoadProblem(path: path, line: position.line, column: position.column, message: message)
        }
        func value(_ field: TokenFileField) -> String { text[field.rawValue] ?? "" }
        func label(_ field: TokenFileField) throws(LoadProblem) -> String {
            if let issue = TokenLabel.problem(with: value(field), field: field.key) {
                throw problem(field, issue)
            }
            return value(field)
        }
        func timestamp(_ field: TokenFileField) throws(LoadProblem) -> Date {
            guard let date = UTCTimestamp.parse(value(field)) else {
                throw problem(field, "\(field.key) is not a UTC time like 2026-11-29T08:30:00Z")
            }
            return date
        }

        guard value(.version) == TokenFileParser.version else {
            throw problem(.version, "unsupported version: this tokenctl reads version 1")
        }
        let name = try label(.name)
        let createdBy = try label(.createdBy)
        let createdAt = try timestamp(.createdAt)
        let expiresAt: Date? = value(.expiresAt) == TokenFileParser.never ? nil : try timestamp(.expiresAt)
        guard let hash = TokenDigest(value(.hash)) else {
            throw problem(.hash, "hash is not sha256: followed by 64 lowercase hex digits")
        }
        guard hash.id == fileID else {
            throw problem(.hash, "file name is not the token's id: the hash says \(hash.id).yaml")
        }
        var rotatedFrom: String?
        if let predecessor = text[TokenFileField.rotatedFrom.rawValue] {
            guard Hex.isLowercaseHex(predecessor, count: 12) else {
                throw problem(.rotatedFrom, "rotated_from is not a token id (12 lowercase hex digits)")
            }
            rotatedFrom = predecessor
        }
        var revocation: TokenRecord.Revocation?
        if text[TokenFileField.revokedBy.rawValue] != nil {
            revocation = .init(revokedBy: try label(.revokedBy), revokedAt: try timestamp(.revokedAt))
        }
        return TokenRecord(
            workspace: workspace, name: name, createdBy: createdBy, createdAt: createdAt, expiresAt: expiresAt,
            hash: hash, rotatedFrom: rotatedFrom, revocation: revocation)
    }
}

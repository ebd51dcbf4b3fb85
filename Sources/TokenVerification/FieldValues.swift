import Foundation

/// The scalar values of a token file's keys, with their positions, checked into a ``TokenRecord``.
///
/// Times, the hash and the version are decoded from libyaml's bytes as they arrive, so only the
/// free-text fields become strings; problems are still reported in one fixed order by ``record``.
struct FieldValues {
    private var seen: UInt16 = 0
    private var positions = [(line: Int, column: Int)](repeating: (0, 0), count: TokenFileField.allCases.count)
    private var labels = [String?](repeating: nil, count: TokenFileField.allCases.count)
    private var times = [Date?](repeating: nil, count: TokenFileField.allCases.count)
    private var isVersionOne = false
    private var neverExpires = false
    private var hash: TokenDigest?

    /// Whether the file has given `field` a value.
    func has(_ field: TokenFileField) -> Bool {
        seen & 1 << field.rawValue != 0
    }

    /// Takes the value of `field`, at its 1-based position.
    mutating func set(_ field: TokenFileField, _ bytes: UnsafeRawBufferPointer, line: Int, column: Int) {
        seen |= 1 << field.rawValue
        positions[field.rawValue] = (line, column)
        switch field {
        case .version:
            isVersionOne = bytes.elementsEqual(TokenFileParser.version.utf8)
        case .createdAt, .revokedAt:
            times[field.rawValue] = UTCTimestamp.parse(bytes)
        case .expiresAt:
            neverExpires = bytes.elementsEqual(TokenFileParser.never.utf8)
            times[field.rawValue] = UTCTimestamp.parse(bytes)
        case .hash:
            hash = TokenDigest(text: bytes)
        case .name, .createdBy, .revokedBy, .rotatedFrom:
            labels[field.rawValue] = String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Checks every value and builds the record.
    ///
    /// - Throws: A ``LoadProblem`` at the offending value, or at the mapping for a missing key.
    func record(
        mappingLine: Int, mappingColumn: Int, path: String, workspace: String, fileID: String
    ) throws(LoadProblem) -> TokenRecord {
        for field in TokenFileField.allCases where field.isRequired && !has(field) {
            throw LoadProblem(
                path: path, line: mappingLine, column: mappingColumn, message: "missing key \"\(field.key)\"")
        }
        if has(.revokedBy) != has(.revokedAt) {
            throw LoadProblem(
                path: path, line: mappingLine, column: mappingColumn,
                message: "half a tombstone: revoked_by and revoked_at go together")
        }
        func problem(_ field: TokenFileField, _ message: String) -> LoadProblem {
            let position = positions[field.rawValue]
            return LoadProblem(path: path, line: position.line, column: position.column, message: message)
        }
        func label(_ field: TokenFileField) throws(LoadProblem) -> String {
            let value = labels[field.rawValue] ?? ""
            if let issue = TokenLabel.problem(with: value, field: field.key) {
                throw problem(field, issue)
            }
            return value
        }
        func timestamp(_ field: TokenFileField) throws(LoadProblem) -> Date {
            guard let date = times[field.rawValue] else {
                throw problem(field, "\(field.key) is not a UTC time like 2026-11-29T08:30:00Z")
            }
            return date
        }

        guard isVersionOne else {
            throw problem(.version, "unsupported version: this tokenctl reads version 1")
        }
        let name = try label(.name)
        let createdBy = try label(.createdBy)
        let createdAt = try timestamp(.createdAt)
        let expiresAt: Date? = neverExpires ? nil : try timestamp(.expiresAt)
        guard let hash else {
            throw problem(.hash, "hash is not sha256: followed by 64 lowercase hex digits")
        }
        guard hash.id == fileID else {
            throw problem(.hash, "file name is not the token's id: the hash says \(hash.id).yaml")
        }
        var rotatedFrom: String?
        if let predecessor = labels[TokenFileField.rotatedFrom.rawValue] {
            guard Hex.isLowercaseHex(predecessor, count: 12) else {
                throw problem(.rotatedFrom, "rotated_from is not a token id (12 lowercase hex digits)")
            }
            rotatedFrom = predecessor
        }
        var revocation: TokenRecord.Revocation?
        if has(.revokedBy) {
            revocation = .init(revokedBy: try label(.revokedBy), revokedAt: try timestamp(.revokedAt))
        }
        return TokenRecord(
            workspace: workspace, name: name, createdBy: createdBy, createdAt: createdAt, expiresAt: expiresAt,
            hash: hash, rotatedFrom: rotatedFrom, revocation: revocation)
    }
}

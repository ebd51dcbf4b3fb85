import Foundation

/// The scalar values of a token file's keys, with their positions, checked into a ``TokenRecord``.
///
/// Times, the hash and the version are decoded from libyaml's bytes as they arrive, so only the
/// free-text fields become strings; problems are still reported in one fixed order by ``record``.
struct FieldValues {
    private var seen: UInt16 = 0
    private var positions = FieldPositions()
    private var name: String?
    private var createdBy: String?
    private var revokedBy: String?
    private var rotatedFrom: String?
    private var createdAt: Date?
    private var expiresAt: Date?
    private var revokedAt: Date?
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
        positions.set(field, line: line, column: column)
        switch field {
        case .version:
            isVersionOne = bytes.elementsEqual(TokenFileParser.version.utf8)
        case .createdAt:
            createdAt = UTCTimestamp.parse(bytes)
        case .revokedAt:
            revokedAt = UTCTimestamp.parse(bytes)
        case .expiresAt:
            neverExpires = bytes.elementsEqual(TokenFileParser.never.utf8)
            expiresAt = UTCTimestamp.parse(bytes)
        case .hash:
            hash = TokenDigest(text: bytes)
        case .name:
            name = String(decoding: bytes, as: UTF8.self)
        case .createdBy:
            createdBy = String(decoding: bytes, as: UTF8.self)
        case .revokedBy:
            revokedBy = String(decoding: bytes, as: UTF8.self)
        case .rotatedFrom:
            rotatedFrom = String(decoding: bytes, as: UTF8.self)
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
            let position = positions[field]
            return LoadProblem(path: path, line: position.line, column: position.column, message: message)
        }
        func label(_ value: String?, _ field: TokenFileField) throws(LoadProblem) -> String {
            let value = value ?? ""
            if let issue = TokenLabel.problem(with: value, field: field.key) {
                throw problem(field, issue)
            }
            return value
        }
        func timestamp(_ date: Date?, _ field: TokenFileField) throws(LoadProblem) -> Date {
            guard let date else {
                throw problem(field, "\(field.key) is not a UTC time like 2026-11-29T08:30:00Z")
            }
            return date
        }

        guard isVersionOne else {
            throw problem(.version, "unsupported version: this tokenctl reads version 1")
        }
        let name = try label(name, .name)
        let createdBy = try label(createdBy, .createdBy)
        let createdAt = try timestamp(createdAt, .createdAt)
        let expiresAt: Date? = neverExpires ? nil : try timestamp(expiresAt, .expiresAt)
        guard let hash else {
            throw problem(.hash, "hash is not sha256: followed by 64 lowercase hex digits")
        }
        guard hash.id == fileID else {
            throw problem(.hash, "file name is not the token's id: the hash says \(hash.id).yaml")
        }
        if let rotatedFrom, !Hex.isLowercaseHex(rotatedFrom, count: 12) {
            throw problem(.rotatedFrom, "rotated_from is not a token id (12 lowercase hex digits)")
        }
        var revocation: TokenRecord.Revocation?
        if has(.revokedBy) {
            revocation = .init(
                revokedBy: try label(revokedBy, .revokedBy), revokedAt: try timestamp(revokedAt, .revokedAt))
        }
        return TokenRecord(
            workspace: workspace, name: name, createdBy: createdBy, createdAt: createdAt, expiresAt: expiresAt,
            hash: hash, rotatedFrom: rotatedFrom, revocation: revocation)
    }
}

/// The 1-based line and column of each field's value, kept inline (no allocation per file).
private struct FieldPositions {
    private var packed: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0)

    subscript(field: TokenFileField) -> (line: Int, column: Int) {
        let value = withUnsafeBytes(of: packed) { $0.load(fromByteOffset: field.rawValue * 8, as: UInt64.self) }
        return (Int(value >> 32), Int(value & 0xFFFF_FFFF))
    }

    mutating func set(_ field: TokenFileField, line: Int, column: Int) {
        precondition(field.rawValue < 9, "FieldPositions holds nine fields")
        let value = UInt64(UInt32(clamping: line)) << 32 | UInt64(UInt32(clamping: column))
        withUnsafeMutableBytes(of: &packed) {
            $0.storeBytes(of: value, toByteOffset: field.rawValue * 8, as: UInt64.self)
        }
    }
}

import Foundation

/// The scalar values of a token file's keys, with their positions, checked for a table entry.
///
/// Times, the hash and the version are decoded from libyaml's bytes as they arrive; the free-text
/// values are copied, as bytes, into one buffer (libyaml's bytes last only until its next event).
/// Problems are reported in one fixed order by ``checked(mappingLine:mappingColumn:location:)``.
struct FieldValues {
    /// The values of a file that passed every check, the free text as ranges of ``labelBytes``.
    struct Checked {
        var name: Range<Int>
        var createdBy: Range<Int>
        var createdAt: Date
        /// `nil` when the token never expires.
        var expiresAt: Date?
        /// The scope names, sorted and joined by single spaces, when the token has `scopes`.
        var scopes: Range<Int>?
        var hash: TokenDigest
        /// 12 lowercase hex digits, when the token replaced another.
        var rotatedFrom: Range<Int>?
        /// Who revoked the token and when, when it carries a tombstone.
        var revocation: (revokedBy: Range<Int>, revokedAt: Date)?
    }

    /// The free-text values' bytes, one after another.
    private(set) var labelBytes: [UInt8]
    private var seen: UInt16 = 0
    private var positions = FieldPositions()
    private var name: Range<Int>?
    private var createdBy: Range<Int>?
    private var revokedBy: Range<Int>?
    private var rotatedFrom: Range<Int>?
    private var scopes: Range<Int>?
    private var createdAt: Date?
    private var expiresAt: Date?
    private var revokedAt: Date?
    private var isVersionOne = false
    private var neverExpires = false
    private var hash: TokenDigest?

    /// Values to be read into `labelBytes`, emptied first and grown as needed (pass a previous
    /// file's buffer to reuse its memory).
    init(labelBytes: [UInt8] = []) {
        self.labelBytes = labelBytes
        self.labelBytes.removeAll(keepingCapacity: true)
    }

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
            name = keep(bytes)
        case .createdBy:
            createdBy = keep(bytes)
        case .revokedBy:
            revokedBy = keep(bytes)
        case .rotatedFrom:
            rotatedFrom = keep(bytes)
        case .scopes:
            scopes = keep(bytes)
        }
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        let start = labelBytes.count
        labelBytes.append(contentsOf: bytes)
        return start..<labelBytes.count
    }

    /// Checks every value.
    ///
    /// - Throws: A ``LoadProblem`` at the offending value, or at the mapping for a missing key.
    /// - Parameter location: The file's place; its name must be the token's id.
    mutating func checked(mappingLine: Int, mappingColumn: Int, location: TokenFileLocation) throws(LoadProblem)
        -> Checked
    {
        for field in TokenFileField.allCases where field.isRequired && !has(field) {
            throw LoadProblem(
                location, line: mappingLine, column: mappingColumn, message: "missing key \"\(field.key)\"")
        }
        if has(.revokedBy) != has(.revokedAt) {
            throw LoadProblem(
                location, line: mappingLine, column: mappingColumn,
                message: "half a tombstone: revoked_by and revoked_at go together")
        }
        func problem(_ field: TokenFileField, _ message: String) -> LoadProblem {
            let position = positions[field]
            return LoadProblem(location, line: position.line, column: position.column, message: message)
        }
        func label(_ range: Range<Int>?, _ field: TokenFileField) throws(LoadProblem) -> Range<Int> {
            let range = range ?? 0..<0
            let issue = labelBytes.withUnsafeBytes {
                TokenLabel.problem(withUTF8: UnsafeRawBufferPointer(rebasing: $0[range]), field: field.key)
            }
            if let issue {
                throw problem(field, issue)
            }
            return range
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
        var checked = Checked(
            name: try label(name, .name), createdBy: try label(createdBy, .createdBy),
            createdAt: try timestamp(createdAt, .createdAt),
            expiresAt: neverExpires ? nil : try timestamp(expiresAt, .expiresAt), hash: .placeholder)
        guard let hash else {
            throw problem(.hash, "hash is not sha256: followed by 64 lowercase hex digits")
        }
        guard hash.id == location.fileID else {
            throw problem(.hash, "file name is not the token's id: the hash says \(hash.id).yaml")
        }
        checked.hash = hash
        if let scopes {
            let sorted = sortedScopes(scopes)
            switch sorted {
            case .success(let range): checked.scopes = range
            case .failure(let failure): throw problem(.scopes, failure.message)
            }
        }
        if let rotatedFrom {
            guard Hex.isLowercaseHex(labelBytes[rotatedFrom], count: 12) else {
                throw problem(.rotatedFrom, "rotated_from is not a token id (12 lowercase hex digits)")
            }
            checked.rotatedFrom = rotatedFrom
        }
        if has(.revokedBy) {
            checked.revocation = (try label(revokedBy, .revokedBy), try timestamp(revokedAt, .revokedAt))
        }
        return checked
    }

    /// The `scopes` value at `range`, checked, with its names sorted (in a new range of
    /// ``labelBytes`` when the file's order differs).
    private mutating func sortedScopes(_ range: Range<Int>) -> Result<Range<Int>, ScopeLineProblem> {
        let checked = labelBytes.withUnsafeBytes { TokenScope.checkLine(UnsafeRawBufferPointer(rebasing: $0[range])) }
        return checked.map { canonical in
            guard let canonical else { return range }
            let start = labelBytes.count
            labelBytes.append(contentsOf: canonical)
            return start..<start + canonical.count
        }
    }
}

/// The 1-based line and column of each field's value, kept inline (no allocation per file).
private struct FieldPositions {
    private var packed: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    subscript(field: TokenFileField) -> (line: Int, column: Int) {
        let value = withUnsafeBytes(of: packed) { $0.load(fromByteOffset: field.rawValue * 8, as: UInt64.self) }
        return (Int(value >> 32), Int(value & 0xFFFF_FFFF))
    }

    mutating func set(_ field: TokenFileField, line: Int, column: Int) {
        precondition(field.rawValue < 10, "FieldPositions holds ten fields")
        let value = UInt64(UInt32(clamping: line)) << 32 | UInt64(UInt32(clamping: column))
        withUnsafeMutableBytes(of: &packed) {
            $0.storeBytes(of: value, toByteOffset: field.rawValue * 8, as: UInt64.self)
        }
    }
}

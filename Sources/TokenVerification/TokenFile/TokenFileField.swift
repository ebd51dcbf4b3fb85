/// The keys of a version-1 token file, in the order they are written.
package enum TokenFileField: Int, CaseIterable, Sendable {
    case version, name, createdBy, createdAt, expiresAt, scopes, hash, rotatedFrom, revokedBy, revokedAt

    /// The key as it appears in the file.
    package var key: String {
        switch self {
        case .version: "version"
        case .name: "name"
        case .createdBy: "created_by"
        case .createdAt: "created_at"
        case .expiresAt: "expires_at"
        case .scopes: "scopes"
        case .hash: "hash"
        case .rotatedFrom: "rotated_from"
        case .revokedBy: "revoked_by"
        case .revokedAt: "revoked_at"
        }
    }

    /// Whether every token file must have this key.
    package var isRequired: Bool {
        switch self {
        case .scopes, .rotatedFrom, .revokedBy, .revokedAt: false
        default: true
        }
    }

    /// The field whose key is `bytes`, or `nil` for an unknown key.
    package init?(key bytes: UnsafeRawBufferPointer) {
        guard let index = Self.keyBytes.firstIndex(where: { $0.withUnsafeBytes { $0.holdsSameBytes(as: bytes) } })
        else { return nil }
        self = Self.allCases[index]
    }

    private static let keyBytes = allCases.map { Array($0.key.utf8) }
}

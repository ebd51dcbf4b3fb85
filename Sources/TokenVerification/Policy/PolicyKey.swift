/// The keys of a version-1 policy file.
public enum PolicyKey: Int, CaseIterable, Sendable, CustomStringConvertible {
    case version, maxLifetime, defaultExpiry, allowedScopes, requireScopes

    /// The key as it appears in the file.
    public var description: String {
        switch self {
        case .version: "version"
        case .maxLifetime: "max_lifetime"
        case .defaultExpiry: "default_expiry"
        case .allowedScopes: "allowed_scopes"
        case .requireScopes: "require_scopes"
        }
    }

    /// The key spelled `bytes`, or `nil` for an unknown key.
    init?(key bytes: UnsafeRawBufferPointer) {
        guard let key = Self.allCases.first(where: { $0.description.utf8.elementsEqual(bytes) }) else { return nil }
        self = key
    }
}

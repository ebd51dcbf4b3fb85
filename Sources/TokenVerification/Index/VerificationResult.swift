/// The answer for a presented token.
public enum VerificationResult: Hashable, Sendable {
    /// The token is known, not revoked and not expired: grant access to its workspace.
    case valid(IndexedToken)
    /// The token is known but past its `expires_at`.
    case expired(IndexedToken)
    /// The token is known and revoked (revocation wins over any active copy).
    case revoked(IndexedToken)
    /// The token is valid but is not granted a scope the request requires (or, scoped, is granted
    /// none at all): refuse with 403, not 401.
    case insufficientScope(IndexedToken)
    /// The token is well-formed but in no loaded file.
    case unknown
    /// The input is not a token: wrong prefix, length, alphabet or checksum. No lookup was made.
    case malformed

    /// Whether access should be granted.
    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The token as the index holds it, when it is known (valid, expired, revoked or lacking a scope).
    public var token: IndexedToken? {
        switch self {
        case .valid(let token), .expired(let token), .revoked(let token), .insufficientScope(let token): token
        case .unknown, .malformed: nil
        }
    }

    /// The token's whole record, copied out of the index, when it is known.
    public var record: TokenRecord? { token?.record }

    /// `valid`, `expired`, `revoked`, `insufficient_scope`, `unknown` or `malformed`.
    public var label: String {
        switch self {
        case .valid: "valid"
        case .expired: "expired"
        case .revoked: "revoked"
        case .insufficientScope: "insufficient_scope"
        case .unknown: "unknown"
        case .malformed: "malformed"
        }
    }
}

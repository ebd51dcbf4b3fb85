import Foundation

/// What a verification enforces of one workspace's effective policy, kept where the hot path reads
/// it: the lifetime limit, the allowed scopes, whether scopes are required, and whether a bad policy
/// file makes every token of the workspace grant nothing.
final class WorkspaceRules: Sendable {
    /// `max_lifetime` in seconds; `.infinity` when unlimited.
    let maxLifetime: Double
    /// `allowed_scopes`, sorted, when the policy has it.
    let allowedScopes: [String]?
    let requiresScopes: Bool
    let deniesAll: Bool

    /// The rules of a workspace with no policy: nothing beyond each token's own file.
    static let open = WorkspaceRules(.none)

    init(_ policy: EffectivePolicy) {
        maxLifetime = policy.maxLifetime?.value.seconds ?? .infinity
        allowedScopes = policy.allowedScopes?.value
        requiresScopes = policy.requiresScopes
        deniesAll = policy.deniesAll
    }

    /// The effective expiry of a token created at `createdAt` that expires at `expiresAt`
    /// (seconds since 1970, `.infinity` for never).
    @inline(__always)
    func expiry(createdAt: Double, expiresAt: Double) -> Double {
        min(expiresAt, createdAt + maxLifetime)
    }
}

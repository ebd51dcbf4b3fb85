import Foundation
import TokenVerification

/// Holds a new token to its workspace's effective policy before anything is written, for `generate`
/// and `rotate`: each refusal is one line naming the policy file and key, and what to give instead.
struct NewTokenPolicy {
    /// Where a new token's expiry comes from, which a refusal names.
    enum ExpiryOrigin {
        /// `--expires`, as given.
        case option
        /// The `default_expiry` of the policy file at this path.
        case policyDefault(path: String)
        /// tokenctl's own default, ``NewTokenPolicy/standardExpiry``.
        case standardDefault
        /// The expiry period of the token with this id, which a rotation carries over.
        case carried(from: String)
    }

    /// Where a new token's scopes come from, which a refusal names.
    enum ScopesOrigin {
        /// `--scope`, as given (none at all for an unscoped token).
        case option
        /// The scopes of the token with this id, which a rotation carries over.
        case carried(from: String)
    }

    /// The expiry when neither `--expires` nor the policy's `default_expiry` gives one.
    static let standardExpiry = ExpiryRequest.days(30)

    /// The workspace's effective policy.
    let policy: EffectivePolicy

    /// The policy of a workspace whose policy files all read.
    ///
    /// - Throws: ``TokenStoreError/unreadablePolicy(_:)`` with the first bad policy file that governs it.
    init(_ policy: EffectivePolicy) throws(TokenStoreError) {
        if let problem = policy.problems.first {
            throw .unreadablePolicy(problem)
        }
        self.policy = policy
    }

    /// The expiry of a new token: `request`, else the policy's `default_expiry`, else 30 days; and
    /// where it came from.
    func expiry(_ request: ExpiryRequest?) -> (request: ExpiryRequest, origin: ExpiryOrigin) {
        if let request {
            return (request, .option)
        }
        if let defaultExpiry = policy.defaultExpiry {
            return (ExpiryRequest(defaultExpiry.value), .policyDefault(path: defaultExpiry.path))
        }
        return (Self.standardExpiry, .standardDefault)
    }

    /// Refuses `token` when it breaks the policy, naming the first key it breaks.
    ///
    /// - Parameters:
    ///   - token: The new token's record, as it would be written.
    ///   - expiry: The expiry it was given, and where that came from.
    ///   - scopes: Where its scopes came from.
    /// - Throws: ``TokenStoreError/refusedByPolicy(path:key:reason:)``.
    func check(
        _ token: TokenRecord, expiry: (request: ExpiryRequest, origin: ExpiryOrigin), scopes: ScopesOrigin
    ) throws(TokenStoreError) {
        guard let violation = policy.violations(of: token).first else { return }
        let reason: String
        switch violation.key {
        case .maxLifetime:
            reason = lifetimeReason(expiry.request, origin: expiry.origin)
        case .allowedScopes:
            let allowed = policy.allowedScopes?.value ?? []
            let outside = (token.scopes ?? []).filter { !allowed.contains($0) }.joined(separator: " ")
            switch scopes {
            case .option:
                reason = "does not list \(outside), given with --scope"
            case .carried(let id):
                reason = "does not list \(outside), which \(id) has: give --scope with the scopes the new token needs"
            }
        case .requireScopes:
            switch scopes {
            case .option:
                reason = "is true: give at least one --scope"
            case .carried(let id):
                reason = "is true and \(id) has no scopes: give at least one --scope"
            }
        case .version, .defaultExpiry:
            // Keys no token can break: the violation's own words.
            reason = violation.message
        }
        throw .refusedByPolicy(path: violation.path, key: violation.key, reason: reason)
    }

    /// `is 90d: --expires 180d is longer`, with the `--expires` to give when the expiry was not given.
    private func lifetimeReason(_ request: ExpiryRequest, origin: ExpiryOrigin) -> String {
        let limit = policy.maxLifetime?.value ?? .never
        let days = Int(limit.seconds / 86_400)
        let hint = days >= 1 ? ": give --expires \(days)d or shorter" : ""
        switch origin {
        case .option:
            return "is \(limit): --expires \(request) is longer"
        case .policyDefault(let path):
            return "is \(limit): default_expiry \(request) of \(path) is longer\(hint)"
        case .standardDefault:
            return "is \(limit): the default expiry \(request) is longer\(hint)"
        case .carried(let id):
            return "is \(limit): the expiry period of \(id), \(request), which rotate carries over, is longer\(hint)"
        }
    }
}

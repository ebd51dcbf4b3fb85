import Foundation

/// A setting of an effective policy, with the file that set it.
public struct PolicySetting<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The setting's value.
    public var value: Value
    /// The policy file it comes from.
    public var path: String
}

/// What a workspace allows: its policy file's keys over the root file's, key by key (SPEC §8).
public struct EffectivePolicy: Hashable, Sendable {
    /// The longest a token may live, `expires_at` − `created_at`, when limited.
    public var maxLifetime: PolicySetting<PolicyDuration>?
    /// `generate`'s expiry when `--expires` is not given.
    public var defaultExpiry: PolicySetting<PolicyDuration>?
    /// The only scopes granted, sorted.
    public var allowedScopes: PolicySetting<[String]>?
    /// Whether every token must name at least one scope.
    public var requireScopes: PolicySetting<Bool>?
    /// The bad policy files that govern the workspace: while there is one, its tokens grant nothing.
    public var problems: [LoadProblem] = []

    /// A policy that allows everything.
    public static let none = EffectivePolicy()

    /// Allows everything.
    public init() {}

    /// `workspace`'s settings over `root`'s, key by key; a bad file of either is kept as a problem.
    public init(root: PolicyOutcome?, workspace: PolicyOutcome?) {
        for outcome in [root, workspace] {
            switch outcome {
            case .policy(let file)?:
                if let value = file.maxLifetime { maxLifetime = PolicySetting(value: value, path: file.path) }
                if let value = file.defaultExpiry { defaultExpiry = PolicySetting(value: value, path: file.path) }
                if let value = file.allowedScopes { allowedScopes = PolicySetting(value: value, path: file.path) }
                if let value = file.requireScopes { requireScopes = PolicySetting(value: value, path: file.path) }
            case .problem(let problem)?:
                problems.append(problem)
            case nil:
                break
            }
        }
    }

    /// Whether no key is set and no file is bad.
    public var isEmpty: Bool { self == .none }

    /// Whether the tokens it governs grant nothing: a policy file that governs them is bad.
    public var deniesAll: Bool { !problems.isEmpty }

    /// Whether every token must name a scope.
    public var requiresScopes: Bool { requireScopes?.value ?? false }

    /// The end of a token's life under this policy: its `expires_at`, or `created_at` plus
    /// `max_lifetime` when that is sooner. `nil` when it never ends.
    public func expiry(createdAt: Date, expiresAt: Date?) -> Date? {
        guard let limit = maxLifetime?.value, case .finite(let seconds, _) = limit else { return expiresAt }
        let end = createdAt.addingTimeInterval(seconds)
        return expiresAt.map { min($0, end) } ?? end
    }

    /// The scopes granted to a token that names `scopes`: those in `allowed_scopes` too, when the
    /// policy has that key. `nil` for an unscoped token.
    public func grantedScopes(_ scopes: [String]?) -> [String]? {
        guard let scopes, let allowed = allowedScopes?.value else { return scopes }
        return scopes.filter { allowed.contains($0) }
    }

    /// What a token breaks of this policy; empty when it keeps to it.
    public func violations(of token: TokenRecord) -> [PolicyViolation] {
        var found: [PolicyViolation] = []
        if let limit = maxLifetime, case .finite(let seconds, _) = limit.value {
            if let expiresAt = token.expiresAt {
                let lifetime = expiresAt.timeIntervalSince(token.createdAt)
                if lifetime > seconds {
                    found.append(
                        PolicyViolation(
                            key: .maxLifetime, path: limit.path,
                            message:
                                "expires \(Self.describe(lifetime)) after created_at, over max_lifetime \(limit.value)")
                    )
                }
            } else {
                found.append(
                    PolicyViolation(
                        key: .maxLifetime, path: limit.path,
                        message: "never expires, over max_lifetime \(limit.value)"))
            }
        }
        if let allowed = allowedScopes, let scopes = token.scopes {
            let outside = scopes.filter { !allowed.value.contains($0) }
            if !outside.isEmpty {
                found.append(
                    PolicyViolation(
                        key: .allowedScopes, path: allowed.path,
                        message: "\(outside.joined(separator: " ")) not in allowed_scopes"))
            }
        }
        if let required = requireScopes, required.value, token.scopes == nil {
            found.append(
                PolicyViolation(
                    key: .requireScopes, path: required.path, message: "has no scopes, and require_scopes is true"))
        }
        return found
    }

    /// A lifetime in whole days, or hours when under two days, rounded up: `180d`, `36h`.
    package static func describe(_ seconds: TimeInterval) -> String {
        seconds >= 2 * 86_400 ? "\(Int((seconds / 86_400).rounded(.up)))d" : "\(Int((seconds / 3_600).rounded(.up)))h"
    }
}

/// A way a token breaks its workspace's policy.
public struct PolicyViolation: Hashable, Sendable, CustomStringConvertible {
    /// The key it breaks.
    public var key: PolicyKey
    /// The policy file that set the key.
    public var path: String
    /// What is wrong, in lowercase words.
    public var message: String

    /// `path: key: message`.
    public var description: String { "\(path): \(key): \(message)" }
}

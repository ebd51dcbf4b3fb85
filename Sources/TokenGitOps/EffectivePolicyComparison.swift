import Foundation
import TokenVerification

/// How a workspace's effective policy (root and workspace files merged) changed, key by key: a key
/// that allows more is loosened, one that allows less is tightened, with how many of the workspace's
/// active tokens at the head it expires or denies.
struct EffectivePolicyComparison {
    let workspace: String
    let before: EffectivePolicy
    let after: EffectivePolicy
    /// The workspace's tokens at the head that are neither revoked nor past their own `expires_at`.
    let tokens: [IndexedToken]
    let now: Date

    /// The changes of every workspace that has tokens or a policy file at either side.
    static func changes(base: TokenIndex, head: TokenIndex, at now: Date) -> [TokenChange] {
        guard base.policies != head.policies else { return [] }
        var workspaces = Set(base.workspaces + head.workspaces)
        workspaces.formUnion(base.policies.workspaces.keys)
        workspaces.formUnion(head.policies.workspaces.keys)
        let live = head.tokens().filter { token in
            !token.isRevoked && (token.expiresAt.map { now < $0 } ?? true)
        }
        let tokens = Dictionary(grouping: live, by: \.workspace)
        return workspaces.sorted().flatMap { workspace in
            EffectivePolicyComparison(
                workspace: workspace, before: base.policy(forWorkspace: workspace),
                after: head.policy(forWorkspace: workspace), tokens: tokens[workspace] ?? [], now: now
            ).changes()
        }
    }

    /// The loosened and tightened keys; when a bad policy file starts or stops governing the
    /// workspace, that alone (its keys mean nothing while it is bad).
    func changes() -> [TokenChange] {
        switch (before.deniesAll, after.deniesAll) {
        case (true, true):
            return []
        case (false, true):
            let active = tokens.count { lives($0, under: before) }
            return [change(.policyTightened, path: after.problems.first?.path, affected: active)]
        case (true, false):
            let active = tokens.count { lives($0, under: after) }
            return [change(.policyLoosened, path: before.problems.first?.path, affected: active)]
        case (false, false):
            return maxLifetime() + allowedScopes() + requireScopes()
        }
    }

    private func maxLifetime() -> [TokenChange] {
        let (old, new) = (before.maxLifetime, after.maxLifetime)
        let (oldLimit, newLimit) = (old?.value ?? .never, new?.value ?? .never)
        guard oldLimit.seconds != newLimit.seconds else { return [] }
        let values = (old?.value.description, new?.value.description)
        let path = (new ?? old)?.path
        guard newLimit < oldLimit else {
            return [change(.policyLoosened, key: .maxLifetime, path: path, values)]
        }
        let expired = tokens.count { lives($0, under: before) && !lives($0, under: after) }
        return [change(.policyTightened, key: .maxLifetime, path: path, values, affected: expired)]
    }

    private func allowedScopes() -> [TokenChange] {
        let (old, new) = (before.allowedScopes, after.allowedScopes)
        let (oldNames, newNames) = (old.map { Set($0.value) }, new.map { Set($0.value) })
        guard oldNames != newNames else { return [] }
        let values = (old.map { TokenScope.line($0.value) }, new.map { TokenScope.line($0.value) })
        let path = (new ?? old)?.path
        var changes: [TokenChange] = []
        if let oldNames, newNames.map({ !$0.isSubset(of: oldNames) }) ?? true {
            changes.append(change(.policyLoosened, key: .allowedScopes, path: path, values))
        }
        if let newNames, oldNames.map({ !$0.isSubset(of: newNames) }) ?? true {
            let denied = tokens.count { token in
                guard lives(token, under: after), let scopes = token.scopes else { return false }
                let granted = Set(after.grantedScopes(scopes) ?? [])
                return !Set(before.grantedScopes(scopes) ?? []).isSubset(of: granted)
            }
            changes.append(change(.policyTightened, key: .allowedScopes, path: path, values, affected: denied))
        }
        return changes
    }

    private func requireScopes() -> [TokenChange] {
        guard before.requiresScopes != after.requiresScopes else { return [] }
        let (old, new) = (before.requireScopes, after.requireScopes)
        let values = (old.map { "\($0.value)" }, new.map { "\($0.value)" })
        let path = (new ?? old)?.path
        guard after.requiresScopes else {
            return [change(.policyLoosened, key: .requireScopes, path: path, values)]
        }
        let unscoped = tokens.count { lives($0, under: after) && $0.scopes == nil }
        return [change(.policyTightened, key: .requireScopes, path: path, values, affected: unscoped)]
    }

    /// Whether `token` is still within its life under `policy` now.
    private func lives(_ token: IndexedToken, under policy: EffectivePolicy) -> Bool {
        policy.expiry(createdAt: token.createdAt, expiresAt: token.expiresAt).map { now < $0 } ?? true
    }

    private func change(
        _ kind: TokenChange.Kind, key: PolicyKey? = nil, path: String?, _ values: (String?, String?) = (nil, nil),
        affected: Int? = nil
    ) -> TokenChange {
        TokenChange(
            kind: kind, workspace: workspace, id: "", name: "", key: key?.description, path: path,
            before: values.0, after: values.1, affected: affected)
    }
}

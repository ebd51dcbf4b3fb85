import Foundation
import TokenVerification

/// The changes of one policy file between two reads of a data folder: added, deleted, unreadable,
/// rewritten with the same values, and every key old → new.
struct PolicyFileComparison {
    let base: DataFolderPolicies
    let head: DataFolderPolicies

    /// The changes of the policy file of `workspace` (empty: the data folder's own), a regular file
    /// (or absent) on both sides of `entry`.
    func changes(workspace: String, entry: TreeEntryChange) -> [TokenChange] {
        func change(_ kind: TokenChange.Kind, key: String? = nil, before: String? = nil, after: String? = nil)
            -> TokenChange
        {
            TokenChange(
                kind: kind, workspace: workspace, id: "", name: "", key: key, path: entry.path, before: before,
                after: after)
        }
        let old = Self.outcome(of: workspace, in: base)
        let new = Self.outcome(of: workspace, in: head)
        var changes: [TokenChange] = []
        if entry.newMode == "000000" {
            changes.append(change(.policyDeleted))
        } else if case .policy = new {
            if entry.oldMode == "000000" { changes.append(change(.policyAdded)) }
        } else if case .problem(let problem)? = new {
            let position = problem.line.map { "\($0):\(problem.column ?? 0): " } ?? ""
            return [change(.policyUnreadable, after: position + problem.message)]
        } else {
            return [change(.policyUnreadable, after: "does not load")]
        }
        let before = Self.values(of: old)
        let after = Self.values(of: entry.newMode == "000000" ? nil : new)
        for key in PolicyKey.allCases where before[key] != after[key] {
            changes.append(change(.policyKeyChanged, key: key.description, before: before[key], after: after[key]))
        }
        if changes.isEmpty {
            let modeChanged = entry.oldMode != entry.newMode
            changes.append(
                change(
                    .fileRewritten, before: modeChanged ? TreeEntryChange.type(ofMode: entry.oldMode) : nil,
                    after: modeChanged ? TreeEntryChange.type(ofMode: entry.newMode) : nil))
        }
        return changes
    }

    private static func outcome(of workspace: String, in policies: DataFolderPolicies) -> PolicyOutcome? {
        workspace.isEmpty ? policies.root : policies.workspaces[workspace]
    }

    /// Each key the file sets, as written; none for a file that is absent or bad.
    private static func values(of outcome: PolicyOutcome?) -> [PolicyKey: String] {
        guard case .policy(let file)? = outcome else { return [:] }
        var values: [PolicyKey: String] = [:]
        values[.maxLifetime] = file.maxLifetime?.description
        values[.defaultExpiry] = file.defaultExpiry?.description
        values[.allowedScopes] = file.allowedScopes.map { TokenScope.line($0) }
        values[.requireScopes] = file.requireScopes.map { "\($0)" }
        return values
    }
}

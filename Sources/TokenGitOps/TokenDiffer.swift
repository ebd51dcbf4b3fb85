import Foundation
import TokenVerification

/// Compares two reads of a data folder, entry by entry as git lists them, and says what changed.
enum TokenDiffer {
    /// What changed, and the tokens that became active under a hash they did not have before.
    struct Result {
        /// Every change found, unsorted.
        var changes: [TokenChange] = []
        /// Active tokens at the head in files that were added or whose hash changed: the ones to look
        /// up in the history of revocations.
        var newlyActive: [IndexedToken] = []
    }

    /// The changes of `entries` (every path that differs between the two trees), and of each
    /// workspace's effective policy.
    ///
    /// - Parameters:
    ///   - base: The data folder at the base.
    ///   - head: The data folder at the head.
    ///   - entries: The paths that differ, from `git diff --raw`.
    ///   - dataFolder: The data folder's path in the repository (`.` for the top level).
    ///   - now: The time that decides which tokens are active.
    static func compare(
        _ base: TokenIndex, _ head: TokenIndex, entries: [TreeEntryChange], dataFolder: String,
        at now: Date
    ) -> Result {
        let comparison = Comparison(base: base, head: head, now: now)
        let policyFiles = PolicyFileComparison(base: base.policies, head: head.policies)
        var result = Result()
        let prefix = dataFolder == "." ? "" : dataFolder + "/"
        for entry in entries {
            // The data folder itself shows as one entry when it is a symlink or a submodule.
            let isDataFolder = entry.path == dataFolder
            guard isDataFolder || entry.path.hasPrefix(prefix) else {
                result.changes.append(repositoryFileChange(entry))
                continue
            }
            let place = DataFolderPath(relative: isDataFolder ? "" : String(entry.path.dropFirst(prefix.count)))
            let regular =
                TreeEntryChange.isRegularOrAbsent(entry.oldMode) && TreeEntryChange.isRegularOrAbsent(entry.newMode)
            switch place {
            case .tokenFile(let workspace, let fileID) where regular:
                comparison.tokenFile(workspace: workspace, fileID: fileID, entry: entry, into: &result)
            case .policyFile(let workspace) where regular:
                result.changes += policyFiles.changes(workspace: workspace, entry: entry)
            case .keepFile(let workspace) where regular:
                result.changes.append(entryChange(.gitkeepChanged, workspace: workspace, entry))
            default:
                result.changes.append(entryChange(.nonTokenEntry, workspace: place.workspace, entry))
            }
        }
        result.changes += EffectivePolicyComparison.changes(base: base, head: head, at: now)
        return result
    }

    /// A change to a `.gitattributes` file or a hook (the only paths outside the data folder asked for).
    private static func repositoryFileChange(_ entry: TreeEntryChange) -> TokenChange {
        let isAttributes = entry.path == ".gitattributes" || entry.path.hasSuffix("/.gitattributes")
        return entryChange(isAttributes ? .gitattributesChanged : .hooksChanged, workspace: "", entry)
    }

    private static func entryChange(_ kind: TokenChange.Kind, workspace: String, _ entry: TreeEntryChange)
        -> TokenChange
    {
        TokenChange(
            kind: kind, workspace: workspace, id: "", name: "", path: entry.path,
            before: TreeEntryChange.type(ofMode: entry.oldMode), after: TreeEntryChange.type(ofMode: entry.newMode))
    }
}

/// The two reads, indexed for looking up one token file at a time. Every file that parsed counts,
/// the copies of a hash active in two files too: the diff judges them itself.
private struct Comparison {
    let before: [String: IndexedToken]
    let after: [String: IndexedToken]
    let problems: [LoadProblem.Subject: LoadProblem]
    let revokedAtBase: Set<TokenDigest>
    let activeAtHead: [TokenDigest: [IndexedToken]]
    let headPolicies: DataFolderPolicies
    let now: Date

    init(base: TokenIndex, head: TokenIndex, now: Date) {
        let baseTokens = base.tokens(includingRefusedCopies: true)
        let headTokens = head.tokens(includingRefusedCopies: true)
        before = Dictionary(baseTokens.map { (Self.key($0.workspace, $0.id), $0) }) { first, _ in first }
        after = Dictionary(headTokens.map { (Self.key($0.workspace, $0.id), $0) }) { first, _ in first }
        problems = Dictionary(head.problems.compactMap { problem in problem.subject.map { ($0, problem) } }) {
            first, _ in first
        }
        revokedAtBase = Set(baseTokens.filter(\.isRevoked).map(\.hash))
        activeAtHead = Dictionary(grouping: headTokens.filter { $0.isActive(at: now) }, by: \.hash)
        headPolicies = head.policies
        self.now = now
    }

    static func key(_ workspace: String, _ fileID: String) -> String {
        "\(workspace)/\(fileID)"
    }

    /// The changes of one token file that is a regular file (or absent) on both sides.
    func tokenFile(workspace: String, fileID: String, entry: TreeEntryChange, into result: inout TokenDiffer.Result) {
        let key = Self.key(workspace, fileID)
        let old = before[key]
        let new = after[key]
        func change(_ kind: TokenChange.Kind, name: String, before: String? = nil, after: String? = nil) -> TokenChange
        {
            TokenChange(
                kind: kind, workspace: workspace, id: fileID, name: name, path: entry.path, before: before, after: after
            )
        }
        if entry.newMode == "000000" {
            let state = old.map { $0.isRevoked ? "revoked" : "active" } ?? "unreadable"
            result.changes.append(change(.fileDeleted, name: old?.name ?? "", before: state))
            return
        }
        guard let new else {
            let message = problems[.tokenFile(workspace: workspace, fileID: fileID)]?.message ?? "does not load"
            result.changes.append(change(.unreadable, name: "", after: message))
            return
        }
        var changes: [TokenChange]
        if let old {
            changes = TokenRecordComparison.changes(from: old.record, to: new.record, path: entry.path)
            if changes.isEmpty {
                let modeChanged = entry.oldMode != entry.newMode
                changes.append(
                    change(
                        .fileRewritten, name: new.name,
                        before: modeChanged ? TreeEntryChange.type(ofMode: entry.oldMode) : nil,
                        after: modeChanged ? TreeEntryChange.type(ofMode: entry.newMode) : nil))
            }
        } else {
            changes = added(new, path: entry.path)
        }
        result.changes += changes
        guard new.isActive(at: now) else { return }
        if let others = activeAtHead[new.hash]?.filter({ $0.workspace != workspace }), !others.isEmpty {
            let workspaces = others.map(\.workspace).sorted().joined(separator: ", ")
            result.changes.append(change(.activeElsewhere, name: new.name, after: workspaces))
        }
        result.changes += policyBreaches(of: new, was: old, path: entry.path)
        if old == nil || old?.hash != new.hash {
            if revokedAtBase.contains(new.hash) {
                result.changes.append(change(.reactivated, name: new.name))
            } else {
                result.newlyActive.append(new)
            }
        }
    }

    /// What an active token breaks of its workspace's policy at the head that its old version (if
    /// any) did not: a change to the policy alone is judged per workspace, not here.
    private func policyBreaches(of token: IndexedToken, was old: IndexedToken?, path: String) -> [TokenChange] {
        guard !token.isDeniedByPolicy else { return [] }
        let policy = headPolicies.effective(forWorkspace: token.workspace)
        let known = Set((old.map { policy.violations(of: $0.record) } ?? []).map(\.key))
        return policy.violations(of: token.record).filter { !known.contains($0.key) }.map { violation in
            TokenChange(
                kind: .breaksPolicy, workspace: token.workspace, id: token.id, name: token.name,
                key: violation.key.description, path: path, after: "\(violation.path): \(violation.message)")
        }
    }

    private func added(_ token: IndexedToken, path: String) -> [TokenChange] {
        let record = token.record
        var changes: [TokenChange] = []
        var created = TokenChange(
            kind: .generated, workspace: record.workspace, id: record.id, name: record.name, actor: record.createdBy,
            path: path, after: UTCTimestamp.formatExpiry(record.expiresAt), scopes: record.scopes)
        if let predecessor = record.rotatedFrom, before[Self.key(record.workspace, predecessor)] != nil {
            created.kind = .rotated
            created.before = predecessor
        }
        changes.append(created)
        if let revocation = record.revocation {
            changes.append(
                TokenChange(
                    kind: .revoked, workspace: record.workspace, id: record.id, name: record.name,
                    actor: revocation.revokedBy, path: path))
        } else if record.expiresAt == nil {
            changes.append(
                TokenChange(
                    kind: .neverExpiring, workspace: record.workspace, id: record.id, name: record.name, path: path))
        }
        return changes
    }
}

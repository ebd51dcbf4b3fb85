import TokenGitOps
import TokenVerification

/// The words for each kind of token change, shared by the text and Markdown reports.
enum DiffWording {
    /// The section title: `Generated`, `Tombstone removed`, ….
    static func title(_ kind: TokenChange.Kind) -> String {
        switch kind {
        case .generated: "Generated"
        case .revoked: "Revoked"
        case .rotated: "Rotated"
        case .expiryShortened: "Expiry shortened"
        case .renamed: "Renamed"
        case .keyChanged: "Key changed"
        case .fileRewritten: "File rewritten"
        case .gitkeepChanged: "Gitkeep changed"
        case .policyAdded: "Policy file added"
        case .policyKeyChanged: "Policy key changed"
        case .policyTightened: "Policy tightened"
        case .tombstoneRemoved: "Tombstone removed"
        case .reactivated: "Revoked token re-activated"
        case .revokedInHistory: "Revoked in history"
        case .activeElsewhere: "Active in another workspace"
        case .hashChanged: "Hash changed"
        case .fileDeleted: "Token file deleted"
        case .expiryExtended: "Expiry extended"
        case .scopesGrown: "Scopes grown"
        case .createdAtLater: "Created_at moved later"
        case .neverExpiring: "Never-expiring token added"
        case .breaksPolicy: "Breaks policy"
        case .policyLoosened: "Policy loosened"
        case .policyDeleted: "Policy file deleted"
        case .nonTokenEntry: "Non-token entry"
        case .unreadable: "Unreadable token file"
        case .policyUnreadable: "Unreadable policy file"
        case .gitattributesChanged: ".gitattributes changed"
        case .hooksChanged: "Hook changed"
        case .historyIncomplete: "History incomplete"
        }
    }

    /// The text-report heading of a workspace's changes: the slug, or a label for the rest.
    static func heading(_ workspace: String) -> String {
        workspace.isEmpty ? "(outside workspaces)" : workspace
    }

    /// One phrase with the change's particulars.
    static func detail(_ change: TokenChange) -> String {
        let actor = change.actor ?? "unknown"
        let before = change.before ?? ""
        let after = change.after ?? ""
        let path = change.path ?? ""
        let scopes = change.scopes.map { ", scopes \(TokenScope.line($0))" } ?? ""
        switch change.kind {
        case .generated: return "by \(actor), expires \(after)\(scopes)"
        case .revoked: return "by \(actor)"
        case .rotated: return "replaces \(before), by \(actor), expires \(after)\(scopes)"
        case .expiryShortened, .expiryExtended: return "\(before) -> \(after)"
        case .renamed: return "was \"\(before)\""
        case .keyChanged where change.key == "scopes", .scopesGrown:
            return "scopes \(change.before ?? "(unscoped)") -> \(change.after ?? "(unscoped)")"
        case .keyChanged: return "\(change.key ?? "key"): \(change.before ?? "(none)") -> \(change.after ?? "(none)")"
        case .fileRewritten:
            let file = change.id.isEmpty ? "\(path): " : ""
            return file + (change.before == nil ? "same values, other bytes" : "same values, \(before) -> \(after)")
        case .policyAdded: return path
        case .policyKeyChanged:
            return "\(path): \(change.key ?? "key"): \(change.before ?? "(none)") -> \(change.after ?? "(none)")"
        case .policyTightened, .policyLoosened: return PolicyWording.effectiveChange(change)
        case .breaksPolicy: return "breaks \(after)"
        case .policyDeleted: return "\(path): its keys no longer apply"
        case .policyUnreadable: return "\(path): every token it governs grants nothing: \(after)"
        case .gitkeepChanged, .nonTokenEntry, .gitattributesChanged, .hooksChanged:
            return "\(path): \(entryChange(before, after))"
        case .tombstoneRemoved: return "was revoked by \(actor), now active again"
        case .reactivated: return "revoked at the base, active here in another file"
        case .revokedInHistory: return "this hash was revoked earlier in the repository's history, active here again"
        case .activeElsewhere: return "the same hash also stands active in \(after)"
        case .hashChanged:
            return "a different secret under id \(change.id): \(before.suffix(12)) -> \(after.suffix(12)) (last digits)"
        case .fileDeleted:
            let token = before == "active" ? "an active" : before == "revoked" ? "a revoked" : "an unreadable"
            return "the file of \(token) token was deleted; revoke instead"
        case .createdAtLater: return "\(before) -> \(after): lengthens the token's life under a max_lifetime"
        case .neverExpiring: return "expires never"
        case .unreadable: return "grants nothing: \(after)"
        case .historyIncomplete:
            return "shallow clone: revocations before its first commit were not checked (git fetch --unshallow)"
        }
    }

    /// `file added`, `symlink deleted` or `file -> symlink`.
    private static func entryChange(_ before: String, _ after: String) -> String {
        switch (before, after) {
        case ("absent", _): "\(after) added"
        case (_, "absent"): "\(before) deleted"
        case _ where before == after: "\(after) changed"
        default: "\(before) -> \(after)"
        }
    }
}

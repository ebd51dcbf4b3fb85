import TokenGitOps

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
        case .tombstoneRemoved: "Tombstone removed"
        case .reactivated: "Revoked token re-activated"
        case .fileDeleted: "Token file deleted"
        case .expiryExtended: "Expiry extended"
        case .neverExpiring: "Never-expiring token added"
        case .unreadable: "Unreadable token file"
        }
    }

    /// One phrase with the change's particulars.
    static func detail(_ change: TokenChange) -> String {
        let actor = change.actor ?? "unknown"
        let before = change.before ?? ""
        let after = change.after ?? ""
        switch change.kind {
        case .generated: return "by \(actor), expires \(after)"
        case .revoked: return "by \(actor)"
        case .rotated: return "replaces \(before), by \(actor), expires \(after)"
        case .expiryShortened, .expiryExtended: return "\(before) -> \(after)"
        case .renamed: return "was \"\(before)\""
        case .tombstoneRemoved: return "was revoked by \(actor), now active again"
        case .reactivated: return "revoked at the base, active here in another file"
        case .fileDeleted:
            return "the file of a\(before == "active" ? "n active" : " revoked") token was deleted; revoke instead"
        case .neverExpiring: return "expires never"
        case .unreadable: return "grants nothing: \(after)"
        }
    }
}

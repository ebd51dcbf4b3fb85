import TokenGitOps

/// The words for a change of a workspace's effective policy, in `diff`'s reports.
enum PolicyWording {
    /// `max_lifetime 90d -> 30d (workspace/policy.yaml): would expire 3 active tokens now`, and the
    /// like for each key; for a bad policy file, what it denies or lets grant again.
    static func effectiveChange(_ change: TokenChange) -> String {
        let path = change.path ?? ""
        let affected = change.affected ?? 0
        let tightened = change.kind == .policyTightened
        guard let key = change.key else {
            return tightened
                ? "\(path) does not load: the workspace's \(tokens(affected)) would grant nothing until it is fixed"
                : "\(path) loads again: \(tokens(affected)) grant again"
        }
        let shown = "\(key) \(value(change.before, of: key)) -> \(value(change.after, of: key)) (\(path))"
        switch (key, tightened) {
        case ("max_lifetime", true):
            return "\(shown): would expire \(tokens(affected)) now"
        case ("allowed_scopes", true):
            let dropped = names(change.before).subtracting(names(change.after)).sorted()
            let what = change.before == nil ? "grants only these" : "no longer allows \(dropped.joined(separator: " "))"
            return "\(shown): \(what); would deny scopes to \(tokens(affected))"
        case ("allowed_scopes", false):
            guard change.after != nil else { return "\(shown): every scope a token names is granted" }
            let added = names(change.after).subtracting(names(change.before)).sorted()
            return "\(shown): allows \(added.joined(separator: " "))"
        case ("require_scopes", true):
            return "\(shown): \(tokens(affected, "unscoped")) would fail every scope check"
        default:
            return shown
        }
    }

    /// A key's value as shown, or what its absence means.
    private static func value(_ value: String?, of key: String) -> String {
        guard let value else {
            return switch key {
            case "max_lifetime": "never"
            case "allowed_scopes": "(any scope)"
            case "require_scopes": "false"
            default: "(none)"
            }
        }
        return value
    }

    private static func names(_ line: String?) -> Set<Substring> {
        Set((line ?? "").split(separator: " "))
    }

    /// `1 active token`, `3 active unscoped tokens`.
    private static func tokens(_ count: Int, _ kind: String = "") -> String {
        "\(count) active \(kind.isEmpty ? "" : kind + " ")token\(count == 1 ? "" : "s")"
    }
}

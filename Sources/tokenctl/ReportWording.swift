import Foundation
import TokenVerification

/// The words of `report`, shared by its text and Markdown forms; repository strings are left for
/// each form to escape.
enum ReportWording {
    /// `2 expiring within 14d, 3 idle for 90d, 1 never expiring, 0 breaking policy`, with `idle
    /// unknown` when there is no usage data.
    static func summary(_ report: TokenReport) -> String {
        let idle = report.idle.map { "\($0.count) idle for \(report.idleFor)" } ?? "idle unknown"
        return "\(report.expiring.count) expiring within \(report.expiringWithin), \(idle), "
            + "\(report.neverExpiring.count) never expiring, \(report.breaches.count) breaking policy"
    }

    /// The section titles, in the order the report gives them.
    static func expiringTitle(_ report: TokenReport) -> String { "Expiring within \(report.expiringWithin)" }
    static func idleTitle(_ report: TokenReport) -> String {
        "Idle for \(report.idleFor), or never used since tracking began"
    }
    static let neverExpiringTitle = "Never expiring"
    static let breachesTitle = "Breaking their workspace's policy"
    static let leftOutTitle = "Left out"

    /// Where the usage data comes from: `3 usage files merged; tracking since …`, or why there is none.
    static func usage(_ report: TokenReport) -> String {
        guard let since = report.usage.trackingSince else {
            let none =
                switch report.usageFilesGiven {
                case 0: "no usage file given"
                case 1: "the usage file given is left out"
                default: "all \(report.usageFilesGiven) usage files given are left out"
                }
            return "\(none), so idle tokens are unknown: pass --usage FILE with each replica's GET /v1/usage"
        }
        return "\(counted(report.usage.files.count, "usage file")) merged; tracking since \(UTCTimestamp.format(since))"
            + (report.usage.files.count < report.usageFilesGiven
                ? " (tokens used only where a file was left out may show as idle)" : "")
    }

    /// `replica-1.json: 310 tokens used, tracking since …, generated …`.
    static func usageFile(_ file: MergedUsage.File) -> String {
        "\(TokenFormat.maskingTokenShapes(in: file.path)): \(counted(file.entries, "token")) used, tracking since "
            + "\(UTCTimestamp.format(file.trackingSince)), generated \(UTCTimestamp.format(file.generatedAt))"
    }

    /// `2026-12-05T00:00:00Z, in 4 days`, with `by max_lifetime` when the policy ends the token before
    /// its `expires_at`, and `; rotated, replaced by …` for the old token of a rotation.
    static func detail(_ entry: TokenReport.Expiring, at now: Date) -> String {
        let byPolicy = entry.token.expiresAt == entry.expiresAt ? "" : " by max_lifetime"
        let rotation = entry.replacedBy.map { "; rotated, replaced by \($0)" } ?? ""
        return "\(UTCTimestamp.format(entry.expiresAt))\(byPolicy), in \(span(entry.expiresAt.timeIntervalSince(now)))"
            + rotation
    }

    /// `last used …, 122 days ago`, `not used since tracking began, …`, or `never used; created …`.
    static func detail(_ entry: TokenReport.Idle, at now: Date) -> String {
        let ago = "\(span(now.timeIntervalSince(entry.unusedSince))) ago"
        let when = UTCTimestamp.format(entry.unusedSince)
        if entry.lastUsed != nil { return "last used \(when), \(ago)" }
        if entry.unusedSince == entry.token.createdAt { return "never used; created \(when), \(ago)" }
        return "not used since tracking began, \(when), \(ago)"
    }

    /// `created … by alice@example.com`.
    static func detail(neverExpiring token: IndexedToken) -> String {
        "created \(UTCTimestamp.format(token.createdAt)) by \(token.createdBy)"
    }

    /// `workspace/policy.yaml: never expires, over max_lifetime 90d`, each broken key in turn.
    static func detail(_ entry: TokenReport.Breach) -> String {
        entry.violations.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
    }

    /// `4 days`, `5 hours`, `less than an hour`: whole days from two days on, else whole hours.
    static func span(_ seconds: TimeInterval) -> String {
        let hours = Int(max(seconds, 0) / 3_600)
        if hours >= 48 { return "\(hours / 24) days" }
        return hours == 0 ? "less than an hour" : counted(hours, "hour")
    }

    /// `1 token`, `3 tokens`.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

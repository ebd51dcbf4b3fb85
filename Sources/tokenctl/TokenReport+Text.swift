import TextEscaping
import TokenVerification

extension TokenReport {
    /// For a terminal: a heading line with the counts, the usage data, what was left out, then each
    /// section as a title and one indented line per token (`none` when empty); every repository string
    /// escaped.
    func text() -> [String] {
        var lines = ["tokenctl report at \(UTCTimestamp.format(now)): \(ReportWording.summary(self))"]
        lines.append("usage: \(TerminalText.escaped(ReportWording.usage(self)))")
        lines += usage.files.map { "  \(TerminalText.escaped(ReportWording.usageFile($0)))" }
        if !leftOut.isEmpty {
            lines +=
                ["", "\(ReportWording.leftOutTitle) (\(leftOut.count))"]
                + leftOut.map { "  \(TerminalText.escaped($0))" }
        }
        lines += section(
            ReportWording.expiringTitle(self),
            expiring.map { ($0.token, "expires " + ReportWording.detail($0, at: now)) })
        if let idle {
            lines += section(ReportWording.idleTitle(self), idle.map { ($0.token, ReportWording.detail($0, at: now)) })
        } else {
            lines += ["", "\(ReportWording.idleTitle(self)): unknown, no usage data"]
        }
        lines += section(
            ReportWording.neverExpiringTitle, neverExpiring.map { ($0, ReportWording.detail(neverExpiring: $0)) })
        lines += section(ReportWording.breachesTitle, breaches.map { ($0.token, "breaks " + ReportWording.detail($0)) })
        return lines
    }

    /// A blank line, `Title (2)`, then `  acme 5e884898da28 "CRM Integration": detail` per token.
    private func section(_ title: String, _ rows: [(token: IndexedToken, detail: String)]) -> [String] {
        var lines = ["", "\(title) (\(rows.count))"]
        for (token, detail) in rows {
            lines.append(
                "  \(TerminalText.escaped(token.workspace)) \(TerminalText.escaped(token.id)) "
                    + "\(TerminalText.quoted(token.name)): \(TerminalText.escaped(detail))")
        }
        if rows.isEmpty { lines.append("  none") }
        return lines
    }
}

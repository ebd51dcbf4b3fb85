import TextEscaping
import TokenVerification

extension TokenReport {
    /// An issue body: a summary line, the usage data, what was left out, then a table per section
    /// (`None.` when empty); every repository string escaped, so none can break a table row or add
    /// HTML, a link or a mention.
    func markdown() -> [String] {
        var lines = [
            "**tokenctl report** at \(UTCTimestamp.format(now)): \(MarkdownText.escaped(ReportWording.summary(self)))",
            "",
            "Usage: \(MarkdownText.escaped(ReportWording.usage(self))).",
        ]
        if !usage.files.isEmpty {
            lines += [""] + usage.files.map { "- \(MarkdownText.escaped(ReportWording.usageFile($0)))" }
        }
        if !leftOut.isEmpty {
            lines += ["", "#### ⚠️ \(ReportWording.leftOutTitle) (\(leftOut.count))", ""]
            lines += leftOut.map { "- \(MarkdownText.escaped($0))" }
        }
        lines += section(
            ReportWording.expiringTitle(self), "Expires",
            expiring.map { ($0.token, ReportWording.detail($0, at: now)) })
        if let idle {
            lines += section(
                ReportWording.idleTitle(self), "Last used", idle.map { ($0.token, ReportWording.detail($0, at: now)) })
        } else {
            lines += ["", "#### \(MarkdownText.escaped(ReportWording.idleTitle(self)))", "", "Unknown: no usage data."]
        }
        lines += section(
            ReportWording.neverExpiringTitle, "Created",
            neverExpiring.map { ($0, ReportWording.detail(neverExpiring: $0)) })
        lines += section(ReportWording.breachesTitle, "Breaks", breaches.map { ($0.token, ReportWording.detail($0)) })
        return lines
    }

    /// `#### Title (2)` and a table of workspace, token id, name and `column`.
    private func section(_ title: String, _ column: String, _ rows: [(token: IndexedToken, detail: String)])
        -> [String]
    {
        var lines = ["", "#### \(MarkdownText.escaped(title)) (\(rows.count))", ""]
        guard !rows.isEmpty else { return lines + ["None."] }
        lines += ["| Workspace | Token | Name | \(column) |", "|---|---|---|---|"]
        for (token, detail) in rows {
            lines.append(
                "| \(MarkdownText.escaped(token.workspace)) | \(MarkdownText.code(token.id, inTableCell: true)) "
                    + "| \(MarkdownText.escaped(token.name)) | \(MarkdownText.escaped(detail)) |")
        }
        return lines
    }
}

import TextEscaping
import TokenGitOps

/// The changes between two revisions, printed as text, Markdown or JSON.
struct DiffReport {
    var base: String
    var head: String
    var changes: [TokenChange]

    /// `2 generated, 1 revoked, 3 warnings`, or `no token changes`.
    var summary: String {
        let counts = TokenChange.Kind.allCases.filter { !$0.isWarning }.compactMap { kind -> String? in
            let count = changes.filter { $0.kind == kind }.count
            return count == 0 ? nil : "\(count) \(DiffWording.title(kind).lowercased())"
        }
        let warnings = changes.filter(\.kind.isWarning).count
        let parts = counts + (warnings == 0 ? [] : ["\(warnings) warning\(warnings == 1 ? "" : "s")"])
        return parts.isEmpty ? "no token changes" : parts.joined(separator: ", ")
    }

    /// A heading line, then per workspace one indented line per change; every repository string and
    /// ref escaped for the terminal.
    func text() -> [String] {
        var lines = ["tokens \(TerminalText.escaped(base))..\(TerminalText.escaped(head)): \(summary)"]
        let width = changes.map { label($0.kind).count }.max() ?? 0
        for workspace in workspaces {
            lines.append(TerminalText.escaped(DiffWording.heading(workspace)))
            for change in changes where change.workspace == workspace {
                let title = label(change.kind)
                let padding = String(repeating: " ", count: width - title.count + 2)
                let name = change.name.isEmpty ? "" : " \(TerminalText.quoted(change.name))"
                let subject = change.id.isEmpty && name.isEmpty ? "" : "\(TerminalText.escaped(change.id))\(name): "
                lines.append("  \(title)\(padding)\(subject)\(TerminalText.escaped(DiffWording.detail(change)))")
            }
        }
        return lines
    }

    /// A pull-request comment: a summary line, then a table per kind of change, warnings first; every
    /// repository string and ref escaped, so none can break a table row or add HTML, a link or a mention.
    func markdown() -> [String] {
        var lines = [
            "**tokenctl diff** \(MarkdownText.code(base, inTableCell: false)) → \(MarkdownText.code(head, inTableCell: false)): \(summary)"
        ]
        let warningKinds = TokenChange.Kind.allCases.filter(\.isWarning)
        let sections =
            [("⚠️ Warnings", warningKinds)]
            + TokenChange.Kind.allCases.filter { !$0.isWarning }.map { (DiffWording.title($0), [$0]) }
        for (title, kinds) in sections {
            let rows = changes.filter { kinds.contains($0.kind) }
            guard !rows.isEmpty else { continue }
            lines += ["", "#### \(title)", "", "| Workspace | Token | Name | Change |", "|---|---|---|---|"]
            for change in rows {
                let what =
                    (change.kind.isWarning ? DiffWording.title(change.kind) + ": " : "") + DiffWording.detail(change)
                lines.append(
                    "| \(MarkdownText.escaped(change.workspace)) | \(change.id.isEmpty ? "" : MarkdownText.code(change.id, inTableCell: true)) | \(MarkdownText.escaped(change.name)) | \(MarkdownText.escaped(what)) |"
                )
            }
        }
        return lines
    }

    /// One JSON object: `base`, `head`, `summary` (a count for every kind, and `warnings`) and `changes`.
    func json() -> String {
        var counts = Dictionary(uniqueKeysWithValues: TokenChange.Kind.allCases.map { ($0.rawValue, 0) })
        for change in changes {
            counts[change.kind.rawValue, default: 0] += 1
        }
        counts["warnings"] = changes.filter(\.kind.isWarning).count
        return TokenJSON.encode(
            DiffJSON(base: base, head: head, summary: counts, changes: changes.map(DiffJSON.Change.init)))
    }

    private var workspaces: [String] {
        Array(Set(changes.map(\.workspace))).sorted()
    }

    private func label(_ kind: TokenChange.Kind) -> String {
        (kind.isWarning ? "warning: " : "") + DiffWording.title(kind).lowercased()
    }
}

/// The stable JSON shape of `diff --format json`.
private struct DiffJSON: Encodable {
    struct Change: Encodable {
        var kind: String
        var warning: Bool
        var workspace: String
        var id: String
        var name: String
        var actor: String?
        var key: String?
        var path: String?
        var before: String?
        var after: String?
        var scopes: [String]?
        var affected: Int?

        init(_ change: TokenChange) {
            kind = change.kind.rawValue
            warning = change.kind.isWarning
            workspace = change.workspace
            id = change.id
            name = change.name
            actor = change.actor
            key = change.key
            path = change.path
            before = change.before
            after = change.after
            scopes = change.scopes
            affected = change.affected
        }
    }

    var base: String
    var head: String
    var summary: [String: Int]
    var changes: [Change]
}

import Foundation
import TestSupport
import Testing
import TokenVerification

/// File names, folder names and token fields written to attack the reviewer's screen: the Markdown of
/// a pull-request comment and the terminal. Each must be shown escaped, never interpreted.
@Suite("Repository strings are escaped in Markdown and on terminals")
struct HostileRepositoryStringTests {
    /// File and folder names git accepts (any bytes but NUL and `/`), each an attack on one renderer.
    /// None holds a `.`: the id shown for an unreadable file is its name up to the first dot. As a
    /// folder name, each is not a workspace slug, so `diff` shows it as a non-token entry by its path.
    static let hostileFileNames = [
        "x` | | |\n\n**All clear:** nothing to review\n\n<!--",
        "\u{1B}[2Jscreen cleared",
        "\u{1B}]8;;https:evil-example\u{7}hyperlink\u{1B}]8;;\u{7}",
        "c1 \u{9B}31m csi",
        "bidi \u{202E}gnp\u{2066}x\u{2069}",
        "zero\u{200B}width\u{FEFF}bom",
        "back`tick``s",
        "pi|pe",
        "<!-- hidden",
        "[x](https:evil)",
        "@org",
        "line\nbreak",
        "carriage\rreturn",
        "delete\u{7F}me",
        "pipe|\u{338}mark",
    ]

    /// Token names and creators that are valid in a token file but hostile in Markdown.
    static let hostileFields = [
        "x | y <!-- z", "[x](http://evil)", "@org/team", "`code` *bold* _it_ ~~s~~", "\u{202E}evil", "www.evil.com",
        "$\\color{red}{x}$", "&lt;b&gt; #1",
    ]

    /// A repository whose base holds one token and whose work tree adds hostile file names, a hostile
    /// workspace folder, tokens with hostile fields, and two ordinary warnings that must stay visible.
    static func repository() throws -> GitRepository {
        let repository = try GitRepository()
        let data = "\(repository.path)/workspace"
        let (kept, _) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "Kept", hash: kept.hash), in: data)
        try repository.commitAll("base")
        _ = try repository.git("tag", "base")
        for name in hostileFileNames {
            _ = try repository.directory.write("workspace/acme/\(name).yaml", "version: 1\n")
            _ = try repository.directory.write("workspace/\(name)/0123456789ab.yaml", "version: 1\n")
        }
        for field in hostileFields {
            let (secret, _) = try TestTokens.secret()
            var record = TestTokens.record(name: field, hash: secret.hash)
            record.createdBy = field
            try TestTokens.plant(record, in: data)
        }
        let (forever, _) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "Forever After", hash: forever.hash, expiresAt: nil), in: data)
        return repository
    }

    /// The scalars a terminal would act on or hide: controls but the line feed, format characters
    /// (bidi, zero-width), and line or paragraph separators.
    static func terminalUnsafe(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            guard scalar != "\n" else { return false }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    /// Whether the character at `index` is preceded by an odd number of backslashes.
    static func isEscaped(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var count = 0
        var position = index - 1
        while position >= 0 && scalars[position] == "\\" {
            count += 1
            position -= 1
        }
        return count % 2 == 1
    }

    /// A table row's cells, split on the pipes GitHub's table parser splits on (any pipe not right
    /// after a backslash), without the outer empty ones.
    static func cells(_ row: String) -> [[Unicode.Scalar]] {
        let scalars = Array(row.unicodeScalars)
        var cells: [[Unicode.Scalar]] = [[]]
        for (index, scalar) in scalars.enumerated() {
            if scalar == "|" && !(index > 0 && scalars[index - 1] == "\\") {
                cells.append([])
            } else {
                cells[cells.count - 1].append(scalar)
            }
        }
        return Array(cells.dropFirst().dropLast())
    }

    /// What is wrong with a Markdown table cell of plain text, or nothing.
    static func plainCellProblems(_ cell: [Unicode.Scalar]) -> [String] {
        var problems: [String] = []
        let text = String(String.UnicodeScalarView(cell))
        let entities = ["&lt;", "&gt;", "&amp;", "&#8203;"]
        var index = 0
        while index < cell.count {
            let rest = String(String.UnicodeScalarView(cell[index...]))
            switch cell[index] {
            case "<", ">": problems.append("raw \(cell[index])")
            case "`", "[", "]", "*", "_", "~", "$":
                if !isEscaped(cell, at: index) { problems.append("unescaped \(cell[index])") }
            case "@", "#":
                if !rest.dropFirst().hasPrefix("&#8203;") {
                    problems.append("\(cell[index]) not broken by a zero-width space")
                }
            case "&":
                if let entity = entities.first(where: { rest.hasPrefix($0) }) {
                    index += entity.unicodeScalars.count - 1
                } else {
                    problems.append("an entity the escaping did not write")
                }
            default: break
            }
            index += 1
        }
        for link in ["://", "www."] where text.lowercased().contains(link) {
            problems.append("autolink \(link)")
        }
        return problems
    }

    /// What is wrong with a Markdown table cell that should be one code span (or empty, for an entry
    /// that is not a token file), or nothing.
    static func codeCellProblems(_ cell: [Unicode.Scalar]) -> [String] {
        let text = String(String.UnicodeScalarView(cell)).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        let fence = String(text.prefix { $0 == "`" })
        guard !fence.isEmpty, text.count > 2 * fence.count, text.hasSuffix(fence) else {
            return ["not a code span: \(text)"]
        }
        let inner = text.dropFirst(fence.count).dropLast(fence.count)
        let runs = inner.split { $0 != "`" }.map(\.count)
        return runs.contains(fence.count) || inner.hasPrefix("`") || inner.hasSuffix("`")
            ? ["a backtick closes the code span: \(text)"] : []
    }

    @Test("diff --format markdown: every row is one intact table row; nothing opens HTML, a link or a mention")
    func markdownTables() throws {
        let repository = try Self.repository()
        let markdown = try repository.tokenctl("diff", "base", "--format", "markdown")
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let json = try repository.tokenctl("diff", "base", "--format", "json")
        let changes =
            try #require(
                try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])["changes"]
            as? [[String: Any]]
        #expect(Self.terminalUnsafe(markdown.stdout).isEmpty)
        let lines = markdown.stdout.split(separator: "\n").map(String.init)
        let rows = lines.filter {
            $0.hasPrefix("|") && $0 != "| Workspace | Token | Name | Change |" && $0 != "|---|---|---|---|"
        }
        // `<` stays literal only inside a code span (the Token column, checked below); nowhere else.
        #expect(lines.filter { !$0.hasPrefix("|") && $0.contains("<") }.isEmpty)
        #expect(rows.count == changes?.count, "one row per change, none swallowed or added")
        #expect(rows.count >= 2 * Self.hostileFileNames.count + Self.hostileFields.count)
        for row in rows {
            let cells = Self.cells(row)
            #expect(cells.count == 4, "\(row)")
            guard cells.count == 4 else { continue }
            let problems =
                Self.plainCellProblems(cells[0]) + Self.codeCellProblems(cells[1]) + Self.plainCellProblems(cells[2])
                + Self.plainCellProblems(cells[3])
            #expect(problems.isEmpty, "\(row)")
        }
        #expect(rows.contains { $0.contains("Never-expiring token added") && $0.contains("Forever After") })
        #expect(rows.filter { $0.contains("Unreadable token file") }.count == Self.hostileFileNames.count)
        #expect(rows.filter { $0.contains("Non-token entry") }.count == Self.hostileFileNames.count)
    }

    @Test("diff as text and JSON: no escape sequence reaches the terminal; JSON carries the raw names")
    func diffTextAndJSON() throws {
        let repository = try Self.repository()
        let text = try repository.tokenctl("diff", "base")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(Self.terminalUnsafe(text.stdout + text.stderr).isEmpty, "\(Self.terminalUnsafe(text.stdout))")
        #expect(text.stdout.contains("\\u{1B}[2Jscreen cleared"), "escapes are shown, not hidden")
        let lines = text.stdout.split(separator: "\n")
        let changeCount = 2 * Self.hostileFileNames.count + Self.hostileFields.count + 2
        #expect(lines.count == 1 + 2 + changeCount, "a heading, two workspaces, one line per change")

        let json = try repository.tokenctl("diff", "base", "--format", "json")
        let report = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let changes = try #require(report["changes"] as? [[String: Any]])
        let ids = changes.compactMap { $0["id"] as? String }
        let paths = changes.compactMap { $0["path"] as? String }
        for name in Self.hostileFileNames {
            #expect(ids.filter { $0 == name }.count == 1, "the file: \(name.debugDescription)")
            #expect(paths.contains("workspace/\(name)/0123456789ab.yaml"), "the folder: \(name.debugDescription)")
        }
        #expect(!json.stdout.contains("\u{1B}"), "JSON escapes controls by its own rules")
    }

    @Test("diff shows hostile refs given on the command line escaped")
    func hostileRefs() throws {
        let repository = try Self.repository()
        _ = try repository.git("tag", "v1|`x`<!--@org")
        let markdown = try repository.tokenctl("diff", "base", "v1|`x`<!--@org", "--format", "markdown")
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let heading = try #require(markdown.stdout.split(separator: "\n").first)
        #expect(heading.hasPrefix("**tokenctl diff** `base` → ``v1|`x`<!--@org``:"), "code is literal: \(heading)")
        let unknown = try repository.tokenctl("diff", "no\u{1B}[2Jsuch")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "tokenctl: error: unknown revision no\\u{1B}[2Jsuch\n")
    }

    @Test("check and list: problems and tables show hostile names escaped on stdout and stderr")
    func checkAndList() throws {
        let repository = try Self.repository()
        try repository.commitAll("head")
        let check = try repository.tokenctl("check")
        #expect(check.status == 1)
        #expect(Self.terminalUnsafe(check.stdout + check.stderr).isEmpty, "\(Self.terminalUnsafe(check.stdout))")
        #expect(check.stdout.contains("\\u{1B}]8;;https:evil-example\\u{7}hyperlink"))
        let problemLines = check.stdout.split(separator: "\n").filter { $0.hasPrefix("workspace/") }
        #expect(problemLines.count == 2 * Self.hostileFileNames.count, "one line per bad file, none split")

        let list = try repository.tokenctl("list")
        #expect(list.status == 1)
        #expect(Self.terminalUnsafe(list.stdout + list.stderr).isEmpty, "\(Self.terminalUnsafe(list.stderr))")
        #expect(list.stdout.split(separator: "\n").count == 1 + 1 + Self.hostileFields.count + 1)
        #expect(list.stderr.split(separator: "\n").count == 2 * Self.hostileFileNames.count + 1)
        #expect(list.stderr.contains("\\u{202E}gnp\\u{2066}x\\u{2069}"))
    }
}

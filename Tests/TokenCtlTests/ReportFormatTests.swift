import Foundation
import TestSupport
import Testing
import TokenVerification

/// `tokenctl report` as text, Markdown and JSON: hostile names escaped for each, and no secret or
/// hash in any.
@Suite("report: text, Markdown and JSON")
struct ReportFormatTests {
    static let day = ReportFixture.day

    /// Names valid in a token file and hostile in Markdown or on a terminal.
    static let hostileNames =
        HostileRepositoryStringTests.hostileFields + [
            "pipe | `tick` <script>alert(1)</script>", "tab\there", "``` fence", "\\| escaped pipe", "@here #1",
        ]

    /// A repository with a token of each hostile name (also as its creator) in every section, and a usage
    /// file whose path is hostile too.
    static func scene() throws -> (fixture: ReportFixture, usage: String, bad: String) {
        let fixture = try ReportFixture()
        let tokens = fixture.tokens
        try tokens.policy("strict", "require_scopes: true")
        for name in hostileNames {
            for (workspace, lifetime) in [("acme", nil), ("acme", 200 * Self.day), ("strict", 95 * Self.day)] {
                var record = try tokens.record(name, workspace: workspace, age: 90 * Self.day, lifetime: lifetime)
                record.createdBy = name
                try tokens.token(record)
            }
        }
        try tokens.repository.commitAll("tokens")
        let usage = try fixture.usage("usage |`x`<b>@org.json", trackingAge: 30 * Self.day, uses: [])
        let bad = try fixture.usageFolder.write("bad <!-- | ` [x](https://evil).json", "{")
        return (fixture, usage, bad)
    }

    @Test("Markdown: every row is one intact four-cell table row; no name opens HTML, a link, code or a mention")
    func markdown() throws {
        let (fixture, usage, bad) = try Self.scene()
        let result = try fixture.report(["--usage", usage, "--usage", bad, "--format", "markdown"])
        #expect(result.status == 1, "the bad usage file")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let headers = [
            "| Workspace | Token | Name | Expires |", "| Workspace | Token | Name | Last used |",
            "| Workspace | Token | Name | Created |", "| Workspace | Token | Name | Breaks |",
        ]
        #expect(lines.filter { headers.contains($0) }.count == 4, "\(result.stdout)")
        let rows = lines.filter { $0.hasPrefix("|") && !headers.contains($0) && $0 != "|---|---|---|---|" }
        let count = Self.hostileNames.count
        // Expiring: strict's; idle: all three; never expiring: acme's first; breaking policy: strict's.
        #expect(rows.count == count * (1 + 3 + 1 + 1), "\(rows.count) rows")
        for row in rows {
            let cells = HostileRepositoryStringTests.cells(row)
            #expect(cells.count == 4, "\(row)")
            guard cells.count == 4 else { continue }
            let problems =
                HostileRepositoryStringTests.plainCellProblems(cells[0])
                + HostileRepositoryStringTests.codeCellProblems(cells[1])
                + HostileRepositoryStringTests.plainCellProblems(cells[2])
                + HostileRepositoryStringTests.plainCellProblems(cells[3])
            #expect(problems.isEmpty, "\(row): \(problems)")
        }
        let prose = lines.filter { !$0.hasPrefix("|") }
        #expect(HostileRepositoryStringTests.terminalUnsafe(result.stdout).isEmpty)
        for line in prose where !line.hasPrefix("#### ") && !line.isEmpty {
            let text = line.hasPrefix("- ") ? String(line.dropFirst(2)) : line
            let problems = HostileRepositoryStringTests.plainCellProblems(Array(text.unicodeScalars))
            #expect(problems.filter { !$0.hasPrefix("unescaped *") }.isEmpty, "\(line): \(problems)")
        }
        let usageLine =
            "/usage \\|\\`x\\`&lt;b&gt;@&#8203;org.json: 0 tokens used, tracking since "
            + "\(UTCTimestamp.format(fixture.ago(30 * Self.day))), generated \(UTCTimestamp.format(fixture.start))"
        #expect(prose.contains { $0.hasPrefix("- /") && $0.hasSuffix(usageLine) }, "\(prose)")
        #expect(prose.contains("#### ⚠️ Left out (1)"))
        #expect(rows.contains { $0.contains("| tab\\\\there |") }, "a tab is shown as \\t")
    }

    @Test("Text escapes every control and invisible character; JSON carries the names as they are")
    func textAndJSON() throws {
        let (fixture, usage, _) = try Self.scene()
        let text = try fixture.report(["--usage", usage])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(HostileRepositoryStringTests.terminalUnsafe(text.stdout + text.stderr).isEmpty)
        #expect(text.stdout.contains(" \"tab\\there\": "))
        #expect(text.stdout.contains(" \"\\u{202E}evil\": "))
        let tokenLines = text.stdout.split(separator: "\n").filter {
            $0.hasPrefix("  acme ") || $0.hasPrefix("  strict ")
        }
        #expect(tokenLines.count == Self.hostileNames.count * 6, "one line per token and section, none split")

        let (report, result) = try fixture.json(["--usage", usage])
        #expect(result.status == 0)
        let names = [report.expiring, report.idle ?? [], report.neverExpiring, report.breakingPolicy].map {
            Set($0.map(\.name))
        }
        #expect(names == Array(repeating: Set(Self.hostileNames), count: 4))
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "generated_at", "expiring_within", "idle_for", "summary", "usage", "left_out", "expiring", "idle",
                "never_expiring", "breaking_policy",
            ])
        #expect(result.stdout.hasPrefix(#"{"breaking_policy":[{"created_at":"#), "keys sorted")
        let token = try #require((object["breaking_policy"] as? [[String: Any]])?.first)
        #expect(
            Set(token.keys) == [
                "workspace", "id", "name", "created_by", "created_at", "expires_at", "status", "effective_expires_at",
                "violations",
            ], "no scopes key for an unscoped token")
    }

    @Test("No secret, hash or token-shaped string reaches any output, even from a usage file")
    func noSecrets() throws {
        let fixture = try ReportFixture()
        let repository = fixture.tokens.repository
        let secrets = try ["Forever", "Soon"].map { name in
            let generated = try repository.tokenctl(
                "generate", "--workspace", "acme", "--name", name, "--expires", name == "Forever" ? "never" : "3d")
            #expect(generated.status == 0, "\(generated.stderr)")
            return String(generated.stdout.dropLast())
        }
        try repository.commitAll("tokens")
        let hashes = try FileManager.default.contentsOfDirectory(atPath: "\(fixture.tokens.data)/acme").map {
            let file = try String(contentsOfFile: "\(fixture.tokens.data)/acme/\($0)", encoding: .utf8)
            return String(
                try #require(file.split(separator: "\n").first { $0.hasPrefix("hash: sha256:") }).dropFirst(13))
        }
        #expect(hashes.count == 2 && hashes.allSatisfy { $0.count == 64 })
        let leaky = try fixture.usageFolder.write(
            "leaky.json",
            #"{"generated_at": "2026-01-01T00:00:00Z", "tracking_since": "2026-01-01T00:00:00Z", "#
                + #""data_folder": "\#(secrets[1])", "tokens": []}"#)
        let entry = try fixture.usageFolder.write(
            "entry.json",
            #"{"generated_at": "2026-01-01T00:00:00Z", "tracking_since": "2026-01-01T00:00:00Z", "#
                + #""data_folder": "\#(fixture.identity)", "#
                + #""tokens": [{"workspace": "acme", "id": "\#(secrets[0])", "last_used": "2026-01-01T00:00:00Z"}]}"#)
        for format in ["text", "markdown", "json"] {
            let result = try fixture.report(["--usage", leaky, "--usage", entry, "--format", format])
            #expect(result.status == 1)
            let output = result.stdout + result.stderr
            for secret in secrets + hashes {
                #expect(!output.contains(secret), "\(format)")
            }
            #expect(output.contains("tok_"), "\(format): shown masked: \(output)")
            #expect(output.contains("Soon") && output.contains("Forever"), "\(format)")
        }
    }
}

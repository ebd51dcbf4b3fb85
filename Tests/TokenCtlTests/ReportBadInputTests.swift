import Foundation
import TestSupport
import Testing
import TokenVerification

/// `tokenctl report` given bad usage files or a data folder with a bad file: one line naming each
/// problem, the report made from what is valid, exit 1.
@Suite("report: bad usage files and bad data folder files")
struct ReportBadInputTests {
    static let day = ReportFixture.day

    /// A repository with two old tokens and a good usage file in which only `used` was used.
    struct Scene {
        let fixture: ReportFixture
        let used: TokenRecord
        let unused: TokenRecord
        let good: String

        init() throws {
            fixture = try ReportFixture()
            let tokens = fixture.tokens
            used = try tokens.token(try tokens.record("Used", age: 60 * ReportFixture.day, lifetime: nil))
            unused = try tokens.token(try tokens.record("Unused", age: 60 * ReportFixture.day, lifetime: nil))
            try tokens.repository.commitAll("tokens")
            good = try fixture.usage(
                "good.json", trackingAge: 30 * ReportFixture.day, uses: [(used, ReportFixture.day)])
        }

        /// The report with the good file and `bad`, both as text and as JSON.
        func report(with bad: String) throws -> (json: ReportJSONOutput, result: CommandResult, text: CommandResult) {
            let (json, result) = try fixture.json(["--usage", good, "--usage", bad])
            return (json, result, try fixture.report(["--usage", good, "--usage", bad]))
        }
    }

    /// The bad usage files: how each is written in the scene's usage folder, and the message after its path.
    static let badFiles: [(String, @Sendable (Scene) throws -> String, @Sendable (Scene) -> String)] = [
        (
            "garbage", { try $0.fixture.usageFolder.write("bad.json", "hello, world\n") },
            { _ in "not a usage file: not JSON (truncated or garbled); left out" }
        ),
        (
            "truncated",
            { scene in
                let whole = try String(contentsOfFile: scene.good, encoding: .utf8)
                return try scene.fixture.usageFolder.write("bad.json", String(whole.prefix(whole.count / 2)))
            }, { _ in "not a usage file: not JSON (truncated or garbled); left out" }
        ),
        (
            "a key missing",
            {
                try $0.fixture.usageFolder.write("bad.json", #"{"generated_at": "2026-01-01T00:00:00Z", "tokens": []}"#)
            },
            { _ in "not a usage file: tracking_since: missing; left out" }
        ),
        (
            "missing", { "\($0.fixture.usageFolder.path)/no-such.json" },
            { _ in "cannot read: no such file or directory; left out" }
        ),
        ("a folder", { $0.fixture.usageFolder.path }, { _ in "cannot read: is a directory; left out" }),
        (
            "another data folder",
            { scene in
                try scene.fixture.usage(
                    "bad.json", trackingAge: 90 * ReportFixture.day, uses: [(scene.unused, ReportFixture.day)],
                    dataFolder: "git:0000000000000000000000000000000000000000:workspace")
            },
            { scene in
                "usage of another data folder (git:0000000000000000000000000000000000000000:workspace), "
                    + "not of this one (\(scene.fixture.identity)); left out"
            }
        ),
        (
            "tracking in the future",
            { scene in
                try scene.fixture.usage(
                    "bad.json", trackingAge: -2 * ReportFixture.day, uses: [(scene.unused, -2 * ReportFixture.day)])
            },
            { scene in
                "tracking_since \(UTCTimestamp.format(scene.fixture.ago(-2 * ReportFixture.day))) is in the future; left out"
            }
        ),
    ]

    @Test("A bad usage file is one line naming it; the good file's usage is kept; exit 1", arguments: badFiles.indices)
    func badFile(_ number: Int) throws {
        let (name, write, message) = Self.badFiles[number]
        let scene = try Scene()
        let bad = try write(scene)
        let (report, result, text) = try scene.report(with: bad)
        let line = "\(bad): \(message(scene))"
        #expect(result.status == 1, "\(name)")
        #expect(
            result.stderrLines == [
                "tokenctl: warning: \(line)", "tokenctl: error: the report leaves out what the problem above names",
            ], "\(name)")
        #expect(report.leftOut == [line], "\(name)")
        #expect(report.idle?.map(\.id) == [scene.unused.id], "\(name): the good file still counts")
        #expect(report.usage.files.map(\.path) == [scene.good] && report.usage.filesGiven == 2, "\(name)")
        #expect(text.status == 1 && text.stderr == result.stderr, "\(name)")
        #expect(text.stdout.contains("\nLeft out (1)\n  \(line)\n"), "\(name): \(text.stdout)")
        #expect(
            text.stdout.contains(
                "usage: 1 usage file merged; tracking since \(report.usage.trackingSince ?? "") "
                    + "(tokens used only where a file was left out may show as idle)\n"), "\(name)")
    }

    @Test("Entries naming no token of the folder are left out, the file's other entries kept")
    func unknownEntries() throws {
        let scene = try Scene()
        let (gone, _) = try TestTokens.secret()
        let used = UTCTimestamp.format(scene.fixture.ago(Self.day))
        let entries = [
            ("acme", gone.hash.id), ("beta", scene.unused.id), ("../etc", "x\\u001b[2J"), ("acme", "0123456789ab"),
            ("acme", scene.unused.id),
        ].map { #"{"workspace": "\#($0.0)", "id": "\#($0.1)", "last_used": "\#(used)"}"# }
        let bad = try scene.fixture.usageFolder.write(
            "unknown.json",
            #"{"generated_at": "\#(used)", "tracking_since": "\#(UTCTimestamp.format(scene.fixture.ago(30 * Self.day)))", "#
                + #""data_folder": "\#(scene.fixture.identity)", "tokens": [\#(entries.joined(separator: ", "))]}"#)
        let (report, result, _) = try scene.report(with: bad)
        let expected =
            "\(bad): 4 entries name no token of this data folder (tokens[0] (acme/\(gone.hash.id)), "
            + "tokens[1] (beta/\(scene.unused.id)), tokens[2] and 1 more); left out"
        #expect(result.status == 1)
        #expect(report.leftOut == [expected], "\(report.leftOut)")
        #expect(result.stderrLines.first == "tokenctl: warning: \(expected)")
        #expect(report.idle?.isEmpty == true, "the known entry of the file counts: both tokens were used lately")
        #expect(report.usage.files.map(\.tokens) == [1, 5])
    }

    @Test("An entry that is not a usage entry is left out with its reason, the file's other entries kept")
    func malformedEntries() throws {
        let scene = try Scene()
        let used = UTCTimestamp.format(scene.fixture.ago(Self.day))
        let bad = try scene.fixture.usageFolder.write(
            "malformed.json",
            #"{"generated_at": "\#(used)", "tracking_since": "\#(UTCTimestamp.format(scene.fixture.ago(30 * Self.day)))", "#
                + #""data_folder": "\#(scene.fixture.identity)", "tokens": [{"workspace": "acme", "id": 7}, "#
                + #"{"workspace": "acme", "id": "\#(scene.unused.id)", "last_used": "\#(used)"}]}"#)
        let (report, result, _) = try scene.report(with: bad)
        let expected = "\(bad): 1 entry is not a usage entry (tokens[0].id: not the expected type); left out"
        #expect(result.status == 1)
        #expect(report.leftOut == [expected], "\(report.leftOut)")
        #expect(result.stderrLines.first == "tokenctl: warning: \(expected)")
        #expect(report.idle?.isEmpty == true, "the file's good entry counts: both tokens were used lately")
        #expect(report.usage.files.map(\.tokens) == [1, 2])
    }

    @Test("An entry used in the future counts as used at the report's time, with a line saying so")
    func futureUse() throws {
        let scene = try Scene()
        let bad = try scene.fixture.usage("future.json", trackingAge: Self.day, uses: [(scene.unused, -3 * Self.day)])
        let (report, result, _) = try scene.report(with: bad)
        let future = UTCTimestamp.format(scene.fixture.ago(-3 * Self.day))
        let expected =
            "\(bad): 1 entry has last_used in the future (tokens[0] (acme/\(scene.unused.id)) at \(future)); "
            + "counted as used at the report's time"
        #expect(result.status == 1)
        #expect(report.leftOut == [expected])
        #expect(report.idle?.isEmpty == true, "never idle for a clock that runs ahead")
        // A few minutes ahead is clock skew between hosts, not a problem.
        let skewed = try scene.fixture.usage("skewed.json", trackingAge: Self.day, uses: [(scene.unused, -120)])
        let (fine, fineResult, _) = try scene.report(with: skewed)
        #expect(fineResult.status == 0, "\(fineResult.stderr)")
        #expect(fine.leftOut.isEmpty && fine.idle?.isEmpty == true)
    }

    @Test("Every bad file is named at once; a data folder file that does not load is left out too")
    func everythingAtOnce() throws {
        let scene = try Scene()
        let garbage = try scene.fixture.usageFolder.write("garbage.json", "{")
        try scene.fixture.tokens.repository.directory.write("workspace/acme/0123456789ab.yaml", "version: 1\n")
        let result = try scene.fixture.report(["--usage", garbage, "--usage", scene.good, "--usage", "/nonexistent"])
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "workspace/acme/0123456789ab.yaml:1:1: missing key \"name\"",
                "tokenctl: warning: \(garbage): not a usage file: not JSON (truncated or garbled); left out",
                "tokenctl: warning: /nonexistent: cannot read: no such file or directory; left out",
                "tokenctl: error: the report leaves out what the 3 problems above name",
            ], "\(result.stderr)")
        #expect(
            result.stdout.contains("  1 file of the data folder did not load (tokenctl check lists them); left out\n"))
        #expect(result.stdout.contains("\nNever expiring (2)\n"), "the report is still made: \(result.stdout)")
    }
}

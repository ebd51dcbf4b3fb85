import Foundation
import TestSupport
import Testing
import TokenVerification

/// `tokenctl report`: idle tokens, from usage files merged by latest use.
@Suite("report: idle tokens and usage files")
struct ReportIdleTests {
    static let day = ReportFixture.day

    @Test("Idle: last used at least --idle ago, or never since tracking began, or created --idle ago after it")
    func idleRules() throws {
        let fixture = try ReportFixture()
        let tokens = fixture.tokens
        let usedLongAgo = try tokens.token(try tokens.record("Used long ago", age: 60 * Self.day, lifetime: nil))
        let usedLately = try tokens.token(try tokens.record("Used lately", age: 60 * Self.day, lifetime: nil))
        let neverOld = try tokens.token(try tokens.record("Never, old", age: 60 * Self.day, lifetime: nil))
        let neverNewish = try tokens.token(try tokens.record("Never, newish", age: 15 * Self.day, lifetime: nil))
        let neverNew = try tokens.token(try tokens.record("Never, new", age: 5 * Self.day, lifetime: nil))
        var revoked = try tokens.record("Revoked", age: 60 * Self.day, lifetime: nil)
        revoked.revocation = .init(revokedBy: "bob@example.com", revokedAt: Date())
        try tokens.token(revoked)
        let expired = try tokens.token(try tokens.record("Expired", age: 60 * Self.day, lifetime: 30 * Self.day))
        try tokens.repository.commitAll("tokens")
        let usage = try fixture.usage(
            "replica.json", trackingAge: 30 * Self.day,
            uses: [(usedLongAgo, 20 * Self.day), (usedLately, 2 * Self.day), (revoked, 25 * Self.day)])

        let (report, result) = try fixture.json(["--usage", usage, "--idle", "10d"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let idle = try #require(report.idle)
        let trackingSince = UTCTimestamp.format(fixture.ago(30 * Self.day))
        // Longest unused first: tracking began 30 days ago, the newish token was created 15 days ago.
        #expect(idle.map(\.id) == [neverOld.id, usedLongAgo.id, neverNewish.id])
        #expect(idle.map(\.lastUsed) == [nil, UTCTimestamp.format(fixture.ago(20 * Self.day)), nil])
        #expect(
            idle.map(\.unusedSince) == [
                trackingSince, UTCTimestamp.format(fixture.ago(20 * Self.day)),
                UTCTimestamp.format(neverNewish.createdAt),
            ])
        for quiet in [usedLately, neverNew, revoked, expired] {
            #expect(!idle.map(\.id).contains(quiet.id), "\(quiet.name)")
        }
        #expect(report.usage.trackingSince == trackingSince)
        #expect(report.usage.files.map(\.path) == [usage])
        #expect(report.usage.files.map(\.tokens) == [3])

        let text = try fixture.report(["--usage", usage, "--idle", "10d"])
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let section = try #require(lines.firstIndex(of: "Idle for 10d, or never used since tracking began (3)"))
        #expect(
            Array(lines[(section + 1)...(section + 3)]) == [
                "  acme \(neverOld.id) \"Never, old\": not used since tracking began, \(trackingSince), 30 days ago",
                "  acme \(usedLongAgo.id) \"Used long ago\": last used \(UTCTimestamp.format(fixture.ago(20 * Self.day))), 20 days ago",
                "  acme \(neverNewish.id) \"Never, newish\": never used; created \(UTCTimestamp.format(neverNewish.createdAt)), 15 days ago",
            ], "\(text.stdout)")
        #expect(lines[1] == "usage: 1 usage file merged; tracking since \(trackingSince)")
        #expect(
            lines[2] == "  \(usage): 3 tokens used, tracking since \(trackingSince), generated \(lines[2].suffix(20))")
    }

    @Test("Several usage files merge by each token's latest use; tracking began at the earliest tracking_since")
    func merging() throws {
        let fixture = try ReportFixture()
        let tokens = fixture.tokens
        let lastUseRecent = try tokens.token(try tokens.record("Recent in one", age: 200 * Self.day, lifetime: nil))
        let lastUseOld = try tokens.token(try tokens.record("Old in all", age: 200 * Self.day, lifetime: nil))
        let inNone = try tokens.token(try tokens.record("In none, old", age: 200 * Self.day, lifetime: nil))
        let newInNone = try tokens.token(try tokens.record("In none, new", age: 60 * Self.day, lifetime: nil))
        try tokens.repository.commitAll("tokens")
        let first = try fixture.usage(
            "a.json", trackingAge: 30 * Self.day, uses: [(lastUseRecent, 50 * Self.day), (lastUseOld, 40 * Self.day)])
        let second = try fixture.usage(
            "b.json", trackingAge: 100 * Self.day, uses: [(lastUseRecent, 3 * Self.day), (lastUseOld, 70 * Self.day)])
        let third = try fixture.usage("c.json", trackingAge: 10 * Self.day, uses: [(lastUseOld, 35 * Self.day)])

        let (report, result) = try fixture.json([
            "--usage", first, "--usage", second, "--usage", third, "--idle", "30d",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let idle = try #require(report.idle)
        // Tracking began 100 days ago (b.json): the token created 60 days ago was created after it.
        #expect(idle.map(\.id) == [inNone.id, newInNone.id, lastUseOld.id])
        #expect(idle.map(\.lastUsed) == [nil, nil, UTCTimestamp.format(fixture.ago(35 * Self.day))])
        #expect(idle.first?.unusedSince == UTCTimestamp.format(fixture.ago(100 * Self.day)))
        #expect(!idle.map(\.id).contains(lastUseRecent.id))
        #expect(report.usage.trackingSince == UTCTimestamp.format(fixture.ago(100 * Self.day)))
        #expect(report.usage.files.map(\.path) == [first, second, third])
        #expect(report.usage.filesGiven == 3)

        // The order of the files changes nothing.
        let (reversed, _) = try fixture.json(["--usage", third, "--usage", second, "--usage", first, "--idle", "30d"])
        #expect(reversed.idle?.map(\.id) == idle.map(\.id))
        #expect(reversed.idle?.map(\.lastUsed) == idle.map(\.lastUsed))
    }

    @Test("Without usage files the idle section says it has no data and lists no token")
    func noUsage() throws {
        let fixture = try ReportFixture()
        let old = try fixture.tokens.token(try fixture.tokens.record("Old", age: 400 * Self.day, lifetime: nil))
        try fixture.tokens.repository.commitAll("tokens")
        let (report, result) = try fixture.json()
        #expect(result.status == 0)
        #expect(report.idle == nil)
        #expect(report.usage.trackingSince == nil && report.usage.files.isEmpty && report.usage.filesGiven == 0)
        let markdown = try fixture.report(["--format", "markdown"])
        #expect(
            markdown.stdout.contains(
                "\n#### Idle for 90d, or never used since tracking began\n\nUnknown: no usage data.\n"))
        let text = try fixture.report([])
        #expect(text.stdout.contains("\nIdle for 90d, or never used since tracking began: unknown, no usage data\n"))
        for output in [markdown.stdout, text.stdout] {
            #expect(output.components(separatedBy: old.id).count == 2, "only in the never-expiring section")
        }
    }
}

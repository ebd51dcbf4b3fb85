import Foundation
import TestSupport
import Testing
import TokenVerification

/// `tokenctl report`: which active tokens each section lists, and which it never does.
@Suite("report: expiring, never-expiring and policy-breaking tokens")
struct ReportSectionTests {
    static let day = ReportFixture.day

    @Test("Each section lists its active tokens, soonest expiry first; revoked and expired tokens are in none")
    func sections() throws {
        let fixture = try ReportFixture()
        let tokens = fixture.tokens
        let policy = try tokens.policy("beta", "max_lifetime: 90d")
        let soon = try tokens.token(try tokens.record("Soon", lifetime: 4 * Self.day))
        let later = try tokens.token(try tokens.record("Later", lifetime: 60 * Self.day))
        let forever = try tokens.token(try tokens.record("Forever", lifetime: nil))
        var revokedSoon = try tokens.record("Revoked soon", lifetime: 2 * Self.day)
        revokedSoon.revocation = .init(revokedBy: "bob@example.com", revokedAt: Date())
        try tokens.token(revokedSoon)
        var revokedForever = try tokens.record("Revoked forever", lifetime: nil)
        revokedForever.revocation = .init(revokedBy: "bob@example.com", revokedAt: Date())
        try tokens.token(revokedForever)
        let expired = try tokens.token(try tokens.record("Expired", age: 10 * Self.day, lifetime: 5 * Self.day))
        // Never expiring by its file, but max_lifetime ends it in five days: expiring and breaking policy.
        let capped = try tokens.token(
            try tokens.record("Capped", workspace: "beta", age: 85 * Self.day, lifetime: nil), scopes: ["deals:read"])
        let rotated = try tokens.token(try tokens.record("Rotating", age: 30 * Self.day, lifetime: 32 * Self.day))
        var successor = try tokens.record("Rotating", lifetime: 30 * Self.day)
        successor.rotatedFrom = rotated.id
        try tokens.token(successor)
        try tokens.repository.commitAll("tokens")

        let (report, result) = try fixture.json()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(report.expiring.map(\.id) == [rotated.id, soon.id, capped.id])
        #expect(report.expiring.map(\.replacedBy) == [successor.id, nil, nil])
        let cappedEntry = try #require(report.expiring.last)
        #expect(cappedEntry.expiresAt == "never")
        #expect(
            cappedEntry.effectiveExpiresAt == UTCTimestamp.format(capped.createdAt.addingTimeInterval(90 * Self.day)))
        #expect(cappedEntry.scopes == ["deals:read"])
        #expect(report.neverExpiring.map(\.id) == [forever.id])
        #expect(report.breakingPolicy.map(\.id) == [capped.id])
        #expect(
            report.breakingPolicy.first?.violations == [
                .init(key: "max_lifetime", path: policy, message: "never expires, over max_lifetime 90d")
            ])
        #expect(report.idle == nil)
        let listed = Set((report.expiring + report.neverExpiring + report.breakingPolicy).map(\.id))
        for quiet in [later, revokedSoon, revokedForever, expired] {
            #expect(!result.stdout.contains(quiet.id), "\(quiet.name)")
        }
        #expect(!listed.contains(successor.id), "named only as the expiring token's successor")
        #expect(Set((report.expiring + report.neverExpiring + report.breakingPolicy).map(\.status)) == ["active"])
        #expect(
            report.summary == [
                "expiring": 3, "idle": nil, "never_expiring": 1, "breaking_policy": 1, "left_out": 0,
            ])

        let text = try fixture.report(["--expiring", "3d"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(lines.first?.split(separator: " ")[3])
        #expect(
            lines == [
                "tokenctl report at \(at) 2 expiring within 3d, idle unknown, 1 never expiring, 1 breaking policy",
                "usage: no usage file given, so idle tokens are unknown: pass --usage FILE with each replica's GET /v1/usage",
                "",
                "Expiring within 3d (2)",
                "  acme \(rotated.id) \"Rotating\": expires \(UTCTimestamp.format(rotated.expiresAt ?? .distantPast)), "
                    + "in 47 hours; rotated, replaced by \(successor.id)",
                "  acme \(soon.id) \"Soon\": expires \(UTCTimestamp.format(soon.expiresAt ?? .distantPast)), in 2 days",
                "",
                "Idle for 90d, or never used since tracking began: unknown, no usage data",
                "",
                "Never expiring (1)",
                "  acme \(forever.id) \"Forever\": created \(UTCTimestamp.format(forever.createdAt)) by alice@example.com",
                "",
                "Breaking their workspace's policy (1)",
                "  beta \(capped.id) \"Capped\": breaks \(policy): never expires, over max_lifetime 90d",
                "",
            ], "\(text.stdout)")
    }

    @Test("An empty data folder gives every section empty, exit 0")
    func emptySections() throws {
        let fixture = try ReportFixture()
        try fixture.tokens.repository.directory.write("workspace/.gitkeep", "")
        let text = try fixture.report(["--usage", try fixture.usage("u.json", trackingAge: Self.day, uses: [])])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.components(separatedBy: "\n  none\n").count == 5, "\(text.stdout)")
        #expect(text.stdout.contains("\nIdle for 90d, or never used since tracking began (0)\n  none\n"))
    }

    @Test(
        "A DURATION that is not <N>d or <N>h, or not positive, is an error naming the option",
        arguments: [
            (["--expiring", "0d"], "--expiring must be a positive duration"),
            (["--idle", "3w"], "--idle takes <N>d or <N>h, such as 7d or 12h"),
            (["--idle", "36501d"], "--idle is over 36500 days"),
        ])
    func badDurations(_ arguments: [String], _ message: String) throws {
        let fixture = try ReportFixture()
        let result = try fixture.report(arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "tokenctl: error: \(message)\n")
    }
}

import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("Tokens counted by state at a time")
struct TokenStateCountTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let day = 86_400.0
    let week = 7 * 86_400.0

    /// Plants a fresh token and returns nothing: the counts are what the test reads.
    private func plant(
        _ folder: String, workspace: String = "acme", createdDaysAgo: Double = 1, expiresInDays: Double?,
        revoked: Bool = false
    ) throws {
        let (secret, _) = try TestTokens.secret()
        try TestTokens.plant(
            TestTokens.record(
                workspace: workspace, hash: secret.hash, createdAt: now.addingTimeInterval(-createdDaysAgo * day),
                expiresAt: expiresInDays.map { now.addingTimeInterval($0 * day) },
                revocation: revoked ? .init(revokedBy: "bob", revokedAt: now) : nil),
            in: folder)
    }

    @Test("Active, expired, revoked and expiring within a week, now and later; refused tokens in no state")
    func countsByTime() throws {
        let directory = try TemporaryDirectory()
        let folder = directory.path
        try plant(folder, expiresInDays: nil)
        try plant(folder, expiresInDays: 3)
        try plant(folder, expiresInDays: 7)
        try plant(folder, expiresInDays: 10)
        try plant(folder, expiresInDays: -2)
        try plant(folder, expiresInDays: nil, revoked: true)
        try plant(folder, expiresInDays: -5, revoked: true)
        // max_lifetime ends this never-expiring token's life in 5 days.
        try plant(folder, workspace: "capped", createdDaysAgo: 25, expiresInDays: nil)
        try directory.write("capped/policy.yaml", "version: 1\nmax_lifetime: 30d\n")
        // A bad policy file: its workspace's tokens grant nothing and are in no state.
        try plant(folder, workspace: "broken", expiresInDays: nil)
        try directory.write("broken/policy.yaml", "version: 1\nmax_lifetime: often\n")
        // One hash active in two workspaces grants nothing either.
        let (shared, _) = try TestTokens.secret()
        for workspace in ["acme", "capped"] {
            try TestTokens.plant(TestTokens.record(workspace: workspace, hash: shared.hash), in: folder)
        }

        let index = try TokenIndex(loading: folder)
        #expect(
            index.stateCounts(at: now, expiringWithin: week)
                == TokenStateCounts(active: 5, expired: 1, revoked: 2, expiringSoon: 3))
        #expect(index.activeCount(at: now) == 5)
        #expect(
            index.stateCounts(at: now.addingTimeInterval(8 * day), expiringWithin: week)
                == TokenStateCounts(active: 2, expired: 4, revoked: 2, expiringSoon: 1))
        #expect(
            index.stateCounts(at: now, expiringWithin: 0)
                == TokenStateCounts(active: 5, expired: 1, revoked: 2, expiringSoon: 0))
        #expect(
            TokenIndex.empty.stateCounts(at: now, expiringWithin: week)
                == .init(active: 0, expired: 0, revoked: 0, expiringSoon: 0))
    }
}

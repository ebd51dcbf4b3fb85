import Foundation
import TestSupport
import Testing
import TokenVerification

/// Last use: a verifier that tracks use notes the minute of each valid answer, carries it over
/// reloads by hash, and keeps the uses of tokens whose files went away.
@Suite("Last use: noted on valid answers, kept across reloads")
struct LastUseTests {
    /// A data folder with an active, an expired, a revoked and a scoped token.
    struct Folder {
        let directory: TemporaryDirectory
        var path: String { directory.path }
        var tokens: [String: String] = [:]
        var ids: [String: String] = [:]
        var files: [String: String] = [:]

        init() throws {
            directory = try TemporaryDirectory()
            let past = Date(timeIntervalSince1970: 1_700_000_000)
            try plant("active")
            try plant("other", workspace: "beta")
            try plant("expired", createdAt: past, expiresAt: past)
            try plant("revoked", revocation: .init(revokedBy: "bob", revokedAt: past))
            try plant("scoped", scopes: "contacts:read")
        }

        mutating func plant(
            _ label: String, workspace: String = "acme", createdAt: Date = Date(timeIntervalSince1970: 1_790_000_000),
            expiresAt: Date? = nil, revocation: TokenRecord.Revocation? = nil, scopes: String? = nil
        ) throws {
            let (secret, text) = try TestTokens.secret()
            let record = TestTokens.record(
                workspace: workspace, name: label, hash: secret.hash, createdAt: createdAt, expiresAt: expiresAt,
                revocation: revocation)
            files[label] = try TestTokens.plant(record, scopes: scopes, in: path)
            tokens[label] = text
            ids[label] = secret.hash.id
        }
    }

    let now = Date(timeIntervalSince1970: 1_800_000_123)
    /// The start of `now`'s minute.
    var minute: Date { Date(timeIntervalSince1970: 1_800_000_120) }

    @Test("Only a valid answer notes a use, at the start of its minute; a verifier that does not track notes none")
    func onlyValidAnswersCount() throws {
        let folder = try Folder()
        let verifier = try TokenVerifier(dataFolder: folder.path, tracksLastUse: true)
        let token = folder.tokens
        #expect(verifier.verify(token["active"] ?? "", at: now).isValid)
        #expect(
            verifier.verify(token["expired"] ?? "", at: now)
                == .expired(try #require(verifier.index.token(folder, "expired"))))
        _ = verifier.verify(token["revoked"] ?? "", at: now)
        _ = verifier.verify(token["scoped"] ?? "", requiring: RequiredScopes(["deals:write"]), at: now)
        _ = verifier.verify(TestTokens.corrupted(token["active"] ?? ""), at: now)
        _ = verifier.verify(try TestTokens.secret().text, at: now)
        #expect(
            verifier.lastUses() == [UsageEntry(workspace: "acme", id: folder.ids["active"] ?? "", lastUsed: minute)])
        #expect(verifier.index.token(folder, "active")?.lastUsed == minute)
        #expect(verifier.index.token(folder, "scoped")?.lastUsed == nil)

        // An earlier minute noted later changes nothing.
        _ = verifier.verify(token["active"] ?? "", at: now.addingTimeInterval(-3_600))
        #expect(verifier.index.token(folder, "active")?.lastUsed == minute)

        let untracked = try TokenVerifier(dataFolder: folder.path)
        #expect(untracked.verify(token["active"] ?? "", at: now).isValid)
        #expect(untracked.lastUses().isEmpty)
        #expect(untracked.index.token(folder, "active")?.lastUsed == nil)
    }

    @Test("A reload, patched or whole, carries each use over by hash; a token whose file went away keeps its use")
    func reloadsKeepUses() throws {
        let folder = try Folder()
        let verifier = try TokenVerifier(dataFolder: folder.path, tracksLastUse: true)
        #expect(verifier.verify(folder.tokens["active"] ?? "", at: now).isValid)
        #expect(verifier.verify(folder.tokens["other"] ?? "", at: now.addingTimeInterval(120)).isValid)

        var changed = folder
        try changed.plant("new")
        let patched = try verifier.reload(.changes(try verifier.changesSinceLastRead()))
        #expect(patched.token(folder, "active")?.lastUsed == minute)
        try verifier.reload(.everything)
        #expect(verifier.index.token(folder, "active")?.lastUsed == minute)
        #expect(verifier.index.token(folder, "other")?.lastUsed == minute.addingTimeInterval(120))

        try FileManager.default.removeItem(atPath: folder.files["other"] ?? "")
        try verifier.reload(.everything)
        #expect(verifier.index.token(folder, "other") == nil)
        #expect(
            Set(verifier.lastUses()) == [
                UsageEntry(workspace: "acme", id: folder.ids["active"] ?? "", lastUsed: minute),
                UsageEntry(workspace: "beta", id: folder.ids["other"] ?? "", lastUsed: minute.addingTimeInterval(120)),
            ])
    }

    @Test("Restored uses land on the token with that workspace and id; the rest are kept aside, the later use wins")
    func restoredUses() throws {
        let folder = try Folder()
        let verifier = try TokenVerifier(dataFolder: folder.path, tracksLastUse: true)
        let earlier = Date(timeIntervalSince1970: 1_799_000_040)
        let stranger = UsageEntry(workspace: "gone", id: "0123456789ab", lastUsed: earlier)
        verifier.restoreLastUses([
            UsageEntry(workspace: "acme", id: folder.ids["active"] ?? "", lastUsed: earlier),
            UsageEntry(workspace: "acme", id: folder.ids["other"] ?? "", lastUsed: earlier),  // wrong workspace
            stranger,
        ])
        #expect(verifier.index.token(folder, "active")?.lastUsed == earlier)
        #expect(verifier.index.token(folder, "other")?.lastUsed == nil)
        #expect(verifier.verify(folder.tokens["active"] ?? "", at: now).isValid)
        let uses = Set(verifier.lastUses())
        #expect(uses.contains(UsageEntry(workspace: "acme", id: folder.ids["active"] ?? "", lastUsed: minute)))
        #expect(uses.contains(stranger))
        #expect(uses.count == 3)
    }

    @Test("Uses noted from many threads while reloads swap the index: every thread's token is recorded")
    func concurrentUse() async throws {
        var folder = try Folder()
        for number in 0..<8 {
            try folder.plant("thread-\(number)")
        }
        let verifier = try TokenVerifier(dataFolder: folder.path, tracksLastUse: true)
        let tokens = (0..<8).map { folder.tokens["thread-\($0)"] ?? "" }
        let now = now
        await withTaskGroup(of: Void.self) { group in
            for token in tokens {
                group.addTask {
                    for step in 0..<2_000 {
                        _ = verifier.verify(token, at: now.addingTimeInterval(Double(step % 3) * 60))
                    }
                }
            }
            group.addTask {
                for _ in 0..<20 {
                    _ = try? verifier.reload(.everything, parallelism: 1)
                }
            }
        }
        // A use noted on an index just as a reload replaces it may be lost; the last ones are not.
        for token in tokens {
            _ = verifier.verify(token, at: now.addingTimeInterval(120))
        }
        let uses = verifier.lastUses()
        #expect(uses.count == 8)
        #expect(uses.allSatisfy { $0.lastUsed == minute.addingTimeInterval(120) })
    }
}

extension TokenIndex {
    /// The token labelled `label` in `folder`, if the index holds it.
    fileprivate func token(_ folder: LastUseTests.Folder, _ label: String) -> IndexedToken? {
        tokens().first { $0.id == folder.ids[label] }
    }
}

extension VerificationResult {
    fileprivate var isValid: Bool {
        if case .valid = self { return true }
        return false
    }
}

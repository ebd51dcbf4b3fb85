import Foundation
import TestSupport
import Testing
import TokenVerification

@testable import TokenStore

@Suite("Token store")
struct TokenStoreTests {
    @Test("Expiry: days, dates and never; zero, negative, past and unparsable are refused")
    func expiry() throws {
        let now = try #require(UTCTimestamp.parse("2026-11-29T08:30:00Z"))
        #expect(
            try ExpiryRequest(parsing: "7d").expiresAt(generatedAt: now) == UTCTimestamp.parse("2026-12-06T08:30:00Z"))
        #expect(
            try ExpiryRequest(parsing: "30d").expiresAt(generatedAt: now) == UTCTimestamp.parse("2026-12-29T08:30:00Z"))
        #expect(try ExpiryRequest(parsing: "never").expiresAt(generatedAt: now) == nil)
        #expect(
            try ExpiryRequest(parsing: "2027-01-01").expiresAt(generatedAt: now)
                == UTCTimestamp.parse("2027-01-01T00:00:00Z"))
        for bad in [
            "0d", "-5d", "soon", "30", "d", "1.5d", "36501d", "99999999999999999999d", "2026-02-30", "", "+5d", " 5d",
            "5 d",
        ] {
            #expect(throws: TokenStoreError.self, "\(bad)") { try ExpiryRequest(parsing: bad) }
        }
        for past in ["2001-01-01", "2026-11-29", "9999-12-31"] {
            #expect(throws: TokenStoreError.self, "\(past)") {
                try ExpiryRequest(parsing: past).expiresAt(generatedAt: now)
            }
        }
    }

    @Test("Generate writes one 0644 file named by id, holding the hash and never the secret")
    func generateWritesHashOnly() throws {
        let directory = try TemporaryDirectory()
        let generated = try TokenStore(dataFolder: directory.path)
            .generate(workspace: "acme", name: "CRM Integration", expiry: .days(30), createdBy: "alice@example.com")
        let token = generated.secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(directory.allFiles() == ["acme/\(generated.record.id).yaml"])
        let text = try String(contentsOfFile: generated.path, encoding: .utf8)
        #expect(text.contains("hash: sha256:\(SHA256Digester.digest(token).hex)"))
        #expect(!text.contains(token))
        #expect(!text.contains(String(token.dropFirst(4).prefix(16))))
        let attributes = try FileManager.default.attributesOfItem(atPath: generated.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
        #expect(String(describing: generated.secret) == "tok_(redacted)")
        #expect(!String(reflecting: generated.secret).contains(token))
    }

    @Test("Names are unique among active tokens; a revoked or expired name can be reused")
    func uniqueNames() throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        let first = try store.generate(workspace: "acme", name: "CRM", expiry: .days(7), createdBy: "a")
        #expect(throws: TokenStoreError.self) {
            try store.generate(workspace: "acme", name: "CRM", expiry: .days(7), createdBy: "a")
        }
        _ = try store.generate(workspace: "other", name: "CRM", expiry: .days(7), createdBy: "a")
        _ = try store.revoke(workspace: "acme", reference: first.record.id, revokedBy: "b")
        _ = try store.generate(workspace: "acme", name: "CRM", expiry: .days(7), createdBy: "a")
        let later = Date().addingTimeInterval(8 * 86_400)
        _ = try store.generate(workspace: "acme", name: "CRM", expiry: .days(7), createdBy: "a", now: later)
        #expect(directory.allFiles().count == 4)
    }

    @Test("Revoke by id or name adds the tombstone; ambiguous names list the ids")
    func revoke() throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        let now = Date()
        let byID = try store.generate(workspace: "acme", name: "One", expiry: .days(7), createdBy: "a")
        let byName = try store.generate(workspace: "acme", name: "Two", expiry: .days(7), createdBy: "a")
        let revoked = try store.revoke(workspace: "acme", reference: byID.record.id, revokedBy: "bob", now: now)
        #expect(revoked.record.revocation?.revokedBy == "bob")
        #expect(!revoked.wasAlreadyRevoked)
        #expect(try store.revoke(workspace: "acme", reference: "Two", revokedBy: "bob").record.id == byName.record.id)
        let again = try store.revoke(workspace: "acme", reference: byID.record.id, revokedBy: "carol")
        #expect(again.wasAlreadyRevoked)
        #expect(again.record.revocation?.revokedBy == "bob")

        // Two tokens with one name: one expired, one active.
        let old = try store.generate(
            workspace: "acme", name: "Dup", expiry: .days(1), createdBy: "a", now: now.addingTimeInterval(-3 * 86_400))
        let new = try store.generate(workspace: "acme", name: "Dup", expiry: .days(7), createdBy: "a")
        let error = try #require(throws: TokenStoreError.self) {
            try store.revoke(workspace: "acme", reference: "Dup", revokedBy: "bob")
        }
        #expect(error.message.contains(old.record.id) && error.message.contains(new.record.id))
        #expect(throws: TokenStoreError.self) { try store.revoke(workspace: "acme", reference: "Nope", revokedBy: "b") }
        try directory.write("acme/0123456789ab.yaml", "version: 1\nname: [\n")
        let broken = try #require(throws: TokenStoreError.self) {
            try store.revoke(workspace: "acme", reference: "0123456789ab", revokedBy: "b")
        }
        #expect(broken.message.contains("acme/0123456789ab.yaml:2:7: "), "\(broken)")
        #expect(throws: TokenStoreError.self) { try store.revoke(workspace: "none", reference: "One", revokedBy: "b") }
    }

    @Test("Revoking a file written elsewhere appends the tombstone and changes nothing else")
    func revokeKeepsForeignLayout() throws {
        let directory = try TemporaryDirectory()
        let (secret, _) = try TestTokens.secret()
        let foreign = """
            # written by hand
            version: 1
            name: "yes"
            created_by: "alice@example.com"
            created_at: 2026-11-29T08:30:00Z
            expires_at: never
            hash: \(secret.hash)
            """
        let path = try directory.write("acme/\(secret.hash.id).yaml", foreign)
        let store = TokenStore(dataFolder: directory.path)
        let revoked = try store.revoke(workspace: "acme", reference: "yes", revokedBy: "bob@example.com")
        let after = try String(contentsOfFile: path, encoding: .utf8)
        let stamp = UTCTimestamp.format(try #require(revoked.record.revocation).revokedAt)
        #expect(after == foreign + "\nrevoked_by: bob@example.com\nrevoked_at: \(stamp)\n")

        // A flow mapping cannot take appended lines: the file is re-encoded, and reads back revoked.
        let (other, _) = try TestTokens.secret()
        let flow =
            "{version: 1, name: Flow, created_by: a, created_at: 2026-11-29T08:30:00Z, expires_at: never, hash: \(other.hash)}\n"
        let flowPath = try directory.write("acme/\(other.hash.id).yaml", flow)
        _ = try store.revoke(workspace: "acme", reference: "Flow", revokedBy: "bob@example.com")
        let index = try TokenIndex(loading: directory.path)
        #expect(index.problems.isEmpty)
        #expect(index.record(for: other.hash)?.revocation?.revokedBy == "bob@example.com")
        #expect(try String(contentsOfFile: flowPath, encoding: .utf8).hasPrefix(TokenFileEncoder.header))
    }

    @Test("Invalid workspace, name or actor writes nothing")
    func invalidInput() throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        for (workspace, name, actor) in [
            ("../x", "ok", "a"), ("A", "ok", "a"), ("-acme", "ok", "a"), ("acme", "", "a"),
            ("acme", String(repeating: "x", count: 201), "a"), ("acme", "bell\u{7}", "a"), ("acme", "new\nline", "a"),
            ("acme", "ok", ""),
        ] {
            #expect(throws: TokenStoreError.self) {
                try store.generate(workspace: workspace, name: name, expiry: .days(7), createdBy: actor)
            }
        }
        #expect(directory.allFiles().isEmpty)
    }

    @Test("Concurrent writers on one workspace all succeed, each under the lock")
    func concurrentGenerate() async throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        let ids = await withThrowingTaskGroup(of: String.self) { group in
            for number in 0..<16 {
                group.addTask {
                    try store.generate(
                        workspace: "acme", name: "same name \(number % 2 == 0 ? "even" : "\(number)")",
                        expiry: .days(7), createdBy: "a"
                    ).record.id
                }
            }
            var ids: [String] = []
            while let next = await group.nextResult() {
                if case .success(let id) = next { ids.append(id) }
            }
            return ids
        }
        // Eight distinct odd names succeed; of the eight "even" ones exactly one wins the name.
        #expect(ids.count == 9)
        #expect(directory.allFiles().count == 9)
        #expect(try TokenIndex(loading: directory.path).count == 9)
    }
}

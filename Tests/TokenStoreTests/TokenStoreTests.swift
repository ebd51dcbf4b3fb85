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
        for bad in ["0d", "-5d"] {
            #expect(throws: TokenStoreError.expiryNotPositive(bad)) { try ExpiryRequest(parsing: bad) }
        }
        for bad in ["36501d", "99999999999999999999d"] {
            #expect(throws: TokenStoreError.expiryTooLong(bad)) { try ExpiryRequest(parsing: bad) }
        }
        for bad in ["soon", "30", "d", "1.5d", "2026-02-30", "", "+5d", " 5d", "5 d"] {
            #expect(throws: TokenStoreError.unreadableExpiry(bad)) { try ExpiryRequest(parsing: bad) }
        }
        #expect(
            TokenStoreError.expiryNotPositive("0d").description
                == "expiry 0d is not in the future: use a positive number of days")
        let dayErrors: [(String, (Date) -> TokenStoreError)] = [
            ("2001-01-01", TokenStoreError.expiryDayPassed), ("2026-11-29", TokenStoreError.expiryDayPassed),
            ("9999-12-31", TokenStoreError.expiryDayTooFar),
        ]
        for (past, expected) in dayErrors {
            let day = try #require(UTCTimestamp.parseDay(past))
            #expect(throws: expected(day), "\(past)") {
                try ExpiryRequest(parsing: past).expiresAt(generatedAt: now)
            }
        }
        #expect(
            TokenStoreError.expiryDayPassed(try #require(UTCTimestamp.parseDay("2001-01-01"))).description
                == "expiry 2001-01-01 is in the past: a token expires at 00:00 UTC that day")
    }

    @Test("Durations: <N>d or <N>h; anything else, zero, negative and over 100 years are refused, naming the option")
    func durations() throws {
        #expect(try DurationSpec.parse("7d", option: "--overlap") == 7 * 86_400)
        #expect(try DurationSpec.parse("12h", option: "--overlap") == 12 * 3_600)
        for bad in ["7", "7m", "d", "1.5h", "+7d", " 7d"] {
            #expect(throws: TokenStoreError.unreadableDuration(option: "--overlap"), "\(bad)") {
                try DurationSpec.parse(bad, option: "--overlap")
            }
        }
        for bad in ["0d", "-1h"] {
            #expect(throws: TokenStoreError.durationNotPositive(option: "--overlap"), "\(bad)") {
                try DurationSpec.parse(bad, option: "--overlap")
            }
        }
        #expect(throws: TokenStoreError.durationTooLong(option: "--warn-expiring")) {
            try DurationSpec.parse("36501d", option: "--warn-expiring")
        }
        #expect(
            TokenStoreError.unreadableDuration(option: "--overlap").description
                == "--overlap takes <N>d or <N>h, such as 7d or 12h")
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
        let clash = #expect(throws: TokenStoreError.nameInUse(heldBy: first.record.id, workspace: "acme")) {
            try store.generate(workspace: "acme", name: "CRM", expiry: .days(7), createdBy: "a")
        }
        #expect(clash?.description == "name is already used by active token \(first.record.id) in workspace acme")
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
        if case .ambiguousName("Dup", "acme", let ids) = error {
            #expect(ids.sorted() == [old.record.id, new.record.id].sorted())
        } else {
            Issue.record("not an ambiguous name: \(error)")
        }
        #expect(error.description.contains(old.record.id) && error.description.contains(new.record.id))
        #expect(throws: TokenStoreError.noSuchToken(reference: "Nope", workspace: "acme")) {
            try store.revoke(workspace: "acme", reference: "Nope", revokedBy: "b")
        }
        try directory.write("acme/0123456789ab.yaml", "version: 1\nname: [\n")
        let broken = try #require(throws: TokenStoreError.self) {
            try store.revoke(workspace: "acme", reference: "0123456789ab", revokedBy: "b")
        }
        if case .invalidTokenFile(let problem) = broken {
            #expect(problem.path.hasSuffix("acme/0123456789ab.yaml"), "\(problem)")
        } else {
            Issue.record("not an invalid token file: \(broken)")
        }
        #expect(broken.description.contains("acme/0123456789ab.yaml:2:7: "), "\(broken)")
        #expect(throws: TokenStoreError.noWorkspace("none", dataFolder: directory.path)) {
            try store.revoke(workspace: "none", reference: "One", revokedBy: "b")
        }
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
        for workspace in ["../x", "A", "-acme"] {
            #expect(throws: TokenStoreError.invalidWorkspace(workspace)) {
                try store.generate(workspace: workspace, name: "ok", expiry: .days(7), createdBy: "a")
            }
        }
        for (name, actor, expected) in [
            ("", "a", TokenStoreError.invalidLabel(field: "name", problem: "name is empty")),
            (
                String(repeating: "x", count: 201), "a",
                .invalidLabel(field: "name", problem: "name is 201 characters, over the 200-character limit")
            ),
            ("bell\u{7}", "a", .invalidLabel(field: "name", problem: "name contains a control character")),
            ("new\nline", "a", .invalidLabel(field: "name", problem: "name contains a control character")),
            ("ok", "", .invalidLabel(field: "created_by", problem: "created_by is empty")),
        ] {
            #expect(throws: expected) {
                try store.generate(workspace: "acme", name: name, expiry: .days(7), createdBy: actor)
            }
        }
        #expect(directory.allFiles().isEmpty)
    }

    @Test("An invalid revoker is refused also for a token revoked already, which stays as it was")
    func invalidRevokerOfRevokedToken() throws {
        try Self.expectRevokedTokenUnchanged(
            throwing: { _ in .invalidLabel(field: "revoked_by", problem: "revoked_by contains a control character") }
        ) { store, id in
            _ = try store.revoke(workspace: "acme", reference: id, revokedBy: "new\nline")
        }
    }

    /// Generates and revokes a token, then expects `operation` on it to throw `expected(id)` and
    /// leave every file as it was.
    private static func expectRevokedTokenUnchanged(
        throwing expected: (String) -> TokenStoreError, _ operation: (TokenStore, String) throws -> Void
    ) throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        let token = try store.generate(workspace: "acme", name: "CRM", expiry: .days(7), createdBy: "a")
        _ = try store.revoke(workspace: "acme", reference: token.record.id, revokedBy: "b")
        let before = directory.snapshot()
        #expect(throws: expected(token.record.id)) {
            try operation(store, token.record.id)
        }
        #expect(directory.snapshot() == before)
    }

    @Test("A data folder that cannot be created is named, with the system's reason")
    func unwritableDataFolder() throws {
        let directory = try TemporaryDirectory()
        try directory.write("file", "not a folder\n")
        let dataFolder = "\(directory.path)/file/workspace"
        let error = #expect(throws: TokenStoreError.fileSystem(.createFolder, path: dataFolder, errno: ENOTDIR)) {
            try TokenStore(dataFolder: dataFolder)
                .generate(workspace: "acme", name: "ok", expiry: .days(7), createdBy: "a")
        }
        #expect(error?.description == "cannot create folder \(dataFolder): not a directory")
    }

    @Test("A revoked token cannot be rotated")
    func rotateRevoked() throws {
        try Self.expectRevokedTokenUnchanged(throwing: { .tokenRevoked(id: $0) }) { store, id in
            _ = try store.rotate(workspace: "acme", reference: id, overlap: nil, actor: "b")
        }
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

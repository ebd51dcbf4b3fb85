import Foundation
import TestSupport
import Testing
import TokenVerification

@testable import TokenStore

@Suite("Token file round trip")
struct RoundTripTests {
    @Test("Hostile names survive generate → file → index byte for byte", arguments: HostileNames.all)
    func hostileName(_ name: String) throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        let generated = try store.generate(workspace: "acme", name: name, expiry: .days(30), createdBy: name)
        let token = generated.secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let index = try TokenIndex(loading: directory.path)
        #expect(index.problems.isEmpty, "\(index.problems)")
        let record = try #require(index.verify(token).record)
        #expect(Array(record.name.utf8) == Array(name.utf8))
        #expect(Array(record.createdBy.utf8) == Array(name.utf8))
        #expect(record == generated.record)
        let onDisk = try #require(FileManager.default.contents(atPath: generated.path))
        #expect(Array(onDisk) == (try TokenFileEncoder.encode(record)), "rewriting an unchanged token changes bytes")
    }

    @Test("There are at least 40 hostile names")
    func enoughNames() {
        #expect(HostileNames.all.count >= 40)
    }

    @Test("Names a YAML 1.1 reader would take for bool, null or number are quoted")
    func quoting() throws {
        for name in ["yes", "No", "on", "OFF", "null", "~", "0x1F", "1e3", "012", "3.14", "-1", ".inf", "2026-11-29"] {
            let record = TestTokens.record(name: name, hash: SHA256Digester.digest(name))
            let text = String(decoding: try TokenFileEncoder.encode(record), as: UTF8.self)
            #expect(text.contains("\nname: '\(name)'\n") || text.contains("\nname: \"\(name)\"\n"), "\(text)")
        }
        let plain = TestTokens.record(name: "CRM Integration", hash: SHA256Digester.digest("x"))
        #expect(
            String(decoding: try TokenFileEncoder.encode(plain), as: UTF8.self).contains("\nname: CRM Integration\n"))
    }

    @Test("Files have the header, the fixed key order, the tombstone last, and a trailing newline")
    func layout() throws {
        var record = TestTokens.record(hash: SHA256Digester.digest("layout"))
        record.rotatedFrom = "0123456789ab"
        record.revocation = .init(revokedBy: "bob@example.com", revokedAt: Date(timeIntervalSince1970: 1_795_942_800))
        let text = String(decoding: try TokenFileEncoder.encode(record), as: UTF8.self)
        let keys = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.prefix { $0 != ":" } }
        #expect(
            keys == [
                "version", "name", "created_by", "created_at", "expires_at", "hash", "rotated_from",
                "revoked_by", "revoked_at",
            ])
        #expect(text.hasPrefix(TokenFileEncoder.header))
        #expect(text.hasSuffix("revoked_at: 2026-11-29T09:00:00Z\n"))
        #expect(!text.contains("---"))
    }
}

import Foundation
import TestSupport
import Testing
import TokenVerification

@testable import TokenStore

@Suite("Scopes in token files: written, read back, refused")
struct ScopeFileTests {
    /// `record` with `scopes`.
    static func scoped(_ scopes: [String]?, hash: String = "scoped") -> TokenRecord {
        var record = TestTokens.record(hash: SHA256Digester.digest(hash))
        record.scopes = scopes
        return record
    }

    /// The record a file with `bytes` reads back as, in workspace acme.
    static func reread(_ bytes: [UInt8], id: String) throws -> TokenRecord {
        let location = TokenFileLocation(dataFolder: "workspace", workspace: "acme", id: id)
        return try bytes.withUnsafeBytes { try TokenFileParser.record(parsing: $0, location: location) }
    }

    @Test("scopes is one line after expires_at, before hash; the file reads back as the record, byte for byte")
    func layoutAndRoundTrip() throws {
        var record = Self.scoped(["contacts:read", "deals:write"])
        record.rotatedFrom = "0123456789ab"
        let bytes = try TokenFileEncoder.encode(record)
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.prefix { $0 != ":" } }
        #expect(
            keys == ["version", "name", "created_by", "created_at", "expires_at", "scopes", "hash", "rotated_from"])
        #expect(text.contains("\nscopes: contacts:read deals:write\nhash: "))
        let reread = try Self.reread(bytes, id: record.id)
        #expect(reread == record)
        #expect(try TokenFileEncoder.encode(reread) == bytes, "rewriting an unchanged token changes bytes")
    }

    @Test("An unscoped token's file has no scopes key, and neither has one with an empty list")
    func unscoped() throws {
        for scopes in [nil, [String]()] {
            let text = String(decoding: try TokenFileEncoder.encode(Self.scoped(scopes)), as: UTF8.self)
            #expect(!text.contains("scopes"), "\(text)")
        }
    }

    @Test(
        "A scopes line a YAML 1.1 reader would take for a bool, null or number is quoted, and reads back",
        arguments: [["null"], ["yes"], ["off"], ["123"], ["0x1f"], ["1.5"], ["2026-11-29"]])
    func quotedLine(_ scopes: [String]) throws {
        let record = Self.scoped(scopes)
        let bytes = try TokenFileEncoder.encode(record)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\nscopes: '\(scopes[0])'\n"), "\(text)")
        #expect(try Self.reread(bytes, id: record.id) == record)
    }

    @Test("generate writes the scopes sorted and without repeats; the index grants them")
    func generateScoped() throws {
        let directory = try TemporaryDirectory()
        let generated = try TokenStore(dataFolder: directory.path).generate(
            workspace: "acme", name: "CRM", expiry: .days(7),
            scopes: ["deals:write", "contacts:read", "deals:write", "a/b.c_d-e"], createdBy: "a")
        #expect(generated.record.scopes == ["a/b.c_d-e", "contacts:read", "deals:write"])
        let text = try String(contentsOfFile: generated.path, encoding: .utf8)
        #expect(text.contains("\nscopes: a/b.c_d-e contacts:read deals:write\n"))
        let token = generated.secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let index = try TokenIndex(loading: directory.path)
        let verified = index.verify(token, requiring: RequiredScopes(["deals:write"]))
        #expect(verified.isValid)
        #expect(verified.record == generated.record)
        #expect(
            Array(try #require(FileManager.default.contents(atPath: generated.path)))
                == (try TokenFileEncoder.encode(generated.record)))
    }

    @Test(
        "generate refuses bad scope names and more than 32 scopes, and writes nothing",
        arguments: [
            ["Deals"], [""], ["a b"], ["-x"], ["deals*"], [String(repeating: "a", count: 65)], ["ok", "été"],
            (1...33).map { "scope-\($0)" },
        ])
    func badScopes(_ scopes: [String]) throws {
        let directory = try TemporaryDirectory()
        #expect {
            try TokenStore(dataFolder: directory.path).generate(
                workspace: "acme", name: "CRM", expiry: .days(7), scopes: scopes, createdBy: "a")
        } throws: { error in
            guard case TokenStoreError.invalidScopes(let problem) = error else { return false }
            return problem == TokenScope.problem(withNames: scopes)
        }
        #expect(directory.allFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/acme"))
    }

    @Test("32 scopes are accepted, and 33 names with a repeat among them are 32")
    func limit() throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        let names = (1...32).map { "scope-\($0)" }
        let full = try store.generate(workspace: "acme", name: "Full", expiry: .days(7), scopes: names, createdBy: "a")
        #expect(full.record.scopes?.count == 32)
        let repeated = try store.generate(
            workspace: "acme", name: "Repeated", expiry: .days(7), scopes: names + ["scope-1"], createdBy: "a")
        #expect(repeated.record.scopes == full.record.scopes)
    }
}

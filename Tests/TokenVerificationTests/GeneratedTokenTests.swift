import Foundation
import TestSupport
import Testing
import TokenStore

@testable import TokenVerification

@Suite("Generated tokens")
struct GeneratedTokenTests {
    static let count = 10_000

    /// 10,000 tokens from the real generator, with their texts.
    static func generate() throws -> [String] {
        try (0..<count).map { _ in try TestTokens.secret().text }
    }

    @Test("10,000 generated tokens are well-formed, distinct, and each verifies valid")
    func wellFormedDistinctValid() throws {
        let tokens = try Self.generate()
        #expect(Set(tokens).count == Self.count)
        let alphabet = Set(Base62.digits)
        for token in tokens {
            #expect(token.utf8.count == 42)
            #expect(token.hasPrefix("tok_"))
            #expect(token.utf8.dropFirst(4).allSatisfy { alphabet.contains($0) })
            #expect(TokenFormat.isWellFormed(token))
        }
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(directory.path)/acme", withIntermediateDirectories: true)
        for (offset, token) in tokens.enumerated() {
            let record = TestTokens.record(name: "token \(offset)", hash: SHA256Digester.digest(token))
            let file = "\(directory.path)/acme/\(record.id).yaml"
            #expect(FileManager.default.createFile(atPath: file, contents: Data(try TokenFileEncoder.encode(record))))
        }
        let index = try TokenIndex(loading: directory.path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let valid = tokens.filter { index.verify($0, at: now).isValid }
        #expect(valid.count == Self.count)
    }

    @Test("Changing any one character of a token makes it malformed")
    func oneCharacterChange() throws {
        let tokens = try Self.generate()
        var checked = 0
        for (offset, token) in tokens.enumerated() {
            var bytes = Array(token.utf8)
            let position = offset % bytes.count
            let original = bytes[position]
            // Another base62 digit (or, in the prefix, another letter), chosen by the token's place in the list.
            var replacement = Base62.digits[(offset * 7 + 1) % 62]
            if replacement == original { replacement = Base62.digits[(offset * 7 + 2) % 62] }
            bytes[position] = replacement
            let changed = String(decoding: bytes, as: UTF8.self)
            #expect(!TokenFormat.isWellFormed(changed), "position \(position)")
            checked += 1
        }
        #expect(checked == Self.count)
    }

    @Test("Wrong length, alphabet or prefix is malformed")
    func shapes() throws {
        let token = try TestTokens.secret().text
        let index = TokenIndex.empty
        let middle = token.index(token.startIndex, offsetBy: 10)
        let rest = String(token[token.index(after: middle)...])
        let head = String(token[..<middle])
        let bads: [String] = [
            "", "tok_", String(token.dropLast()), token + "0", "TOK_" + String(token.dropFirst(4)),
            "tk_" + String(token.dropFirst(3)), head + "-" + rest, head + "é" + rest, " " + token, token + "\n",
        ]
        for bad in bads {
            #expect(index.verify(bad) == .malformed)
        }
        #expect(index.verify(token) == .unknown)
    }

    @Test("Characters are uniform: no modulo bias")
    func uniformCharacters() throws {
        var counts = [Int](repeating: 0, count: 256)
        for token in try Self.generate() {
            for byte in token.utf8.dropFirst(4).prefix(32) {
                counts[Int(byte)] += 1
            }
        }
        let used = Base62.digits.map { counts[Int($0)] }
        let expected = Double(Self.count * 32) / 62
        // Modulo bias (byte % 62 over 0...255) would make 8 characters 25% more frequent than the rest.
        #expect(used.allSatisfy { abs(Double($0) - expected) / expected < 0.08 })
    }
}

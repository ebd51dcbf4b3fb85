import Foundation
import TestSupport
import Testing
import TokenVerification

@testable import TokenGitOps

@Suite("delete --leaked: inputs of every kind and size")
struct LeakedInputTests {
    /// `token`'s text in UTF-16LE.
    static func utf16(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// The line `delete --leaked` prints for a token of the fixture it has just revoked.
    static func revokedLine(_ token: LeakFixture.Planted) -> String {
        "\(token.masked) revoked workspace=\(token.record.workspace) id=\(token.id) name=\"\(token.record.name)\"\n"
    }

    @Test("Tokens across the edges of the chunks the input is read in are found, from a file and from a pipe")
    func chunkEdges() throws {
        let fixture = try LeakFixture()
        let chunk = StreamScan.chunkSize
        let filler = Array("2026-11-29T12:00:00Z level=info msg=\"request served\" status=200 took=3ms\n".utf8)
        var bytes = (0..<(7 * chunk)).map { filler[$0 % filler.count] }
        var expected: [LeakFixture.Planted] = []
        func place(_ encoded: [UInt8], at start: Int) {
            bytes.replaceSubrange(start..<(start + encoded.count), with: encoded)
        }
        // Plain text split after 1, 4, 21 and 41 of its 42 bytes by the ends of chunks 1 to 4.
        for (edge, split) in zip(1..., [1, 4, 21, 41]) {
            let token = try fixture.plant("Plain \(split)")
            place(Array(token.text.utf8), at: edge * chunk - split)
            expected.append(token)
        }
        let base64 = try fixture.plant("Base64")
        place(Array(Data(base64.text.utf8).base64EncodedString().utf8), at: 5 * chunk - 30)
        expected.append(base64)
        let wide = try fixture.plant("UTF-16")
        place(Self.utf16(wide.text), at: 6 * chunk - 40)  // UTF-16 code units start at even offsets
        expected.append(wide)
        let last = try fixture.plant("At The End")
        bytes += Array(last.text.utf8)  // the input's last bytes, with no newline after them
        expected.append(last)
        let log = try fixture.log(bytes)

        let fromFile = try fixture.leaked(log)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == expected.map(Self.revokedLine).joined())

        // Through a pipe, each read is as long as the pipe gives: the same tokens, now already revoked.
        let fromPipe = try fixture.leaked(stdin: Data(bytes))
        #expect(fromPipe.status == 0, "\(fromPipe.stderr)")
        #expect(
            fromPipe.stdout
                == expected.map(Self.revokedLine).joined()
                .replacingOccurrences(of: " revoked workspace=", with: " already revoked workspace="))
    }

    @Test("Binary input: tokens in it are found among random bytes and NULs; none found is said so, exit 0")
    func binaryInput() throws {
        let fixture = try LeakFixture()
        let plain = try fixture.plant("In Binary")
        let wide = try fixture.plant("Wide In Binary")
        var random = SplitMix64(seed: 17)
        var bytes = (0..<(3 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        bytes.replaceSubrange(0..<4096, with: [UInt8](repeating: 0, count: 4096))
        let clean = try fixture.log(bytes, named: "clean.bin")
        bytes.replaceSubrange(1_000_001..<(1_000_001 + TokenFormat.length), with: Array(plain.text.utf8))
        bytes.replaceSubrange(2_000_000..<(2_000_000 + 2 * TokenFormat.length), with: Self.utf16(wide.text))
        let leaked = try fixture.log(bytes, named: "core.bin")

        let before = fixture.repository.directory.snapshot()
        let none = try fixture.leaked(clean)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout == "no token found in \(clean)\n")
        #expect(none.stderr.isEmpty)
        #expect(fixture.repository.directory.snapshot() == before)

        let found = try fixture.leaked(leaked)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout == Self.revokedLine(plain) + Self.revokedLine(wide))
    }

    @Test("Empty input, as a file or on stdin: one line saying no token was found, exit 0, nothing written")
    func emptyInput() throws {
        let fixture = try LeakFixture()
        _ = try fixture.plant("Untouched")
        let empty = try fixture.log("", named: "empty.log")
        let before = fixture.repository.directory.snapshot()
        for (arguments, line) in [([empty], "no token found in \(empty)"), ([], "no token found on stdin")] {
            let result = try CommandRunner.tokenctl(["delete", "--leaked"] + arguments, in: fixture.repository.path)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == line + "\n")
            #expect(result.stderr.isEmpty)
        }
        #expect(fixture.repository.directory.snapshot() == before)
    }

    @Test("An input that cannot be read: one error line naming it, exit 1, nothing written")
    func unreadableInput() throws {
        let fixture = try LeakFixture()
        let token = try fixture.plant("Untouched")
        var cases = [
            (
                "\(fixture.logs.path)/missing.log",
                "no such file or directory; nothing was written (--leaked takes a file to scan, not a token's id or name)"
            ),
            (
                "CRM Integration",
                "no such file or directory; nothing was written (--leaked takes a file to scan, not a token's id or name)"
            ),
            (fixture.logs.path, "is a directory; nothing was written"),
        ]
        if geteuid() != 0 {
            // Root reads any file whatever its mode: this case runs only for other users.
            let locked = try fixture.log("\(token.text)\n", named: "locked.log")
            #expect(chmod(locked, 0) == 0)
            cases.append((locked, "permission denied; nothing was written"))
        }
        let before = fixture.repository.directory.snapshot()
        for (path, reason) in cases {
            let result = try fixture.leaked(path)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "tokenctl: error: cannot read \(path): \(reason)\n")
        }
        #expect(fixture.repository.directory.snapshot() == before)
    }

    @Test("One token many times over is one line")
    func repeatedToken() throws {
        let fixture = try LeakFixture()
        let token = try fixture.plant("Chatty")
        let line = "2026-11-29T12:00:00Z retrying with Authorization: Bearer \(token.text)\n"
        let result = try fixture.leaked(try fixture.log(String(repeating: line, count: 50_000)))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Self.revokedLine(token))
    }

    @Test("Thousands of distinct tokens, each twice: a line each, in the order first seen")
    func thousandsOfTokens() throws {
        let fixture = try LeakFixture()
        var known: [LeakFixture.Planted] = []
        for number in 0..<2_000 {
            known.append(try fixture.plant("Token \(number)", workspace: number % 2 == 0 ? "acme" : "beta"))
        }
        let foreign = try (0..<1_000).map { _ in try TestTokens.secret().text }
        var random = SplitMix64(seed: 5)
        let order = (known.map(\.text) + foreign).shuffled(using: &random)
        let log = try fixture.log((order + order.reversed()).map { "token=\($0)\n" }.joined())

        let result = try fixture.leaked(log)
        #expect(result.status == 0, "\(result.stderr)")
        let byText = Dictionary(uniqueKeysWithValues: known.map { ($0.text, $0) })
        let expected = order.map { text in byText[text].map(Self.revokedLine) ?? "\(text.prefix(7))… unknown\n" }
        #expect(result.stdout == expected.joined())
        #expect(try TokenIndex(loading: fixture.data).tokens().allSatisfy { $0.isRevoked })
    }
}

import Foundation
import Testing
import TokenVerification

@testable import TokenGitOps

/// A million look-alikes (`tok_` and 38 base62 characters whose checksum is wrong), as text and
/// base64-encoded, give no finding: the checksum keeps the scan free of false positives.
///
/// The lead runs this suite once per change, not under the sanitizers: it scans about 100 MB,
/// which takes seconds in a debug build and far longer instrumented.
@Suite("Scanner false positives")
struct ScannerFalsePositiveTests {
    static let lookAlikeCount = 1_000_000

    /// `count` look-alikes, one a line: random characters and the right checksum with its last
    /// character changed, so that none is a token.
    static func lookAlikes(count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(count * (TokenFormat.length + 1))
        var random = [UInt8](repeating: 0, count: TokenFormat.randomLength)
        for _ in 0..<count {
            for index in random.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                random[index] = alphabet[Int(state % 62)]
            }
            var checksum = TokenFormat.checksum(of: random)
            let last = alphabet.firstIndex(of: checksum[checksum.count - 1]) ?? 0
            checksum[checksum.count - 1] = alphabet[(last + 1) % 62]
            text += Array(TokenFormat.prefix.utf8) + random + checksum + [UInt8(ascii: "\n")]
        }
        return text
    }

    /// How many findings a scan of `bytes`, fed in 64 KiB chunks, reports.
    static func findings(in bytes: [UInt8]) -> Int {
        var scanner = PlaintextTokenScanner(path: "lookalikes")
        var count = 0
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(start + RepositoryScan.chunkSize, all.count)
                scanner.feed(UnsafeRawBufferPointer(rebasing: all[start..<end])) { _ in count += 1 }
                start = end
            }
        }
        scanner.finish { _ in count += 1 }
        return count
    }

    @Test("A million look-alikes with a wrong checksum, as text and as base64, are not findings")
    func noFalsePositives() {
        let text = Self.lookAlikes(count: Self.lookAlikeCount)
        #expect(TokenFormat.isWellFormed(String(decoding: text.prefix(TokenFormat.length), as: UTF8.self)) == false)
        #expect(Self.findings(in: text) == 0)
        let base64 = Array(Data(text).base64EncodedString().utf8)
        #expect(Self.findings(in: base64) == 0)
    }
}

import Foundation
import TestSupport
import Testing
import TokenVerification

@testable import TokenGitOps

/// The scan skips blocks of bytes that hold no token's signature: a token found in every encoding,
/// at every position against those blocks and against the chunks it is fed in, with its line.
@Suite("Scanner alignment")
struct ScannerAlignmentTests {
    /// A token's text written each way the scan reads it.
    static func encodings(of text: String) -> [(name: String, bytes: [UInt8])] {
        let utf8 = Array(text.utf8)
        var forms: [(String, [UInt8])] = [
            ("plain", utf8),
            ("UTF-16LE", text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            ("UTF-16BE", text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
        ]
        for shift in 0..<3 {
            // Leading bytes that put + and / (or - and _) in the encoding.
            let standard = Data([UInt8](repeating: 0xFB, count: shift) + utf8 + [0xFF]).base64EncodedString()
            forms.append(("base64, shift \(shift)", Array(standard.utf8)))
            let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            forms.append(("URL-safe base64, shift \(shift)", Array(urlSafe.utf8)))
        }
        return forms
    }

    /// Every finding in `bytes`, fed to one scanner `chunkSize` bytes at a time.
    static func findings(in bytes: [UInt8], chunkSize: Int) -> [PlaintextFinding] {
        var scanner = PlaintextTokenScanner(path: "input")
        var findings: [PlaintextFinding] = []
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(start + chunkSize, all.count)
                scanner.feed(UnsafeRawBufferPointer(rebasing: all[start..<end])) { findings.append($0) }
                start = end
            }
        }
        scanner.finish { findings.append($0) }
        return findings
    }

    @Test("A token in any encoding after 0 to 47 bytes of text, fed in chunks of 1, 5, 16, 64 and 4096 bytes")
    func everyAlignment() throws {
        let (secret, text) = try TestTokens.secret()
        let filler = Array("ab\n0d 1R\tx".utf8)
        for (name, encoded) in Self.encodings(of: text) {
            for lead in 0..<48 {
                // UTF-16 is read at even offsets: an odd lead gets one more byte.
                let before = (0..<(lead + (name.hasPrefix("UTF-16") ? lead & 1 : 0))).map { filler[$0 % filler.count] }
                let bytes = before + encoded + Array("\nend of input 0d2 Rv tok\n".utf8)
                let line = before.count { $0 == UInt8(ascii: "\n") } + 1
                for chunkSize in [1, 5, 16, 64, 4096] {
                    let findings = Self.findings(in: bytes, chunkSize: chunkSize)
                    #expect(findings.map(\.hash) == [secret.hash], "\(name), lead \(lead), chunks of \(chunkSize)")
                    #expect(findings.map(\.line) == [line], "\(name), lead \(lead), chunks of \(chunkSize)")
                }
            }
        }
    }

    @Test("Lines are counted across skipped blocks: a token after thousands of lines has its line number")
    func linesAcrossBlocks() throws {
        let (secret, text) = try TestTokens.secret()
        for lineLength in [1, 7, 16, 17, 100] {
            let line = [UInt8](repeating: UInt8(ascii: "x"), count: lineLength - 1) + [UInt8(ascii: "\n")]
            let bytes = Array([[UInt8]](repeating: line, count: 3_000).joined()) + Array("at \(text)".utf8)
            let findings = Self.findings(in: bytes, chunkSize: 65_536)
            #expect(findings.map(\.hash) == [secret.hash])
            #expect(findings.map(\.line) == [3_001], "lines of \(lineLength) bytes")
        }
    }
}

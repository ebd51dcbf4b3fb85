import Testing

@testable import TokenVerification

@Suite("Known-answer vectors")
struct KnownAnswerTests {
    @Test("SHA-256 through OpenSSL matches the FIPS 180-2 vectors")
    func sha256() {
        #expect(
            SHA256Digester.digest("abc").hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256Digester.digest("").hex
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256Digester.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("CRC-32 of 123456789 is cbf43926")
    func crc32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("Base62 checksums are CRC-32 in base62, most significant digit first, padded to 6")
    func base62Checksum() {
        #expect(String(decoding: Base62.encode(0xCBF4_3926, width: 6), as: UTF8.self) == "3jZRME")
        #expect(String(decoding: Base62.encode(0, width: 6), as: UTF8.self) == "000000")
        #expect(String(decoding: Base62.encode(61, width: 6), as: UTF8.self) == "00000z")
        // Checksums of two random parts, computed independently with Python's zlib.crc32.
        #expect(
            String(decoding: TokenFormat.checksum(of: Array("0123456789ABCDEFGHIJKLMNOPQRSTUV".utf8)), as: UTF8.self)
                == "1ggZdL")
        #expect(
            String(decoding: TokenFormat.checksum(of: Array("abcdefghijklmnopqrstuvwxyzABCDEF".utf8)), as: UTF8.self)
                == "1mVgZW")
    }

    @Test("A token's hash and id are the SHA-256 of its whole text")
    func tokenHash() throws {
        let token = TokenFormat.prefix + "0123456789ABCDEFGHIJKLMNOPQRSTUV" + "1ggZdL"
        #expect(TokenFormat.isWellFormed(token))
        let digest = SHA256Digester.digest(token)
        #expect(digest.description == "sha256:68610618809cd6515b9e5c818b065f6c470374a924ed638a52c6ed13b87830a1")
        #expect(digest.id == "68610618809c")
        #expect(TokenDigest(digest.description) == digest)
    }

    @Test("Stored hashes parse only as sha256: and 64 lowercase hex digits")
    func digestParsing() {
        let hex = String(repeating: "ab", count: 32)
        #expect(TokenDigest("sha256:" + hex)?.hex == hex)
        #expect(TokenDigest("sha256:" + hex.uppercased()) == nil)
        #expect(TokenDigest("sha512:" + hex) == nil)
        #expect(TokenDigest("sha256:" + hex.dropLast()) == nil)
        #expect(TokenDigest(hex) == nil)
    }

    @Test("UTC timestamps parse and format in the file's one form")
    func timestamps() throws {
        let date = try #require(UTCTimestamp.parse("2026-11-29T08:30:00Z"))
        #expect(date.timeIntervalSince1970 == 1_795_941_000)
        #expect(UTCTimestamp.format(date) == "2026-11-29T08:30:00Z")
        #expect(UTCTimestamp.format(try #require(UTCTimestamp.parse("2024-02-29T23:59:59Z"))) == "2024-02-29T23:59:59Z")
        for bad in [
            "2026-11-29T08:30:00", "2026-11-29 08:30:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-29T24:00:00Z", "2026-11-29T08:30:00.5Z", "2026-11-29T08:30:00+01:00", "never", "",
        ] {
            #expect(UTCTimestamp.parse(bad) == nil, "\(bad)")
        }
    }
}

internal import COpenSSL
import TokenVerification

/// Makes new token secrets from OpenSSL's `RAND_bytes`.
public enum TokenSecretGenerator {
    /// Generates a token: `tok_` + 32 uniform base62 characters + their checksum.
    ///
    /// Random bytes of 248 or more are discarded (rejection sampling), so each of the 62
    /// characters is exactly equally likely: 32 characters carry 190 bits.
    /// - Returns: The secret.
    /// - Throws: ``TokenStoreError`` when OpenSSL's random generator fails.
    public static func generate() throws(TokenStoreError) -> TokenSecret {
        let token = UnsafeMutableRawBufferPointer.allocate(byteCount: TokenFormat.length, alignment: 1)
        let random = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
        defer {
            OPENSSL_cleanse(token.baseAddress, token.count)
            OPENSSL_cleanse(random.baseAddress, random.count)
            token.deallocate()
            random.deallocate()
        }
        token.copyBytes(from: TokenFormat.prefix.utf8)
        let randomEnd = TokenFormat.prefix.utf8.count + TokenFormat.randomLength
        var filled = TokenFormat.prefix.utf8.count
        while filled < randomEnd {
            guard RAND_bytes(random.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(random.count)) == 1 else {
                throw .randomGeneratorFailed(openSSLError: ERR_get_error())
            }
            for byte in random where byte < 248 && filled < randomEnd {
                token[filled] = Base62.digits[Int(byte % 62)]
                filled += 1
            }
        }
        let checksum = TokenFormat.checksum(of: UnsafeRawBufferPointer(rebasing: token[4..<randomEnd]))
        for (offset, digit) in checksum.enumerated() {
            token[randomEnd + offset] = digit
        }
        return TokenSecret(bytes: UnsafeRawBufferPointer(token))
    }
}

/// The shape of a token: `tok_` + 32 random base62 characters + a 6-character base62 CRC-32 checksum.
///
/// Checking the shape costs no allocation and no hashing, so malformed input is turned away
/// before any index lookup.
public enum TokenFormat {
    /// The prefix every token starts with.
    public static let prefix = "tok_"
    /// How many random base62 characters follow the prefix.
    public static let randomLength = 32
    /// How many base62 checksum characters end the token.
    public static let checksumLength = 6
    /// The length of a whole token in bytes.
    public static let length = 4 + randomLength + checksumLength

    private static let prefixBytes: (UInt8, UInt8, UInt8, UInt8) = (0x74, 0x6F, 0x6B, 0x5F)

    /// Whether `token` has the token shape: prefix, length, alphabet and a matching checksum.
    ///
    /// - Parameter token: A presented token string.
    /// - Returns: `true` when it is well-formed (it may still be unknown).
    public static func isWellFormed(_ token: String) -> Bool {
        var token = token
        return token.withUTF8 { isWellFormed(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the bytes have the token shape: prefix, length, alphabet and a matching checksum.
    package static func isWellFormed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == length,
            bytes[0] == prefixBytes.0, bytes[1] == prefixBytes.1,
            bytes[2] == prefixBytes.2, bytes[3] == prefixBytes.3
        else { return false }
        let randomPart = UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + randomLength)])
        var expected = UInt64(CRC32.checksum(randomPart))
        return Base62.values.withUnsafeBufferPointer { values in
            for index in randomPart.indices where values[Int(randomPart[index])] < 0 {
                return false
            }
            var position = length - 1
            while position >= length - checksumLength {
                let digit = values[Int(bytes[position])]
                guard digit >= 0, UInt64(digit) == expected % 62 else { return false }
                expected /= 62
                position -= 1
            }
            return expected == 0
        }
    }

    /// The 6 checksum characters for 32 random characters.
    ///
    /// - Parameter randomPart: The ASCII bytes of the random characters.
    /// - Returns: The base62 CRC-32, most significant digit first, padded with `0`.
    package static func checksum<Bytes: Sequence>(of randomPart: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        Base62.encode(UInt64(CRC32.checksum(randomPart)), width: checksumLength)
    }
}

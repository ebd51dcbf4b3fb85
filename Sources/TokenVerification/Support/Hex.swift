/// Lowercase hexadecimal, as used by stored hashes and token ids.
package enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The lowercase hex text of `bytes`.
    package static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    /// The value of one lowercase hex digit, or a value of 16 or more for any other byte, so that
    /// many digits can be decoded first and checked all at once.
    package static func nibble(_ digit: UInt8) -> UInt8 {
        let decimal = digit &- UInt8(ascii: "0")
        let letter = digit &- UInt8(ascii: "a")
        return decimal < 10 ? decimal : (letter < 6 ? letter &+ 10 : 0xFF)
    }

    /// Whether `text` is exactly `count` lowercase hex digits.
    package static func isLowercaseHex(_ text: String, count: Int) -> Bool {
        isLowercaseHex(text.utf8, count: count)
    }

    /// Whether `bytes` are exactly `count` lowercase hex digits.
    package static func isLowercaseHex(_ bytes: some Collection<UInt8>, count: Int) -> Bool {
        bytes.count == count && bytes.allSatisfy { nibble($0) < 16 }
    }
}

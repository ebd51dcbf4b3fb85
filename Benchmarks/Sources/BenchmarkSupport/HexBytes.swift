/// Hex digits to bytes, for handing digests to the C floors.
public enum HexBytes {
    /// The bytes of an even-length string of hex digits (any other character counts as zero).
    public static func decode(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8).map { digit -> UInt8 in
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: 0
            }
        }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}

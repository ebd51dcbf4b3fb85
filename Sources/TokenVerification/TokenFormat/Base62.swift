/// The base62 alphabet of tokens, `0-9A-Za-z`, in digit order.
package enum Base62 {
    /// The 62 ASCII digits, least significant first.
    package static let digits: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// For every byte, its digit value, or -1 when the byte is not a base62 digit.
    package static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, digit) in digits.enumerated() {
            table[Int(digit)] = Int8(value)
        }
        return table
    }()

    /// Writes `value` as `width` base62 digits, most significant first, left-padded with `0`.
    ///
    /// - Parameters:
    ///   - value: The number to write; it must fit in `width` digits.
    ///   - width: How many digits to write.
    /// - Returns: The ASCII digits.
    package static func encode(_ value: UInt64, width: Int) -> [UInt8] {
        var digitsOut = [UInt8](repeating: digits[0], count: width)
        var rest = value
        for position in stride(from: width - 1, through: 0, by: -1) {
            digitsOut[position] = digits[Int(rest % 62)]
            rest /= 62
        }
        return digitsOut
    }
}

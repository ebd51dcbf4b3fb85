import TokenVerification

/// Recognizes a token at a position in a byte stream: as plain text, in base64 (standard or
/// URL-safe, at any of the three byte offsets a token can have in base64's 3-byte groups) or in
/// UTF-16 (little- or big-endian). Every match is confirmed by the token's checksum.
enum EncodedTokenMatcher {
    /// How a token was written.
    enum Encoding: Sendable {
        case plain, base64, utf16LittleEndian, utf16BigEndian
    }

    /// A token found at a position: how it was written, how many bytes it spans there, and its text.
    struct Match {
        var encoding: Encoding
        var length: Int
        var token: [UInt8]
    }

    /// The most bytes a match reads from its position on: a token in UTF-16.
    static let longestMatch = 2 * TokenFormat.length

    /// Whether a match could start with this byte: a cheap first filter for the scan's loop.
    static let couldStart: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        table[Int(prefix[0])] = true
        table[0] = true
        for pattern in base64Patterns {
            for byte in 0..<256 where base64Values[byte] == pattern.values[0] {
                table[byte] = true
            }
        }
        return table
    }()

    private static let prefix = Array(TokenFormat.prefix.utf8)

    /// The base64 characters of each 6-bit value: the standard alphabet, and the URL-safe one.
    private static let base64Alphabets = [
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8),
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8),
    ]

    /// Each base64 character's 6-bit value, with both alphabets (`+/` and `-_`); `-1` for others.
    private static let base64Values: [Int8] = {
        var values = [Int8](repeating: -1, count: 256)
        for alphabet in base64Alphabets {
            for (value, byte) in alphabet.enumerated() {
                values[Int(byte)] = Int8(value)
            }
        }
        return values
    }()

    /// The first three bytes of every match at its position, one triple per way a token can be
    /// written: `tok` as plain text, `t␀o` and `␀t␀` in UTF-16 (little- and big-endian, whose
    /// position is the zero byte before the `t`), and in base64 the first three characters the
    /// prefix fixes at each alignment, in each alphabet.
    static let signatures: [[UInt8]] = {
        var signatures = [Array(prefix[0..<3]), [prefix[0], 0, prefix[1]], [0, prefix[0], 0]]
        for pattern in base64Patterns {
            for alphabet in base64Alphabets {
                let signature = pattern.values.prefix(3).map { alphabet[Int($0)] }
                if !signatures.contains(signature) {
                    signatures.append(signature)
                }
            }
        }
        return signatures
    }()

    /// The base64 characters that depend on the prefix's bytes alone, for each offset of the token in
    /// a 3-byte group: where they start (in characters from the group's start) and their values.
    private struct Base64Pattern {
        var offset: Int
        var firstCharacter: Int
        var values: [Int8]
        /// How many characters from the group's start hold the offset bytes and the whole token.
        var characterCount: Int { (8 * (offset + TokenFormat.length) + 5) / 6 }
    }

    private static let base64Patterns: [Base64Pattern] = (0..<3).map { offset in
        let bits = (8 * offset)..<(8 * (offset + prefix.count))
        let characters = ((bits.lowerBound + 5) / 6)..<(bits.upperBound / 6)
        let values = characters.map { character in
            (0..<6).reduce(Int8(0)) { value, bit in
                let position = 6 * character + bit - bits.lowerBound
                let set = prefix[position / 8] >> (7 - position % 8) & 1
                return value << 1 | Int8(set)
            }
        }
        return Base64Pattern(offset: offset, firstCharacter: characters.lowerBound, values: values)
    }

    /// How many bytes before a position a base64 match may start (its group's start).
    static let lookBehind = base64Patterns.map(\.firstCharacter).max() ?? 0

    /// The token that starts at `position` of `bytes`, in any encoding, if there is one; for base64,
    /// `position` is where the characters fixed by the prefix start, and the match starts up to
    /// ``lookBehind`` bytes earlier (`start` says where).
    ///
    /// - Parameter isEven: Whether `position` is at an even offset in the file: UTF-16 code units
    ///   start there (after a byte-order mark too), which tells little- from big-endian text.
    static func match(
        at position: Int, in bytes: UnsafeRawBufferPointer, isEven: Bool
    ) -> (start: Int, match: Match)? {
        let byte = bytes[position]
        if byte == prefix[0] {
            if let token = plain(at: position, in: bytes) {
                return (position, Match(encoding: .plain, length: TokenFormat.length, token: token))
            }
            if isEven, let token = utf16(at: position, in: bytes, bigEndian: false) {
                return (position, Match(encoding: .utf16LittleEndian, length: 2 * TokenFormat.length, token: token))
            }
        } else if byte == 0 {
            if isEven, let token = utf16(at: position, in: bytes, bigEndian: true) {
                return (position, Match(encoding: .utf16BigEndian, length: 2 * TokenFormat.length, token: token))
            }
            return nil
        }
        let value = base64Values[Int(byte)]
        for pattern in base64Patterns where pattern.values[0] == value {
            let start = position - pattern.firstCharacter
            if let token = base64(pattern, groupStart: start, in: bytes) {
                return (start, Match(encoding: .base64, length: pattern.characterCount, token: token))
            }
        }
        return nil
    }

    private static func plain(at position: Int, in bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        guard position + TokenFormat.length <= bytes.count, bytes[position + 3] == prefix[3] else { return nil }
        let candidate = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + TokenFormat.length)])
        return TokenFormat.isWellFormed(candidate) ? Array(candidate) : nil
    }

    /// A UTF-16 token: each character's byte beside a zero byte (after it, or before it big-endian,
    /// where `position` is the first zero byte).
    private static func utf16(at position: Int, in bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> [UInt8]? {
        let first = position + (bigEndian ? 1 : 0)
        guard first + 2 * TokenFormat.length - (bigEndian ? 1 : 0) <= bytes.count,
            bytes[first] == prefix[0], bytes[first + 1 - (bigEndian ? 2 : 0)] == 0,
            bytes[first + 2] == prefix[1]
        else { return nil }
        var token = [UInt8](repeating: 0, count: TokenFormat.length)
        for index in token.indices {
            let character = first + 2 * index
            guard bytes[bigEndian ? character - 1 : character + 1] == 0 else { return nil }
            token[index] = bytes[character]
        }
        return token.withUnsafeBytes { TokenFormat.isWellFormed($0) } ? token : nil
    }

    /// A base64 token whose 3-byte group starts at character `groupStart`.
    private static func base64(
        _ pattern: Base64Pattern, groupStart: Int, in bytes: UnsafeRawBufferPointer
    ) -> [UInt8]? {
        guard groupStart >= 0, groupStart + pattern.characterCount <= bytes.count else { return nil }
        let fixed = groupStart + pattern.firstCharacter
        for index in pattern.values.indices where base64Values[Int(bytes[fixed + index])] != pattern.values[index] {
            return nil
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(pattern.offset + TokenFormat.length)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in groupStart..<(groupStart + pattern.characterCount) {
            let value = base64Values[Int(bytes[character])]
            guard value >= 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                decoded.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        let token = Array(decoded[pattern.offset..<(pattern.offset + TokenFormat.length)])
        return token.withUnsafeBytes { TokenFormat.isWellFormed($0) } ? token : nil
    }
}

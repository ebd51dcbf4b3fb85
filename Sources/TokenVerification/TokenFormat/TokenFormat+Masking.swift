extension TokenFormat {
    /// How a token is named where its secret must not appear: the prefix and three characters,
    /// then `…` (`tok_AbC…`).
    ///
    /// - Parameter token: The token's bytes.
    public static func masked(_ token: some Collection<UInt8>) -> String {
        String(decoding: token.prefix(prefix.utf8.count + 3), as: UTF8.self) + "…"
    }

    /// `text` with every well-formed token in it replaced by its masked form: for file names and
    /// problems shown in logs and answers, which a secret must never reach.
    ///
    /// - Parameter text: A path or a message.
    public static func maskingTokens(in text: String) -> String {
        masking(text) { bytes, index in
            let end = index + length
            guard end <= bytes.count, bytes[index] == UInt8(ascii: "t"),
                bytes[index..<end].withUnsafeBytes({ isWellFormed($0) })
            else { return nil }
            return end
        }
    }

    /// `text` with every `tok_` followed by more than three base62 characters shown as its masked
    /// form, whatever their number or checksum: a truncated, mistyped or over-long secret is still
    /// mostly a secret. Shorter runs hide nothing and stay as they are, so masking twice changes
    /// nothing. For messages that may quote a command line.
    ///
    /// - Parameter text: A message.
    public static func maskingTokenShapes(in text: String) -> String {
        let prefixBytes = Array(prefix.utf8)
        return masking(text) { bytes, index in
            guard bytes[index...].starts(with: prefixBytes) else { return nil }
            var end = index + prefixBytes.count
            while end < bytes.count && Base62.values[Int(bytes[end])] >= 0 {
                end += 1
            }
            return end - index > prefixBytes.count + 3 ? end : nil
        }
    }

    /// `text` with each run that `match` finds (given the bytes and a start, the run's end, or `nil`)
    /// replaced by its masked form.
    private static func masking(_ text: String, match: ([UInt8], Int) -> Int?) -> String {
        guard text.contains(prefix) else { return text }
        let bytes = Array(text.utf8)
        var shown: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if let end = match(bytes, index) {
                shown += masked(bytes[index..<end]).utf8
                index = end
            } else {
                shown.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: shown, as: UTF8.self)
    }
}

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
        guard text.contains(prefix) else { return text }
        let bytes = Array(text.utf8)
        var shown: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let end = index + length
            if end <= bytes.count, bytes[index] == UInt8(ascii: "t"),
                bytes[index..<end].withUnsafeBytes({ isWellFormed($0) })
            {
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

import TokenVerification

/// Masking whatever looks like a token in a message, so that no secret reaches the terminal's
/// scrollback or a CI log whatever argument it was mistyped into.
///
/// Token-shaped is `tok_` followed by base62 characters, whatever their number or checksum: a
/// truncated, mistyped or over-long secret is still mostly a secret.
enum TokenLikeText {
    /// `text` with every `tok_` followed by more than three base62 characters shown as its masked
    /// form (`tok_AbC…`); shorter runs hide nothing and stay as they are, so masking twice changes
    /// nothing.
    ///
    /// - Parameter text: A message that may quote the command line.
    static func masked(_ text: String) -> String {
        guard text.contains(TokenFormat.prefix) else { return text }
        let prefix = Array(TokenFormat.prefix.utf8)
        let bytes = Array(text.utf8)
        var shown: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: prefix) {
                var end = index + prefix.count
                while end < bytes.count && Base62.values[Int(bytes[end])] >= 0 {
                    end += 1
                }
                if end - index > prefix.count + 3 {
                    shown += TokenFormat.masked(bytes[index..<end]).utf8
                    index = end
                    continue
                }
            }
            shown.append(bytes[index])
            index += 1
        }
        return String(decoding: shown, as: UTF8.self)
    }
}

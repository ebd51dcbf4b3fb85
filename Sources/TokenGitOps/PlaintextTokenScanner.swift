import TokenVerification

/// A token found in plain text: where, a masked form, and its hash (to name it if it is known).
public struct PlaintextFinding: Hashable, Sendable {
    /// The file, relative to the repository's top level.
    public var path: String
    /// The 1-based line the token starts on.
    public var line: Int
    /// `tok_` and the first three random characters, then `…`: never the whole token.
    public var masked: String
    /// The token's hash, to look it up in the index.
    public var hash: TokenDigest
}

/// Finds real tokens (prefix, alphabet and a valid checksum) in a stream of bytes fed in chunks.
///
/// Only the last 41 bytes of a chunk are carried over to the next, so a file of any size is
/// scanned in bounded memory. A look-alike with a bad checksum is not a finding.
struct PlaintextTokenScanner {
    private var carried: [UInt8] = []
    private var carriedLine = 1
    private let path: String

    /// A scanner for one file.
    init(path: String) {
        self.path = path
    }

    /// Scans the next chunk of the file, reporting every token that ends within it.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, report: (PlaintextFinding) -> Void) {
        var buffer = carried
        buffer.append(contentsOf: chunk)
        var line = carriedLine
        var position = 0
        let lastStart = buffer.count - TokenFormat.length
        buffer.withUnsafeBytes { bytes in
            while position <= lastStart {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\n") {
                    line += 1
                } else if byte == UInt8(ascii: "t"), bytes[position + 1] == UInt8(ascii: "o"),
                    bytes[position + 2] == UInt8(ascii: "k"), bytes[position + 3] == UInt8(ascii: "_")
                {
                    let candidate = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + TokenFormat.length)])
                    if TokenFormat.isWellFormed(candidate) {
                        report(finding(candidate, line: line))
                    }
                }
                position += 1
            }
        }
        carried = Array(buffer[max(position, 0)...])
        carriedLine = line
    }

    private func finding(_ token: UnsafeRawBufferPointer, line: Int) -> PlaintextFinding {
        let visible = String(decoding: token.prefix(TokenFormat.prefix.utf8.count + 3), as: UTF8.self)
        return PlaintextFinding(
            path: path, line: line, masked: visible + "…", hash: SHA256Digester.digest(token))
    }
}

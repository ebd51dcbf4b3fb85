import TokenVerification

/// A token found in plain text: where, a masked form, and its hash (to name it if it is known).
public struct PlaintextFinding: Hashable, Sendable {
    /// The file, relative to the repository's top level, with any token in it masked.
    public var path: String
    /// The 1-based line the token starts on, or `0` when the token is in the file's name.
    public var line: Int
    /// `tok_` and the first three random characters, then `…`: never the whole token.
    public var masked: String
    /// How the token was written: `nil` as plain text, otherwise `base64`, `UTF-16LE` or `UTF-16BE`.
    public var encoding: String?
    /// The token's hash, to look it up in the index.
    public var hash: TokenDigest
}

/// Finds real tokens (prefix, alphabet and a valid checksum) in a stream of bytes fed in chunks:
/// as plain text, in base64 and in UTF-16 (see ``EncodedTokenMatcher``).
///
/// Only the last few dozen bytes of a chunk are carried over to the next, so a file of any size is
/// scanned in bounded memory; ``finish(report:)`` scans what is left at the end. A look-alike with a
/// bad checksum is not a finding.
struct PlaintextTokenScanner {
    /// Bytes not scanned yet, after up to ``EncodedTokenMatcher/lookBehind`` bytes already scanned.
    private var carried: [UInt8] = []
    private var carriedScanned = 0
    private var carriedLine = 1
    /// Where `carried` starts in the stream.
    private var carriedOffset = 0
    private let path: String

    /// A scanner for one file.
    init(path: String) {
        self.path = path
    }

    /// Scans the next chunk of the file, reporting every token that can be seen whole so far.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, report: (PlaintextFinding) -> Void) {
        scan(chunk, isLast: false) { _, finding in report(finding) }
    }

    /// Scans the bytes held back for the next chunk: call once at the end of the file.
    mutating func finish(report: (PlaintextFinding) -> Void) {
        scan(UnsafeRawBufferPointer(start: nil, count: 0), isLast: true) { _, finding in report(finding) }
    }

    /// Every token in `name` (a file name), and the name with each one replaced by its masked form.
    static func scanName(_ name: String) -> (masked: String, findings: [PlaintextFinding]) {
        var scanner = PlaintextTokenScanner(path: name)
        var spans: [(range: Range<Int>, finding: PlaintextFinding)] = []
        let bytes = Array(name.utf8)
        bytes.withUnsafeBytes {
            scanner.scan($0, isLast: true) { spans.append(($0, $1)) }
        }
        guard !spans.isEmpty else { return (name, []) }
        var masked: [UInt8] = []
        var next = 0
        for span in spans where span.range.lowerBound >= next {
            masked += bytes[next..<span.range.lowerBound] + Array(span.finding.masked.utf8)
            next = span.range.upperBound
        }
        masked += bytes[next...]
        let shown = String(decoding: masked, as: UTF8.self)
        return (
            shown,
            spans.map {
                PlaintextFinding(
                    path: shown, line: 0, masked: $0.finding.masked, encoding: $0.finding.encoding,
                    hash: $0.finding.hash)
            }
        )
    }

    private mutating func scan(
        _ chunk: UnsafeRawBufferPointer, isLast: Bool, report: (Range<Int>, PlaintextFinding) -> Void
    ) {
        var buffer = carried
        buffer.append(contentsOf: chunk)
        var line = carriedLine
        var position = carriedScanned
        let end = isLast ? buffer.count : buffer.count - EncodedTokenMatcher.longestMatch + 1
        let filter = TokenSignatureFilter.shared
        // Up to here, positions are tried one by one: the rest of a block the filter did not rule out.
        var bytewiseUntil = 0
        buffer.withUnsafeBytes { bytes in
            EncodedTokenMatcher.couldStart.withUnsafeBufferPointer { couldStart in
                while position < end {
                    if position >= bytewiseUntil && position + TokenSignatureFilter.span <= bytes.count
                        && position + TokenSignatureFilter.width <= end
                    {
                        if !filter.mayMatch(in: bytes, at: position) {
                            line += filter.newlines(in: bytes, at: position)
                            position += TokenSignatureFilter.width
                            continue
                        }
                        bytewiseUntil = position + TokenSignatureFilter.width
                    }
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\n") {
                        line += 1
                    } else if couldStart[Int(byte)],
                        let (start, match) = EncodedTokenMatcher.match(
                            at: position, in: bytes, isEven: (carriedOffset + position) & 1 == 0)
                    {
                        let offset = carriedOffset + start
                        report(offset..<(offset + match.length), finding(match, line: line))
                        // A match holds no newline; the same token is not found again in another encoding.
                        position = start + match.length - 1
                    }
                    position += 1
                }
            }
        }
        let kept = max(position - EncodedTokenMatcher.lookBehind, 0)
        carried = Array(buffer[kept...])
        carriedScanned = position - kept
        carriedOffset += kept
        carriedLine = line
    }

    private func finding(_ match: EncodedTokenMatcher.Match, line: Int) -> PlaintextFinding {
        let encoding: String? =
            switch match.encoding {
            case .plain: nil
            case .base64: "base64"
            case .utf16LittleEndian: "UTF-16LE"
            case .utf16BigEndian: "UTF-16BE"
            }
        return match.token.withUnsafeBytes {
            PlaintextFinding(
                path: path, line: line, masked: TokenFormat.masked(match.token), encoding: encoding,
                hash: SHA256Digester.digest($0))
        }
    }
}

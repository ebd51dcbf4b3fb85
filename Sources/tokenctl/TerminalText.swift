/// Making file-supplied text safe and measurable on a terminal.
enum TerminalText {
    /// `text` with control characters and bidirectional overrides shown as escapes (`\t`, `\u{202E}`),
    /// so a hostile name cannot move the cursor or reorder the table around it.
    static func escaped(_ text: String) -> String {
        if isPrintableASCII(text) { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                result += "\\t"
            } else if scalar.properties.generalCategory == .control || isBidiControl(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` in double quotes, with `"` and `\` backslash-escaped and the escapes of ``escaped(_:)``.
    static func quoted(_ text: String) -> String {
        if isPrintableASCII(text)
            && !text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        {
            return "\"" + text + "\""
        }
        let inner = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escaped(inner) + "\""
    }

    /// The number of terminal columns `text` takes: wide East Asian characters and emoji take two,
    /// combining marks and zero-width characters none.
    static func width(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// Whether every byte is printable ASCII (space to `~`): one column each, nothing to escape.
    private static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            || scalar.value == 0x200E || scalar.value == 0x200F || scalar.value == 0x061C
    }
}

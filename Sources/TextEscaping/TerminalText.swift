/// Making repository-supplied text safe and measurable on a terminal.
///
/// A token's name, a file or folder name, a ref: any of them may hold bytes a terminal acts on
/// (escape sequences, C1 controls) or that hide or reorder text (bidi controls, zero-width and
/// other invisible characters). Those are shown as escapes, so what is on the screen is what is in
/// the repository.
public enum TerminalText {
    /// `text` with every control, format, separator and invisible character shown as an escape
    /// (`\t`, `\u{1B}`, `\u{202E}`), so a hostile name cannot move the cursor, set a hyperlink or
    /// reorder the line around it.
    ///
    /// A zero-width joiner or variation selector right after a (non-ASCII) emoji is kept: it is part
    /// of that emoji.
    public static func escaped(_ text: String) -> String {
        if isPrintableASCII(text) { return text }
        var result = ""
        var previous: Unicode.Scalar?  // the scalar shown as itself just before, if any
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                result += "\\t"
                previous = nil
            } else if isShownEscaped(scalar, after: previous) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                previous = nil
            } else {
                result.unicodeScalars.append(scalar)
                previous = scalar
            }
        }
        return result
    }

    /// `text` in double quotes, with `"` and `\` backslash-escaped and the escapes of ``escaped(_:)``.
    public static func quoted(_ text: String) -> String {
        if isPrintableASCII(text)
            && !text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        {
            return "\"" + text + "\""
        }
        var inner = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { inner += "\\" }
            inner.unicodeScalars.append(scalar)
        }
        return "\"" + escaped(inner) + "\""
    }

    /// The number of terminal columns `text` takes: wide East Asian characters and emoji take two,
    /// combining marks and zero-width characters none.
    public static func width(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// Whether `scalar`, right after `previous` (the scalar shown as itself before it), is shown as an escape rather than as itself: controls (C0,
    /// DEL, C1), format characters (bidi controls, zero-width characters, tags), line and paragraph
    /// separators, unassigned code points and every other default-ignorable (invisible) one.
    static func isShownEscaped(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .unassigned: return true
        default: break
        }
        guard properties.generalCategory == .format || properties.isDefaultIgnorableCodePoint else { return false }
        let joinsEmoji = scalar == "\u{200D}" || scalar == "\u{FE0E}" || scalar == "\u{FE0F}"
        // Not after ASCII (`#`, `*` and digits count as emoji): Markdown escaping may write after those.
        let afterEmoji = previous.map { ($0.properties.isEmoji && !$0.isASCII) || $0 == "\u{FE0F}" } ?? false
        return !(joinsEmoji && afterEmoji)
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
}

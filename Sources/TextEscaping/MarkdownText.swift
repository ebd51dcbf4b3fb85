/// Making repository-supplied text safe in a pull-request comment (GitHub Flavored Markdown).
///
/// Text goes through ``TerminalText/escaped(_:)`` first, so no control, newline or invisible
/// character is left; then every character that Markdown, HTML or GitHub's autolinking would act
/// on is escaped. The result is meant for a table cell or running text.
public enum MarkdownText {
    /// An HTML reference to U+200B ZERO WIDTH SPACE: invisible, and it breaks `@mentions`, `#123`
    /// references and autolinks without hiding anything in the Markdown source.
    static let zeroWidthSpace = "&#8203;"

    /// `text` safe as plain text in a table cell or a line of Markdown.
    ///
    /// `|` is `\|` (a table splits on any pipe not right after a backslash); `<`, `>` and `&` are HTML
    /// references, so no tag, comment or entity can be written; `` ` ``, `*`, `_`, `~`, `[`, `]`, `$`
    /// and `\` are backslash-escaped (no code, emphasis, strikethrough, link, image or math); a zero-
    /// width space follows every `@` and `#` (no mention, no issue reference, no e-mail autolink),
    /// every `:` before a `/` (no `http://` autolink) and comes before the `.` of `www.` (no
    /// `www.` autolink).
    public static func escaped(_ text: String) -> String {
        let scalars = Array(TerminalText.escaped(text).unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "|": result += "\\|"
            case "@", "#": result += "\(scalar)\(zeroWidthSpace)"
            case ":" where index + 1 < scalars.count && scalars[index + 1] == "/":
                result += ":\(zeroWidthSpace)"
            case "."
            where index >= 3 && String(String.UnicodeScalarView(scalars[(index - 3)..<index])).lowercased() == "www":
                result += "\(zeroWidthSpace)."
            case "\\", "`", "*", "_", "~", "[", "]", "$":
                result += "\\\(scalar)"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` as one code span, its delimiters included: a run of backticks longer than any in
    /// `text`, with a space inside each end when `text` starts or ends with a backtick or a space.
    ///
    /// - Parameters:
    ///   - text: The text to show as code.
    ///   - inTableCell: Whether the span sits in a table cell, where `|` must be `\|` even in code.
    /// - Returns: The code span (of two spaces for empty text).
    public static func code(_ text: String, inTableCell: Bool) -> String {
        var content = ""
        var longestRun = 0
        var run = 0
        for scalar in TerminalText.escaped(text).unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
            if inTableCell && scalar == "|" { content += "\\" }
            content.unicodeScalars.append(scalar)
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        let ends = [content.unicodeScalars.first, content.unicodeScalars.last]
        let padded = ends.contains { $0 == nil || $0 == "`" || $0 == " " }
        return padded ? "\(fence) \(content) \(fence)" : "\(fence)\(content)\(fence)"
    }
}

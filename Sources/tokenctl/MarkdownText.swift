/// Making file-supplied text safe inside a Markdown table cell of a pull-request comment.
enum MarkdownText {
    /// `text` with Markdown and HTML syntax escaped, pipes escaped for tables, `@` kept from
    /// mentioning anyone, and controls shown as escapes.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in TerminalText.escaped(text) {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "|": result += "\\|"
            case "@": result += "&#64;"  // no @-mentions from a token's name
            case "\\", "`", "*", "_", "[", "]", "~":
                result += "\\\(character)"
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` safe inside a code span: backticks removed.
    static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'")
    }
}

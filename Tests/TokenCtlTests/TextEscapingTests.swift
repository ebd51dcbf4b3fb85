import Testing
import TextEscaping

/// Known answers for the escaping itself; the end-to-end tests and the `escaping` fuzz target cover the rest.
@Suite("Terminal and Markdown escaping of repository strings")
struct TextEscapingTests {
    @Test(
        "Terminal: controls, bidi and invisible characters are shown as escapes; emoji sequences stay whole",
        arguments: [
            ("\u{1B}[2J", "\\u{1B}[2J"), ("c1\u{9B}x", "c1\\u{9B}x"), ("del\u{7F}", "del\\u{7F}"),
            ("a\tb\nc", "a\\tb\\u{A}c"), ("\u{202E}evil\u{2066}", "\\u{202E}evil\\u{2066}"),
            ("zero\u{200B}width\u{FEFF}", "zero\\u{200B}width\\u{FEFF}"), ("tag\u{E0041}", "tag\\u{E0041}"),
            ("hangul\u{3164}filler", "hangul\\u{3164}filler"), ("line\u{2028}sep", "line\\u{2028}sep"),
            ("a\u{200D}b", "a\\u{200D}b"), ("👩\u{200D}👩\u{200D}👧", "👩\u{200D}👩\u{200D}👧"),
            ("❤\u{FE0F}\u{200D}🔥", "❤\u{FE0F}\u{200D}🔥"), ("\u{FFFD}\u{FE0F}\u{200D}", "\u{FFFD}\\u{FE0F}\\u{200D}"),
            ("e\u{301}", "e\u{301}"), ("日本語", "日本語"),
        ])
    func terminal(input: String, shown: String) {
        #expect(TerminalText.escaped(input) == shown)
    }

    @Test(
        "Markdown cell: no cell break, HTML, link, code, emphasis, math, mention, reference or autolink",
        arguments: [
            ("a|b", "a\\|b"), ("pipe|\u{338}", "pipe\\|\u{338}"), ("<!-- x -->", "&lt;!-- x --&gt;"),
            ("[x](http://evil)", "\\[x\\](http:&#8203;//evil)"), ("@org/team", "@&#8203;org/team"),
            ("#12", "#&#8203;12"), ("WWW.evil.com", "WWW&#8203;.evil.com"),
            ("`a` *b* _c_ ~d~", "\\`a\\` \\*b\\* \\_c\\_ \\~d\\~"),
            ("$x$", "\\$x\\$"), ("a\\", "a\\\\"), ("&amp;", "&amp;amp;"), ("line\nbreak", "line\\\\u{A}break"),
        ])
    func markdownCell(input: String, shown: String) {
        #expect(MarkdownText.escaped(input) == shown)
    }

    @Test(
        "Markdown code span: a fence longer than any backtick run inside, pipes escaped in a table cell",
        arguments: [
            ("5e884898da28", true, "`5e884898da28`"), ("a`b", true, "``a`b``"), ("`x``", true, "``` `x`` ```"),
            ("a|b", true, "`a\\|b`"), ("a|b", false, "`a|b`"), ("", true, "`  `"), ("x\n", true, "`x\\u{A}`"),
        ])
    func markdownCode(input: String, inTableCell: Bool, shown: String) {
        #expect(MarkdownText.code(input, inTableCell: inTableCell) == shown)
    }
}

// libFuzzer target: arbitrary bytes as a repository string (a name, a file or folder name, a ref),
// through the terminal escaping, the Markdown table-cell escaping and the code-span escaping.
// Built by fuzz/run together with the TextEscaping sources (one module, so internals are visible).
// Each output is checked against what a terminal or GitHub's Markdown would act on.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEscaping(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    checkTerminal(Array(TerminalText.escaped(text).unicodeScalars))
    checkTerminal(Array(TerminalText.quoted(text).unicodeScalars))
    checkCell(Array(MarkdownText.escaped(text).unicodeScalars))
    checkCodeSpan(Array(MarkdownText.code(text, inTableCell: true).unicodeScalars), inTableCell: true)
    checkCodeSpan(Array(MarkdownText.code(text, inTableCell: false).unicodeScalars), inTableCell: false)
    return 0
}

/// Nothing a terminal acts on or hides: no C0 or C1 control, DEL, bidi control, format character,
/// line or paragraph separator, unassigned or default-ignorable code point; a zero-width joiner or
/// variation selector only right after an emoji.
private func checkTerminal(_ scalars: [Unicode.Scalar]) {
    for (index, scalar) in scalars.enumerated() {
        let value = scalar.value
        precondition(value >= 0x20 && !(0x7F...0x9F).contains(value), "a C0/C1 control or DEL is shown raw")
        let bidi: Set<UInt32> = [
            0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        ]
        precondition(!bidi.contains(value), "a bidi control is shown raw")
        let category = scalar.properties.generalCategory
        precondition(
            category != .lineSeparator && category != .paragraphSeparator && category != .unassigned,
            "a separator or unassigned code point is shown raw")
        if category == .format || scalar.properties.isDefaultIgnorableCodePoint {
            let joiner = value == 0x200D || value == 0xFE0E || value == 0xFE0F
            let previous = index > 0 ? scalars[index - 1] : nil
            let afterEmoji = previous.map { $0.properties.isEmoji || $0.value == 0xFE0F } ?? false
            precondition(joiner && afterEmoji, "an invisible character is shown raw")
        }
    }
}

/// The backslashes right before `index`.
private func backslashes(before index: Int, in scalars: [Unicode.Scalar]) -> Int {
    var count = 0
    while index - count - 1 >= 0 && scalars[index - count - 1] == "\\" { count += 1 }
    return count
}

/// Whether `scalars` holds `text` at `index`, compared ASCII case-insensitively.
private func has(_ text: String, at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
    let wanted = Array(text.unicodeScalars)
    guard index + wanted.count <= scalars.count else { return false }
    return zip(scalars[index..<(index + wanted.count)], wanted).allSatisfy {
        String($0.0).lowercased() == String($0.1)
    }
}

/// A table cell that cannot break: no cell separator (a `|` after an even number of backslashes),
/// no HTML (`<`, `>`, an entity other than the four the escaping writes), no code, emphasis, link,
/// image or math delimiter unescaped, no `@mention`, `#123` reference or autolink, no trailing
/// backslash, and nothing a terminal acts on.
private func checkCell(_ scalars: [Unicode.Scalar]) {
    checkTerminal(scalars)
    let entities = ["&lt;", "&gt;", "&amp;", "&#8203;"]
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        let escaped = backslashes(before: index, in: scalars) % 2 == 1
        switch scalar {
        case "|", "`", "*", "_", "~", "[", "]", "$":
            precondition(escaped, "an unescaped \(scalar) in a table cell")
        case "<", ">":
            preconditionFailure("raw HTML in a table cell")
        case "&":
            let entity = entities.first { has($0, at: index, in: scalars) }
            precondition(entity != nil, "an HTML entity the escaping did not write")
            index += (entity?.unicodeScalars.count ?? 1) - 1
        case "@", "#":
            precondition(has("&#8203;", at: index + 1, in: scalars), "a mention or reference is not broken")
        case ":":
            precondition(!has(":/", at: index, in: scalars), "an autolink scheme is not broken")
        case "w", "W":
            precondition(!has("www.", at: index, in: scalars), "a www. autolink is not broken")
        default: break
        }
        index += 1
    }
    precondition(
        backslashes(before: scalars.count, in: scalars) % 2 == 0, "a trailing backslash escapes the cell's end")
}

/// One code span: a fence of n backticks, content with no run of exactly n backticks and no
/// backtick at either end, the same fence closing it; in a table cell every `|` right after a
/// backslash; nothing a terminal acts on.
private func checkCodeSpan(_ scalars: [Unicode.Scalar], inTableCell: Bool) {
    checkTerminal(scalars)
    let fence = scalars.prefix { $0 == "`" }.count
    precondition(fence > 0 && scalars.count > 2 * fence, "not a code span")
    precondition(scalars.suffix(fence).allSatisfy { $0 == "`" }, "the span does not end with its fence")
    let content = Array(scalars[fence..<(scalars.count - fence)])
    precondition(content.first != "`" && content.last != "`", "a backtick joins a fence")
    var run = 0
    for (index, scalar) in content.enumerated() {
        run = scalar == "`" ? run + 1 : 0
        let runEnds = index + 1 == content.count || content[index + 1] != "`"
        precondition(!(run == fence && runEnds), "a backtick run closes the span early")
        if inTableCell && scalar == "|" {
            precondition(index > 0 && content[index - 1] == "\\", "a pipe splits the table cell")
        }
    }
}

/// Names that break naive YAML writers, terminals or parsers; each must round-trip byte for byte.
public enum HostileNames {
    /// Every hostile name (non-empty: an empty name is invalid, not hostile).
    public static let all: [String] = [
        "CRM Integration", "it's", "say \"hi\"", "a: b", "a:b", "#x", "x #y", "- x", "-x", "? x", ": x",
        "yes", "no", "on", "off", "Yes", "NO", "y", "n", "true", "False", "null", "Null", "~", "",
        "0x1F", "1e3", "012", "0o12", "1_000", "3.14", ".5", "-1", "+1", ".inf", ".NaN", "1:20", "2026-11-29",
        "<<", "=", "  leading", "trailing  ", " both ", "tab\there", "back\\slash", "100%", "%TAG", "@user",
        "!tag", "!!str", "&anchor", "*alias", "{}", "{a: 1}", "[]", "[1, 2]", "|", "| x", ">", "> x", "'", "\"",
        "`cmd`", ",", "a,b", "מבחן RTL טקסט", "مرحبا", "\u{202E}evil", "日本語の名前", "中文名字", "한국어",
        "emoji 🚀🔑", "👩‍👩‍👧‍👦 family", "e\u{301}", "zero\u{200B}width", "\u{FEFF}bom", "line\u{2028}sep",
        String(repeating: "x", count: 200), String(repeating: "é", count: 200), String(repeating: "🔑", count: 200),
    ].filter { !$0.isEmpty }
}

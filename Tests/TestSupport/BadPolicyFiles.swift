/// The table of bad policy files every reader must reject, each with one clear line at
/// file:line:column (or file alone when no position applies).
public enum BadPolicyFiles {
    /// A valid policy file's text with some values replaced (`nil` drops the key) and lines appended.
    public static func valid(_ replacements: [String: String?] = [:], append: String = "") -> String {
        var lines = [
            ("version", "1"), ("max_lifetime", "90d"), ("default_expiry", "30d"),
            ("allowed_scopes", "contacts:read deals:read"), ("require_scopes", "false"),
        ]
        lines = lines.compactMap { key, value in
            guard let replacement = replacements[key] else { return (key, value) }
            return replacement.map { (key, $0) }
        }
        return lines.map { "\($0): \($1)\n" }.joined() + append
    }

    /// Every bad policy file: what is wrong, its text, whether the problem has a position, and words
    /// its message must contain.
    public static let all: [(label: String, text: String, hasPosition: Bool, mentions: String)] = [
        ("unknown key", valid(append: "max_lifetimes: 3d\n"), true, "unknown key \"max_lifetimes\""),
        ("unknown key holding a pasted secret", valid(append: "tok_abc: 1\n"), true, "unknown key (not shown)"),
        ("nested value", valid(["allowed_scopes": "[contacts:read, deals:read]"]), true, "must be a single value"),
        ("nested mapping", valid(["max_lifetime": "{days: 90}"]), true, "must be a single value"),
        ("zero lifetime", valid(["max_lifetime": "0d"]), true, "max_lifetime must be longer than zero"),
        ("negative lifetime", valid(["max_lifetime": "-3d"]), true, "max_lifetime must be longer than zero"),
        ("lifetime without a unit", valid(["max_lifetime": "90"]), true, "max_lifetime is not a duration"),
        ("over-long lifetime", valid(["max_lifetime": "36501d"]), true, "over the limit"),
        ("zero default expiry", valid(["default_expiry": "0h"]), true, "default_expiry must be longer than zero"),
        (
            "default expiry longer than the lifetime", valid(["default_expiry": "180d"]), true,
            "default_expiry 180d is longer than max_lifetime 90d"
        ),
        (
            "never-expiring default under a finite lifetime", valid(["default_expiry": "never"]), true,
            "default_expiry never is longer than max_lifetime 90d"
        ),
        ("missing version", valid(["version": nil]), true, "missing key \"version\""),
        ("unsupported version", valid(["version": "2"]), true, "unsupported version"),
        ("require_scopes not a boolean", valid(["require_scopes": "yes"]), true, "require_scopes is true or false"),
        ("bad allowed scope", valid(["allowed_scopes": "contacts:read Deals"]), true, "scope 2 in allowed_scopes"),
        ("empty allowed scopes", valid(["allowed_scopes": "''"]), true, "allowed_scopes is empty"),
        ("repeated allowed scope", valid(["allowed_scopes": "a b a"]), true, "scope \"a\" is repeated"),
        ("duplicate key", valid(append: "max_lifetime: 30d\n"), true, "duplicate key \"max_lifetime\""),
        ("anchor", valid(["max_lifetime": "&a 90d"]), true, "anchors are not allowed in a policy file"),
        ("alias", valid(["default_expiry": "*a"]), true, "aliases are not allowed in a policy file"),
        ("tag", valid(["max_lifetime": "!!str 90d"]), true, "tags and directives"),
        ("two documents", valid() + "---\n" + valid(), true, "one document"),
        ("a list, not a mapping", "- version\n", true, "one mapping"),
        ("10,000-deep nesting", String(repeating: "[", count: 10_000), true, "one mapping"),
        ("empty file", "", false, "file is empty"),
        ("syntax error", valid(["max_lifetime": "\"90d"]), true, "yaml syntax error"),
    ]
}

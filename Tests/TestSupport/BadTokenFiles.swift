import Foundation
import TokenVerification

/// A token file that must be rejected with one clear line.
public struct BadFile: Sendable, CustomStringConvertible {
    /// What is wrong with it, as the test case is named.
    public var label: String
    /// Path below the data folder.
    public var relativePath: String
    /// The file's bytes.
    public var contents: [UInt8]
    /// Whether the problem carries line and column (syntax and schema) or just the path (file-level).
    public var hasPosition: Bool
    /// Words the message must contain.
    public var mentions: String
    /// The path the problem names, below the data folder: the file, or for a bad folder the folder.
    public var reportedPath: String
    /// The label.
    public var description: String { label }
}

/// The table of bad token files every reader must reject, each with one clear line: syntax, YAML
/// features, schema, layout and size.
public enum BadTokenFiles {
    /// A hash for the bad files; its id names them, so only the intended fault is present.
    public static let digest = SHA256Digester.digest("a token that is only used to name test files")
    /// The id the bad files are named by.
    public static let id = digest.id

    /// A valid token file's text with some values replaced (`nil` drops the key) and lines appended.
    public static func valid(_ replacements: [String: String?] = [:], append: String = "") -> String {
        var lines = [
            ("version", "1"), ("name", "CRM Integration"), ("created_by", "alice@example.com"),
            ("created_at", "2026-11-29T08:30:00Z"), ("expires_at", "2026-12-29T08:30:00Z"),
            ("hash", digest.description),
        ]
        lines = lines.compactMap { key, value in
            guard let replacement = replacements[key] else { return (key, value) }
            return replacement.map { (key, $0) }
        }
        return lines.map { "\($0): \($1)\n" }.joined() + append
    }

    static func file(
        _ label: String, _ text: String, position: Bool = true, mentions: String, path: String? = nil,
        reported: String? = nil
    ) -> BadFile {
        let relativePath = path ?? "acme/\(id).yaml"
        return BadFile(
            label: label, relativePath: relativePath, contents: Array(text.utf8), hasPosition: position,
            mentions: mentions, reportedPath: reported ?? relativePath)
    }

    /// Every bad file.
    public static let all: [BadFile] = {
        var generator = SystemRandomNumberGenerator()
        var randomBytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        randomBytes[0] = 0xFF  // never valid UTF-8, whatever else the bytes are
        let bomb = """
            version: 1
            name: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            created_by: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            created_at: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]

            """
        return [
            file("syntax error", valid(["name": "\"unterminated"]), mentions: "yaml syntax error"),
            file("alias bomb", bomb, mentions: "anchors are not allowed"),
            file("anchor", valid(["name": "&n CRM"]), mentions: "anchors are not allowed"),
            file("alias", valid(["created_by": "*n"]), mentions: "aliases are not allowed"),
            file("tag", valid(["name": "!!str CRM"]), mentions: "tags and directives"),
            file("directive", "%YAML 1.1\n---\n" + valid(), mentions: "tags and directives"),
            file("duplicate key", valid(append: "name: Other\n"), mentions: "duplicate key \"name\""),
            file("unknown key", valid(append: "hash_: x\n"), mentions: "unknown key \"hash_\""),
            file(
                "unknown key holding a pasted secret", valid(append: "tok_abc: x\n"),
                mentions: "unknown key (not shown)"),
            file("missing key", valid(["hash": nil]), mentions: "missing key \"hash\""),
            file("half a tombstone", valid(append: "revoked_by: bob@example.com\n"), mentions: "half a tombstone"),
            file(
                "uppercase rotated_from", valid(append: "rotated_from: 0123456789AB\n"),
                mentions: "rotated_from is not a token id"),
            file(
                "short rotated_from", valid(append: "rotated_from: 0123456789a\n"),
                mentions: "rotated_from is not a token id"),
            file("wrong id", valid(), mentions: "file name is not the token's id", path: "acme/0123456789ab.yaml"),
            file("bad hash", valid(["hash": "sha256:xyz"]), mentions: "hash is not sha256"),
            file("bad timestamp", valid(["created_at": "yesterday"]), mentions: "created_at is not a UTC time"),
            file("bad expiry", valid(["expires_at": "2026-12-29"]), mentions: "expires_at is not a UTC time"),
            file("unsupported version", valid(["version": "2"]), mentions: "unsupported version"),
            file("empty name", valid(["name": "''"]), mentions: "name is empty"),
            file("nested value", valid(["name": "{first: a}"]), mentions: "must be a single value"),
            file("two documents", valid() + "---\n" + valid(), mentions: "one document"),
            file("a list, not a mapping", "- a\n- b\n", mentions: "one mapping"),
            file("10,000-deep nesting", String(repeating: "[", count: 10_000), mentions: "one mapping"),
            file("10,000-deep value", "version: " + String(repeating: "[", count: 10_000), mentions: "single value"),
            file(
                "bad workspace slug folder", valid(), position: false, mentions: "not a valid slug",
                path: "Bad_WS/\(id).yaml", reported: "Bad_WS"),
            file(
                "token file outside a workspace", valid(), position: false, mentions: "outside a workspace",
                path: "\(id).yaml"),
            file("empty file", "", position: false, mentions: "file is empty"),
            file("only a comment", "# nothing here\n", position: false, mentions: "file is empty"),
            BadFile(
                label: "random bytes", relativePath: "acme/\(id).yaml", contents: randomBytes, hasPosition: false,
                mentions: "not valid UTF-8", reportedPath: "acme/\(id).yaml"),
            file(
                "over-size file", valid() + "#" + String(repeating: "x", count: 70_000) + "\n", position: false,
                mentions: "over the 64 KiB limit"),
            file("bad scope name", valid(append: "scopes: contacts:read Deals:write\n"), mentions: "scope 2 in scopes"),
            file(
                "scope name too long", valid(append: "scopes: \(String(repeating: "a", count: 65))\n"),
                mentions: "is not a scope name"),
            file(
                "33 scopes", valid(append: "scopes: \((0..<33).map { "s\($0)" }.joined(separator: " "))\n"),
                mentions: "33 scopes in scopes, over the limit of 32"),
            file(
                "repeated scope", valid(append: "scopes: deals:read contacts:read deals:read\n"),
                mentions: "scope \"deals:read\" is repeated"),
            file("empty scopes line", valid(append: "scopes: ''\n"), mentions: "scopes is empty"),
            file("scopes with two spaces", valid(append: "scopes: \"a  b\"\n"), mentions: "single spaces"),
            file("scopes as a list", valid(append: "scopes: [a, b]\n"), mentions: "must be a single value"),
            file(
                "a token-shaped scope", valid(append: "scopes: a tok_AbCdEf0123\n"),
                mentions: "scope 2 in scopes is not"),
        ]
    }()
}

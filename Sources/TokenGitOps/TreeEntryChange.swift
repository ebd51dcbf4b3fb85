import Foundation

/// One path whose entry differs between two git trees, as `git diff --raw` reports it.
struct TreeEntryChange: Hashable, Sendable {
    /// The path from the repository's top level.
    var path: String
    /// The entry's mode at the base, `000000` when it is absent there.
    var oldMode: String
    /// The entry's mode at the head, `000000` when it is absent there.
    var newMode: String

    /// What an entry of `mode` is, in words: `absent`, `file`, `symlink`, `submodule`, ….
    static func type(ofMode mode: String) -> String {
        switch mode {
        case "000000": "absent"
        case "100644": "file"
        case "100755": "executable file"
        case "120000": "symlink"
        case "160000": "submodule"
        case "040000": "folder"
        default: "mode \(mode)"
        }
    }

    /// Whether `mode` is a regular file (or absent): what a token file or `.gitkeep` may be.
    static func isRegularOrAbsent(_ mode: String) -> Bool {
        mode == "000000" || mode.hasPrefix("100")
    }

    /// The entries that differ between two trees under `pathspecs`, with renames split into a
    /// deletion and an addition, submodules never ignored and no external diff or text conversion.
    static func between(
        _ base: String, _ head: String, pathspecs: [String], in git: Git
    ) throws(GitError) -> [TreeEntryChange] {
        let listed = try git.run(
            [
                "diff", "--raw", "-z", "--no-renames", "--no-abbrev", "--no-ext-diff", "--no-textconv",
                "--no-relative", "--ignore-submodules=none", base, head, "--",
            ] + pathspecs)
        return parse(Git.fields(listed.stdout))
    }

    /// Reads `:<old mode> <new mode> <old object> <new object> <status>` followed by the path.
    static func parse(_ fields: [String]) -> [TreeEntryChange] {
        var changes: [TreeEntryChange] = []
        var header: [Substring]?
        for field in fields {
            if let modes = header {
                changes.append(TreeEntryChange(path: field, oldMode: String(modes[0]), newMode: String(modes[1])))
                header = nil
            } else if field.hasPrefix(":") {
                let parts = field.dropFirst().split(separator: " ")
                header = parts.count >= 2 ? parts : nil
            }
        }
        return changes
    }
}

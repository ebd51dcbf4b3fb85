import Foundation
import TokenVerification

/// The hashes that ever stood in a revoked token file, found in git's history.
///
/// One `git log -G'^revoked_at:'` lists every commit diff that added or removed a tombstone line,
/// with the blobs on both sides; one `git cat-file --batch` reads those blobs. Every blob that ever
/// held a tombstone entered the history in some commit's diff against its first parent (merges are
/// compared with their first parent, so an evil merge is seen too), so none is missed.
enum RevocationHistory {
    /// The hashes of every token file blob with a `revoked_at` line, in the history of `commits`.
    ///
    /// The file is not parsed: any blob with a `revoked_at` line and a `hash` line counts, even one
    /// that never loaded.
    static func revokedHashes(
        reachableFrom commits: [String], dataFolder: String, in git: Git
    ) throws(GitError) -> Set<TokenDigest> {
        let listed = try git.run(
            [
                "log", "--format=", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--no-textconv",
                "--diff-merges=first-parent", "-G^revoked_at:",
            ] + commits + ["--", ":(literal)\(dataFolder)"])
        let objects = blobs(in: Git.fields(listed.stdout))
        var hashes = Set<TokenDigest>()
        var contents: [UInt8] = []
        var current = -1
        func finish() {
            if current >= 0, let hash = revokedHash(in: contents) {
                hashes.insert(hash)
            }
        }
        try GitBlobReader.read(objects, in: git) { number, size, chunk in
            if number != current {
                finish()
                current = number
                contents.removeAll(keepingCapacity: true)
            }
            if size <= TokenFileLimits.maximumFileSize {
                contents.append(contentsOf: chunk)
            }
        }
        finish()
        return hashes
    }

    /// Whether the clone is shallow, so that part of the history is missing.
    static func isShallow(_ git: Git) throws(GitError) -> Bool {
        try git.run(["rev-parse", "--is-shallow-repository"]).text == "true"
    }

    /// The distinct regular-file blobs on either side of `git log --raw -z` entries.
    private static func blobs(in fields: [String]) -> [String] {
        var seen = Set<String>()
        for field in fields where field.hasPrefix(":") {
            let parts = field.dropFirst().split(separator: " ")
            guard parts.count >= 4 else { continue }
            for (mode, object) in [(parts[0], parts[2]), (parts[1], parts[3])] where mode.hasPrefix("100") {
                seen.insert(String(object))
            }
        }
        return seen.sorted()
    }

    /// The `hash` of a file that has a `revoked_at` line, or `nil`.
    private static func revokedHash(in contents: [UInt8]) -> TokenDigest? {
        var hash: TokenDigest?
        var revoked = false
        for line in contents.split(separator: UInt8(ascii: "\n")) {
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("revoked_at:") {
                revoked = true
            } else if text.hasPrefix("hash:") {
                let value = text.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: " \t\r'\""))
                hash = TokenDigest(value)
            }
        }
        return revoked ? hash : nil
    }
}

import Foundation
import TestSupport
import TokenVerification

/// A small random data folder committed and tagged `base` in a fresh repository, and random edits of it.
struct RandomDataFolder {
    /// What an edit must show in `diff`.
    struct Expectation: CustomStringConvertible {
        var edit: String
        /// The token id or repository path the change is reported for.
        var target: String
        var grantsAccess: Bool
        var description: String { "\(edit) \(target)\(grantsAccess ? " (grants)" : "")" }
    }

    let repository: GitRepository
    private var tokens: [TokenRecord] = []
    /// Gitlinks to stage after `git add -A` (which would drop them: no folder backs them).
    private var gitlinks: [String] = []
    /// The policy files edited so far: one edit each, so that no later edit undoes an earlier one.
    private var editedPolicies: Set<String> = []
    private let workspaces = ["acme", "beta", "gamma"]
    private var data: String { "\(repository.path)/workspace" }

    init(random: inout SplitMix64) throws {
        repository = try GitRepository()
        let now = Date()
        for workspace in workspaces.prefix(Int.random(in: 1...3, using: &random)) {
            for index in 0..<Int.random(in: 1...4, using: &random) {
                let (secret, _) = try TestTokens.secret()
                let expiry: Date? = Bool.random(using: &random) ? now.addingTimeInterval(30 * 86_400) : nil
                var record = TestTokens.record(
                    workspace: workspace, name: "Token \(index)", hash: secret.hash,
                    createdAt: now.addingTimeInterval(-86_400), expiresAt: expiry)
                if Int.random(in: 0..<3, using: &random) == 0 {
                    record.revocation = .init(revokedBy: "bob@example.com", revokedAt: now.addingTimeInterval(-60))
                }
                try TestTokens.plant(record, in: data)
                tokens.append(record)
            }
        }
        _ = try repository.directory.write("workspace/.gitkeep", "")
        _ = try repository.directory.write(Self.rootPolicy, "version: 1\nmax_lifetime: 400d\nallowed_scopes: a b\n")
        try repository.commitAll("base")
        _ = try repository.git("tag", "base")
        tokens.shuffle(using: &random)
    }

    /// Stages everything and commits the edits.
    func commit() throws {
        _ = try repository.git("add", "-A")
        let commit = try repository.git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for path in gitlinks {
            _ = try repository.git("update-index", "--add", "--cacheinfo", "160000,\(commit),\(path)")
        }
        _ = try repository.git("commit", "-q", "--no-verify", "--allow-empty", "-m", "edits")
    }

    /// Applies one random edit and says what `diff` must show for it; `nil` when no token fits it.
    mutating func applyRandomEdit(random: inout SplitMix64) throws -> Expectation? {
        let edits: [(String, (inout RandomDataFolder, inout SplitMix64) throws -> Expectation?)] = [
            ("hash", { folder, _ in try folder.editToken("hash", grants: true) { $0.revocation == nil } }),
            ("created_by", { folder, _ in try folder.editToken("created_by", grants: false) { _ in true } }),
            ("created_at later", { folder, _ in try folder.editToken("created_at+", grants: true) { _ in true } }),
            ("created_at earlier", { folder, _ in try folder.editToken("created_at-", grants: false) { _ in true } }),
            ("name", { folder, _ in try folder.editToken("name", grants: false) { _ in true } }),
            (
                "expiry extended",
                { folder, _ in try folder.editToken("expires+", grants: true) { $0.expiresAt != nil } }
            ),
            (
                "expiry shortened",
                { folder, _ in try folder.editToken("expires-", grants: false) { $0.expiresAt != nil } }
            ),
            ("rotated_from", { folder, _ in try folder.editToken("rotated_from", grants: false) { _ in true } }),
            ("revoked_by", { folder, _ in try folder.editToken("revoked_by", grants: false) { $0.revocation != nil } }),
            (
                "tombstone removed",
                { folder, _ in try folder.editToken("untomb", grants: true) { $0.revocation != nil } }
            ),
            ("comment", { folder, _ in try folder.editToken("comment", grants: false) { _ in true } }),
            (
                "revoked file deleted",
                { folder, _ in try folder.editToken("delete", grants: true) { $0.revocation != nil } }
            ),
            (
                "active file deleted",
                { folder, _ in try folder.editToken("delete", grants: false) { $0.revocation == nil } }
            ),
            ("moved", { folder, _ in try folder.editToken("move", grants: false) { _ in true } }),
            ("symlinked", { folder, _ in try folder.editToken("symlink", grants: true) { _ in true } }),
            ("copied active", { folder, _ in try folder.editToken("copy", grants: true) { $0.revocation == nil } }),
            ("never-expiring added", { folder, _ in try folder.addNeverExpiring() }),
            ("junk", { folder, random in try folder.addEntry("junk", random: &random) }),
            ("symlink", { folder, random in try folder.addEntry("symlink", random: &random) }),
            ("gitlink", { folder, random in try folder.addEntry("gitlink", random: &random) }),
            ("bad folder", { folder, random in try folder.addEntry("bad folder", random: &random) }),
            ("gitkeep", { folder, random in try folder.addEntry("gitkeep", random: &random) }),
            ("scopes", { folder, _ in try folder.editToken("scopes", grants: false) { _ in true } }),
            ("policy loosened", { folder, _ in try folder.editPolicy("max_lifetime: never", grants: true) }),
            ("policy tightened", { folder, _ in try folder.editPolicy("max_lifetime: 200d", grants: false) }),
            ("policy deleted", { folder, _ in try folder.editPolicy(nil, grants: true) }),
            ("policy comment", { folder, _ in try folder.editPolicy("max_lifetime: 400d # why", grants: false) }),
            ("workspace policy", { folder, random in try folder.addWorkspacePolicy(random: &random) }),
        ]
        return try edits[Int.random(in: 0..<edits.count, using: &random)].1(&self, &random)
    }

    /// Edits the first unused token that `fits`, and uses it up.
    private mutating func editToken(
        _ edit: String, grants: Bool, fits: (TokenRecord) -> Bool
    ) throws -> Expectation? {
        guard let index = tokens.firstIndex(where: fits) else { return nil }
        var record = tokens.remove(at: index)
        let path = "\(data)/\(record.workspace)/\(record.id).yaml"
        let relative = "workspace/\(record.workspace)/\(record.id).yaml"
        var target = record.id
        switch edit {
        case "hash":
            let hex = record.hash.hex
            try replace(in: path, hex, String(hex.dropLast(3)) + (hex.hasSuffix("abc") ? "def" : "abc"))
        case "created_by": record.createdBy = "mallory@example.com"
        case "created_at+": record.createdAt += 3_600
        case "created_at-": record.createdAt -= 3_600
        case "name": record.name += " renamed"
        case "expires+": record.expiresAt = record.expiresAt.map { $0 + 86_400 }
        case "expires-": record.expiresAt = record.expiresAt.map { $0 - 3_600 }
        case "rotated_from": record.rotatedFrom = "0123456789ab"
        case "scopes": try replace(in: path, "\nhash: ", "\nscopes: a\nhash: ")
        case "revoked_by": record.revocation?.revokedBy = "carol@example.com"
        case "untomb": record.revocation = nil
        case "comment": try replace(in: path, "# Managed by tokenctl", "# Edited")
        case "delete": try FileManager.default.removeItem(atPath: path)
        case "move":
            try FileManager.default.removeItem(atPath: path)
            record.workspace = record.workspace == "zeta" ? "eta" : "zeta"
        case "symlink":
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/hostname")
            target = relative
        case "copy":
            record.workspace = "copies"
            target = "workspace/copies/\(record.id).yaml"
        default: break
        }
        if !["hash", "comment", "delete", "symlink", "scopes"].contains(edit) {
            try TestTokens.plant(record, in: data)
        }
        return Expectation(edit: edit, target: target, grantsAccess: grants)
    }

    /// The root policy file, which the base holds.
    private static let rootPolicy = "workspace/policy.yaml"

    /// Rewrites the root policy with `line` after `version: 1` and `allowed_scopes`, or deletes it.
    private mutating func editPolicy(_ line: String?, grants: Bool) throws -> Expectation? {
        guard editedPolicies.insert(Self.rootPolicy).inserted else { return nil }
        if let line {
            _ = try repository.directory.write(Self.rootPolicy, "version: 1\n\(line)\nallowed_scopes: a b\n")
        } else {
            try FileManager.default.removeItem(atPath: "\(repository.path)/\(Self.rootPolicy)")
        }
        return Expectation(edit: "policy \(line ?? "deleted")", target: Self.rootPolicy, grantsAccess: grants)
    }

    /// Adds a workspace policy file that allows a scope the root's does not.
    private mutating func addWorkspacePolicy(random: inout SplitMix64) throws -> Expectation? {
        let path = "workspace/\(workspaces.randomElement(using: &random) ?? "acme")/policy.yaml"
        guard editedPolicies.insert(path).inserted else { return nil }
        _ = try repository.directory.write(path, "version: 1\nallowed_scopes: a b c\n")
        return Expectation(edit: "workspace policy", target: path, grantsAccess: true)
    }

    private func addNeverExpiring() throws -> Expectation {
        let (secret, _) = try TestTokens.secret()
        let record = TestTokens.record(workspace: "acme", name: "Forever", hash: secret.hash, expiresAt: nil)
        try TestTokens.plant(record, in: data)
        return Expectation(edit: "never-expiring added", target: record.id, grantsAccess: true)
    }

    private mutating func addEntry(_ kind: String, random: inout SplitMix64) throws -> Expectation {
        let name = "entry\(UInt32.random(in: 0...UInt32.max, using: &random))"
        let workspace = workspaces.randomElement(using: &random) ?? "acme"
        var path = "workspace/\(workspace)/\(name).txt"
        switch kind {
        case "junk": _ = try repository.directory.write(path, "junk\n")
        case "symlink":
            path = "workspace/\(name)"
            try FileManager.default.createSymbolicLink(
                atPath: "\(repository.path)/\(path)", withDestinationPath: "/tmp")
        case "gitlink":
            path = "workspace/\(name)"
            gitlinks.append(path)
        case "bad folder":
            path = "workspace/Bad \(name)/\(name).yaml"
            _ = try repository.directory.write(path, "junk\n")
        default:
            path = "workspace/\(name)/.gitkeep"
            _ = try repository.directory.write(path, "")
        }
        return Expectation(edit: kind, target: path, grantsAccess: kind != "gitkeep")
    }

    private func replace(in path: String, _ old: String, _ new: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }
}

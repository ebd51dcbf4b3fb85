import Foundation
import TestSupport
import Testing
import TokenVerification

/// `diff` shows every change under the data folder, and warns about the ones that can grant access.
@Suite("diff: every change under the data folder is shown")
struct DiffCoverageTests {
    /// A repository whose commit tagged `base` holds one active and one revoked token in `acme`.
    struct Fixture {
        let repository: GitRepository
        let active: TokenRecord
        let revoked: TokenRecord
        var data: String { "\(repository.path)/workspace" }

        init() throws {
            repository = try GitRepository()
            let data = "\(repository.path)/workspace"
            let (first, _) = try TestTokens.secret()
            let (second, _) = try TestTokens.secret()
            active = TestTokens.record(name: "Active", hash: first.hash)
            revoked = TestTokens.record(
                name: "Revoked", hash: second.hash,
                revocation: .init(revokedBy: "bob@example.com", revokedAt: Date(timeIntervalSince1970: 1_800_000_000)))
            try TestTokens.plant(active, in: data)
            try TestTokens.plant(revoked, in: data)
            _ = try repository.directory.write("workspace/.gitkeep", "")
            try repository.commitAll("base")
            _ = try repository.git("tag", "base")
        }

        /// Replaces `old` by `new` in a token's file.
        func edit(_ record: TokenRecord, _ old: String, _ new: String) throws {
            let path = "\(data)/\(record.workspace)/\(record.id).yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains(old), "\(old)")
            try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        }

        func commit() throws {
            try repository.commitAll("head")
        }
    }

    @Test("A hash changed under an existing id is a warning in JSON, text and Markdown")
    func hashChanged() throws {
        let fixture = try Fixture()
        let hex = fixture.active.hash.hex
        let other = String(hex.dropLast(4)) + (hex.hasSuffix("0000") ? "ffff" : "0000")
        try fixture.edit(fixture.active, hex, other)
        try fixture.commit()
        let report = try DiffJSONReport.run(fixture.repository.path, "base", "HEAD")
        let change = try #require(report.changes("hash_changed").first, "\(report.changes)")
        #expect(change.warning && change.id == fixture.active.id && change.workspace == "acme")
        #expect(change.before != change.after && change.before?.hasPrefix(fixture.active.id) == true)
        let text = try fixture.repository.tokenctl("diff", "base", "HEAD")
        #expect(text.stdout.contains("warning: hash changed"), "\(text.stdout)")
        #expect(text.stdout.contains("a different secret under id \(fixture.active.id)"), "\(text.stdout)")
        let markdown = try fixture.repository.tokenctl("diff", "base", "HEAD", "--format", "markdown")
        #expect(markdown.stdout.contains("Hash changed"), "\(markdown.stdout)")
        #expect(!text.stdout.contains("no token changes") && !markdown.stdout.contains("no token changes"))
    }

    @Test("Every key of a token file is shown old → new; created_at moved later is a warning")
    func everyKey() throws {
        let fixture = try Fixture()
        let created = UTCTimestamp.format(fixture.active.createdAt)
        let later = UTCTimestamp.format(fixture.active.createdAt.addingTimeInterval(86_400))
        try fixture.edit(fixture.active, "created_by: alice@example.com", "created_by: mallory@example.com")
        try fixture.edit(fixture.active, "created_at: \(created)", "created_at: \(later)")
        try fixture.edit(
            fixture.active, "hash: sha256:\(fixture.active.hash.hex)\n",
            "hash: sha256:\(fixture.active.hash.hex)\nrotated_from: 0123456789ab\n")
        try fixture.edit(fixture.revoked, "revoked_by: bob@example.com", "revoked_by: carol@example.com")
        let revokedAt = UTCTimestamp.format(try #require(fixture.revoked.revocation).revokedAt)
        try fixture.edit(fixture.revoked, "revoked_at: \(revokedAt)", "revoked_at: 2030-01-01T00:00:00Z")
        try fixture.edit(fixture.revoked, "created_at: \(created)", "created_at: 2020-01-01T00:00:00Z")
        try fixture.commit()
        let report = try DiffJSONReport.run(fixture.repository.path, "base", "HEAD")
        let keys = report.changes("key_changed").map {
            "\($0.id) \($0.key ?? "") \($0.before ?? "") -> \($0.after ?? "")"
        }
        #expect(keys.contains("\(fixture.active.id) created_by alice@example.com -> mallory@example.com"), "\(keys)")
        #expect(keys.contains("\(fixture.active.id) rotated_from  -> 0123456789ab"), "\(keys)")
        #expect(keys.contains("\(fixture.revoked.id) revoked_by bob@example.com -> carol@example.com"), "\(keys)")
        #expect(keys.contains("\(fixture.revoked.id) revoked_at \(revokedAt) -> 2030-01-01T00:00:00Z"), "\(keys)")
        #expect(keys.contains("\(fixture.revoked.id) created_at \(created) -> 2020-01-01T00:00:00Z"), "\(keys)")
        let moved = try #require(report.changes("created_at_later").first, "\(report.changes)")
        #expect(moved.warning && moved.id == fixture.active.id && moved.before == created && moved.after == later)
    }

    @Test("A token file rewritten with the same values, or made executable, is still shown")
    func sameValues() throws {
        let fixture = try Fixture()
        try fixture.edit(fixture.active, "# Managed by tokenctl", "# Edited by hand")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: "\(fixture.data)/acme/\(fixture.revoked.id).yaml")
        try fixture.commit()
        let report = try DiffJSONReport.run(fixture.repository.path, "base", "HEAD")
        #expect(Set(report.changes("file_rewritten").map(\.id)) == [fixture.active.id, fixture.revoked.id])
    }

    @Test("Every entry that is not a token file is a warning: junk, symlink, gitlink, bad folder, type change")
    func nonTokenEntries() throws {
        let fixture = try Fixture()
        let repository = fixture.repository
        _ = try repository.directory.write("workspace/acme/notes.txt", "junk\n")
        _ = try repository.directory.write("workspace/Bad Name/x.yaml", "junk\n")
        _ = try repository.directory.write("workspace/acme/deep/\(fixture.active.id).yaml", "junk\n")
        _ = try repository.directory.write("workspace/beta/.gitkeep", "")
        try FileManager.default.createSymbolicLink(atPath: "\(fixture.data)/linked", withDestinationPath: "/tmp")
        let tokenPath = "\(fixture.data)/acme/\(fixture.revoked.id).yaml"
        try FileManager.default.removeItem(atPath: tokenPath)
        try FileManager.default.createSymbolicLink(atPath: tokenPath, withDestinationPath: "/etc/hostname")
        _ = try repository.git("add", "-A")
        let commit = try repository.git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try repository.git("update-index", "--add", "--cacheinfo", "160000,\(commit),workspace/newco")
        _ = try repository.git("commit", "-q", "--no-verify", "-m", "head")
        let report = try DiffJSONReport.run(repository.path, "base", "HEAD")
        let entries = report.changes("non_token_entry")
        #expect(entries.allSatisfy { $0.warning })
        let paths = Set(entries.compactMap(\.path))
        for path in [
            "workspace/acme/notes.txt", "workspace/Bad Name/x.yaml",
            "workspace/acme/deep/\(fixture.active.id).yaml", "workspace/linked", "workspace/newco",
            "workspace/acme/\(fixture.revoked.id).yaml",
        ] {
            #expect(paths.contains(path), "\(path) in \(paths)")
        }
        #expect(entries.first { $0.path == "workspace/newco" }?.after == "submodule")
        let typeChange = entries.first { $0.path == "workspace/acme/\(fixture.revoked.id).yaml" }
        #expect(typeChange?.before == "file" && typeChange?.after == "symlink")
        let keep = try #require(report.changes("gitkeep_changed").first)
        #expect(!keep.warning && keep.path == "workspace/beta/.gitkeep")
        let text = try repository.tokenctl("diff", "base", "HEAD")
        #expect(text.stdout.contains("warning: non-token entry"), "\(text.stdout)")
    }

    @Test("The work tree is compared as git sees it: an untracked junk file or symlink is flagged")
    func workTreeEntries() throws {
        let fixture = try Fixture()
        _ = try fixture.repository.directory.write("workspace/acme/notes.txt", "junk\n")
        try FileManager.default.createSymbolicLink(atPath: "\(fixture.data)/linked", withDestinationPath: "/tmp")
        // A repository inside the data folder (its .git entry is what git cannot commit): a gitlink.
        let nested = try fixture.repository.directory.write("workspace/newco/README", "nested\n")
        let nestedFolder = (nested as NSString).deletingLastPathComponent
        _ = try CommandRunner.git(["init", "-q"], in: nestedFolder)
        _ = try CommandRunner.git(
            ["-c", "user.email=a@example.com", "-c", "user.name=A", "commit", "-q", "--allow-empty", "-m", "x"],
            in: nestedFolder)
        let report = try DiffJSONReport.run(fixture.repository.path, "HEAD")
        #expect(
            Set(report.changes("non_token_entry").compactMap(\.path))
                == ["workspace/acme/notes.txt", "workspace/linked", "workspace/newco"])
        #expect(report.changes("non_token_entry").first { $0.path == "workspace/newco" }?.after == "submodule")
        let status = try fixture.repository.git("status", "--porcelain").stdout
        #expect(status.contains("?? workspace/"), "the real index is untouched: \(status)")
        let clean = try fixture.repository.tokenctl("diff", "base")
        #expect(clean.status == 0)
    }

    @Test("A .git entry in a crafted tree (git add refuses one) is a non-token entry")
    func dotGitEntry() throws {
        let fixture = try Fixture()
        let repository = fixture.repository
        func git(_ arguments: [String], input: String = "") throws -> String {
            let result = try CommandRunner.run("git", arguments, in: repository.path, stdin: Data(input.utf8))
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let blob = try git(["hash-object", "-w", "--stdin"], input: "gitdir: /elsewhere\n")
        let acme = try git(["rev-parse", "HEAD:workspace/acme"])
        let listing = try git(["ls-tree", acme]) + "\n100644 blob \(blob)\t.git\n"
        let crafted = try git(["mktree"], input: listing)
        let workspace = try git(
            ["mktree"],
            input: try git(["ls-tree", "HEAD:workspace"]).replacingOccurrences(
                of: acme, with: crafted) + "\n")
        let root = try git(["mktree"], input: "040000 tree \(workspace)\tworkspace\n")
        let commit = try git(["commit-tree", root, "-p", "HEAD", "-m", "crafted"])
        let report = try DiffJSONReport.run(repository.path, "base", commit)
        #expect(report.changes("non_token_entry").map(\.path) == ["workspace/acme/.git"], "\(report.changes)")
    }

    @Test("A data folder replaced by a symlink is compared as named, not where the checkout's link points")
    func dataFolderReplacedBySymlink() throws {
        let fixture = try Fixture()
        let repository = fixture.repository
        try FileManager.default.removeItem(atPath: fixture.data)
        _ = try repository.directory.write("elsewhere/.gitkeep", "")
        try FileManager.default.createSymbolicLink(atPath: fixture.data, withDestinationPath: "elsewhere")
        try fixture.commit()
        let report = try DiffJSONReport.run(repository.path, "base", "HEAD")
        let entry = try #require(
            report.changes("non_token_entry").first { $0.path == "workspace" }, "\(report.changes)")
        #expect(entry.warning && entry.after == "symlink")
        #expect(Set(report.changes("file_deleted").map(\.id)) == [fixture.active.id, fixture.revoked.id])
    }

    @Test("A change to any .gitattributes or under hooks/ is a warning")
    func repositoryFiles() throws {
        let fixture = try Fixture()
        _ = try fixture.repository.directory.write(".gitattributes", "*.yaml eol=crlf\n")
        _ = try fixture.repository.directory.write("docs/deep/.gitattributes", "* -text\n")
        _ = try fixture.repository.directory.write("hooks/pre-commit", "#!/bin/sh\nexit 0\n")
        try fixture.commit()
        let report = try DiffJSONReport.run(fixture.repository.path, "base", "HEAD")
        #expect(
            Set(report.changes("gitattributes_changed").compactMap(\.path)) == [
                ".gitattributes", "docs/deep/.gitattributes",
            ])
        #expect(report.changes("hooks_changed").compactMap(\.path) == ["hooks/pre-commit"])
        #expect(report.changes.allSatisfy { $0.warning })
        let text = try fixture.repository.tokenctl("diff", "base", "HEAD")
        #expect(
            text.stdout.contains("warning: .gitattributes changed") && text.stdout.contains("warning: hook changed"),
            "\(text.stdout)")
    }
}

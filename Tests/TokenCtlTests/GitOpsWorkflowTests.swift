import Foundation
import TestSupport
import Testing
import TokenGitOps
import TokenVerification

@Suite("GitOps: init, the pre-commit hook, --commit, rotate, branches")
struct GitOpsWorkflowTests {
    /// A repository set up with `tokenctl init` and committed.
    static func initialized() throws -> GitRepository {
        let repository = try GitRepository()
        let result = try repository.tokenctl("init")
        #expect(result.status == 0, "\(result.stderr)")
        try repository.commitAll("init")
        return repository
    }

    static func secret(_ result: CommandResult) throws -> String {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(result.stdout.split(separator: "\n").first.map(String.init))
    }

    @Test("init creates the data folder, hooks/pre-commit and a copy in git's hooks folder, and is idempotent")
    func initIsIdempotent() throws {
        let repository = try GitRepository()
        let first = try repository.tokenctl("init")
        #expect(first.stdout.contains("created workspace/"))
        #expect(first.stdout.contains("wrote hooks/pre-commit"))
        #expect(first.stdout.contains("installed a copy of hooks/pre-commit as .git/hooks/pre-commit"))
        let second = try repository.tokenctl("init")
        #expect(second.status == 0)
        #expect(second.stdout.contains("hooks/pre-commit is up to date"))
        #expect(second.stdout.contains(".git/hooks/pre-commit is up to date"))
        #expect(try repository.git("config", "core.hooksPath").status == 1, "core.hooksPath is never set")
        for path in ["hooks/pre-commit", ".git/hooks/pre-commit"] {
            let hook = try #require(FileManager.default.contents(atPath: "\(repository.path)/\(path)"))
            #expect(hook == Data(PreCommitHook.script.utf8))
            let mode = try FileManager.default.attributesOfItem(atPath: "\(repository.path)/\(path)")[.posixPermissions]
            #expect(mode as? Int == 0o755)
        }
        let outside = try TemporaryDirectory()
        let refused = try CommandRunner.tokenctl(["init"], in: outside.path)
        #expect(refused.status == 1 && refused.stderrLines.count == 1)
    }

    @Test("A hook a pull request adds under hooks/ never runs: a tracked post-checkout is not run on checkout")
    func trackedHooksNeverRun() throws {
        let repository = try Self.initialized()
        let marker = try TemporaryDirectory()
        try repository.directory.write("hooks/post-checkout", "#!/bin/sh\ntouch '\(marker.path)/ran'\n")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: "\(repository.path)/hooks/post-checkout")
        try repository.commitAll("a pull request adds a hook")
        #expect(try repository.git("checkout", "-q", "-b", "review").status == 0)
        #expect(try repository.git("checkout", "-q", "main").status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(marker.path)/ran"))
    }

    @Test("init unsets a core.hooksPath that an earlier init pointed at hooks/, and says so")
    func initUnsetsTrackedHooksPath() throws {
        let repository = try GitRepository()
        #expect(try repository.git("config", "core.hooksPath", "hooks").status == 0)
        let result = try repository.tokenctl("init")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("unset core.hooksPath"))
        #expect(try repository.git("config", "core.hooksPath").status == 1)
        #expect(FileManager.default.fileExists(atPath: "\(repository.path)/.git/hooks/pre-commit"))
    }

    @Test("The hook runs only $TOKENCTL_BIN or the tokenctl on PATH, never a binary inside the work tree")
    func hookNeverRunsWorkTreeBinary() throws {
        let repository = try Self.initialized()
        let marker = try TemporaryDirectory()
        for build in [".build/release", ".build/debug"] {
            let planted = try repository.directory.write(
                "\(build)/tokenctl", "#!/bin/sh\ntouch '\(marker.path)/ran'\nexit 0\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: planted)
        }
        try repository.directory.write("notes.txt", "hello\n")
        _ = try repository.git("add", "notes.txt")
        let refused = try CommandRunner.run(
            "git", ["commit", "-q", "-m", "notes"], in: repository.path,
            environment: ["TOKENCTL_BIN": "", "PATH": "/usr/bin:/bin"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("tokenctl pre-commit: tokenctl is not on PATH"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(marker.path)/ran"))

        let allowed = try CommandRunner.run("git", ["commit", "-q", "-m", "notes"], in: repository.path)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(marker.path)/ran"))
    }

    @Test("The project's hooks/pre-commit is the script init installs")
    func projectHookMatches() throws {
        let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let hook = try #require(
            FileManager.default.contents(atPath: projectRoot.appendingPathComponent("hooks/pre-commit").path))
        #expect(String(decoding: hook, as: UTF8.self) == PreCommitHook.script)
    }

    @Test("The hook blocks a commit that adds a plaintext token, and allows one without")
    func hookBlocksPlaintext() throws {
        let repository = try Self.initialized()
        let token = try Self.secret(try repository.tokenctl("generate", "--workspace", "acme", "--name", "CRM"))
        try repository.directory.write("config/app.env", "API_TOKEN=\(token)\n")
        _ = try repository.git("add", "-A")
        let blocked = try repository.git("commit", "-q", "-m", "add config")
        #expect(blocked.status != 0)
        #expect(
            blocked.stdout.contains("config/app.env:1: plaintext token tok_")
                || blocked.stderr.contains("config/app.env:1"))
        #expect(!(blocked.stdout + blocked.stderr).contains(token))
        #expect(try repository.git("log", "--oneline").stdout.split(separator: "\n").count == 1)

        try repository.directory.write("config/app.env", "API_TOKEN=read-from-the-vault\n")
        _ = try repository.git("add", "-A")
        let allowed = try repository.git("commit", "-q", "-m", "add config")
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test("--commit commits exactly the token file with a message naming action, workspace, id and name")
    func commitFlag() throws {
        let repository = try Self.initialized()
        try repository.directory.write("notes.txt", "staged but not part of the token commit\n")
        _ = try repository.git("add", "notes.txt")
        let token = try Self.secret(
            try repository.tokenctl("generate", "--workspace", "acme", "--name", "CRM Integration", "--commit"))
        let id = SHA256Digester.digest(token).id
        #expect(
            try repository.git("log", "-1", "--format=%s").stdout
                == "tokens(acme): generate \(id) \"CRM Integration\"\n")
        #expect(try repository.git("show", "--name-only", "--format=", "HEAD").stdout == "workspace/acme/\(id).yaml\n")
        #expect(
            try repository.git("diff", "--cached", "--name-only").stdout == "notes.txt\n",
            "other staged work stays staged")

        let revoked = try repository.tokenctl("delete", "--workspace", "acme", id, "--commit")
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(
            try repository.git("log", "-1", "--format=%s").stdout == "tokens(acme): revoke \(id) \"CRM Integration\"\n")
        #expect(try repository.git("status", "--porcelain", "workspace").stdout.isEmpty)
    }

    @Test("--commit outside a repository writes nothing; a refused commit keeps the file and says so")
    func commitFailures() throws {
        let outside = try TemporaryDirectory()
        let refused = try CommandRunner.tokenctl(
            ["generate", "--workspace", "acme", "--name", "x", "--commit"], in: outside.path)
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty && refused.stderrLines.count == 1)
        #expect(outside.allFiles().isEmpty)

        let repository = try Self.initialized()
        // A bad token file already committed makes the hook refuse every commit touching the data folder.
        try repository.directory.write("workspace/acme/0123456789ab.yaml", "version: 1\n")
        _ = try repository.git("commit", "-q", "--no-verify", "-a", "-m", "bad", "--allow-empty")
        _ = try repository.git("add", "workspace/acme/0123456789ab.yaml")
        _ = try repository.git("commit", "-q", "--no-verify", "-m", "bad file")
        let result = try repository.tokenctl("generate", "--workspace", "acme", "--name", "Kept", "--commit")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("tok_"), "the token exists, so its secret is shown")
        #expect(result.stderr.contains("git commit failed") && result.stderr.contains("not committed"))
        let id = SHA256Digester.digest(String(result.stdout.dropLast())).id
        #expect(FileManager.default.fileExists(atPath: "\(repository.path)/workspace/acme/\(id).yaml"))
    }

    @Test("rotate: successor keeps name and period; old token revoked, or shortened with --overlap; one commit")
    func rotate() throws {
        let repository = try Self.initialized()
        let old = try Self.secret(
            try repository.tokenctl(
                "generate", "--workspace", "acme", "--name", "Zapier", "--expires", "90d", "--commit"))
        let oldID = SHA256Digester.digest(old).id
        let rotated = try repository.tokenctl("rotate", "--workspace", "acme", "Zapier", "--overlap", "24h", "--commit")
        let new = try Self.secret(rotated)
        #expect(rotated.stdout == new + "\n")
        let newID = SHA256Digester.digest(new).id
        let index = try TokenIndex(loading: "\(repository.path)/workspace")
        let successor = try #require(index.verify(new).record)
        #expect(successor.name == "Zapier" && successor.rotatedFrom == oldID)
        let period = try #require(successor.expiresAt).timeIntervalSince1970 - successor.createdAt.timeIntervalSince1970
        #expect(period == 90 * 86_400)
        let predecessor = try #require(index.verify(old).record)
        #expect(index.verify(old).isValid, "the overlap keeps the old token working")
        let overlapEnd = try #require(predecessor.expiresAt).timeIntervalSinceNow
        #expect(overlapEnd > 23 * 3_600 && overlapEnd <= 24 * 3_600)
        #expect(
            try repository.git("show", "--name-only", "--format=%s", "HEAD").stdout.split(separator: "\n").count == 3)

        // An overlap longer than the old token's life never lengthens it.
        let again = try repository.tokenctl("rotate", "--workspace", "acme", newID, "--overlap", "400d")
        #expect(again.status == 0, "\(again.stderr)")
        let reloaded = try TokenIndex(loading: "\(repository.path)/workspace")
        #expect(reloaded.verify(new).record?.expiresAt == successor.expiresAt)

        let final = try repository.tokenctl("rotate", "--workspace", "acme", newID)
        #expect(final.status == 1, "its successor already holds the name: \(final.stderr)")
        #expect(final.stderr.contains("name is already used"))
    }

    @Test("Two branches that each generate a token merge without conflict, and both verify")
    func branchesMerge() throws {
        let repository = try Self.initialized()
        _ = try repository.git("checkout", "-q", "-b", "feature")
        let onFeature = try Self.secret(
            try repository.tokenctl("generate", "--workspace", "acme", "--name", "Feature", "--commit"))
        _ = try repository.git("checkout", "-q", "main")
        let onMain = try Self.secret(
            try repository.tokenctl("generate", "--workspace", "acme", "--name", "Main", "--commit"))
        let merged = try repository.git("merge", "-q", "--no-edit", "feature")
        #expect(merged.status == 0, "\(merged.stderr)")
        let verified = try repository.tokenctl("verify", "--batch", stdin: onFeature + "\n" + onMain + "\n")
        #expect(verified.status == 0)
        #expect(verified.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("valid ") })
    }

    @Test("A token revoked on main stays revoked after a stale branch is merged")
    func staleBranchCannotUnrevoke() throws {
        let repository = try Self.initialized()
        let token = try Self.secret(
            try repository.tokenctl("generate", "--workspace", "acme", "--name", "Leaked", "--commit"))
        _ = try repository.git("branch", "stale")
        #expect(try repository.tokenctl("delete", "--workspace", "acme", "Leaked", "--commit").status == 0)
        _ = try repository.git("checkout", "-q", "stale")
        let other = try Self.secret(
            try repository.tokenctl("generate", "--workspace", "acme", "--name", "Other", "--commit"))
        _ = try repository.git("checkout", "-q", "main")
        let merged = try repository.git("merge", "-q", "--no-edit", "stale")
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try repository.tokenctl("verify", stdin: token).stdout.hasPrefix("revoked "))
        #expect(try repository.tokenctl("verify", stdin: other).stdout.hasPrefix("valid "))
    }

    @Test("Commit messages and the whole history never hold a secret")
    func historyHoldsNoSecret() throws {
        let repository = try Self.initialized()
        var secrets: [String] = []
        for name in ["CRM Integration", "Zapier Automation", "Backend Job"] {
            secrets.append(
                try Self.secret(try repository.tokenctl("generate", "--workspace", "acme", "--name", name, "--commit")))
        }
        secrets.append(
            try Self.secret(try repository.tokenctl("rotate", "--workspace", "acme", "Zapier Automation", "--commit")))
        _ = try repository.tokenctl("delete", "--workspace", "acme", "Backend Job", "--commit")
        let history = try repository.everythingGitHolds()
        #expect(history.contains("tokens(acme): rotate"))
        for secret in secrets {
            #expect(!history.contains(String(secret.dropFirst(4).prefix(32))))
        }
    }
}

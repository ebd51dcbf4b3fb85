import Foundation
import TestSupport
import Testing

@Suite("The data folder from any folder: workspace/ at the top of the repository around the current folder")
struct DataFolderDiscoveryTests {
    /// The folders of a repository that commands run from.
    static let subfolders = ["hooks", "workspace", "workspace/acme"]

    /// Runs `tokenctl` in `folder` and expects it to succeed.
    @discardableResult
    static func succeeds(
        _ arguments: [String], in folder: String, stdin: String = "", environment: [String: String] = [:]
    ) throws -> CommandResult {
        let result = try CommandRunner.tokenctl(arguments, in: folder, stdin: stdin, environment: environment)
        #expect(result.status == 0, "tokenctl \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// The ids of the token files in `folder`, sorted.
    static func tokenIDs(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The first line of a command's stdout: the secret `generate` and `rotate` print.
    static func secret(_ result: CommandResult) throws -> String {
        try #require(result.stdout.split(separator: "\n").first.map(String.init))
    }

    @Test(
        "Every command run from a subfolder reads and writes workspace/ at the repository's top", arguments: subfolders)
    func everyCommandFromSubfolder(_ subfolder: String) throws {
        let repository = try GitRepository()
        let root = repository.path
        let here = "\(root)/\(subfolder)"
        let shown = String(repeating: "../", count: subfolder.split(separator: "/").count) + "workspace"
        for folder in ["hooks", "workspace/acme"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }

        let initialized = try Self.succeeds(["init"], in: here)
        #expect(initialized.stdout.contains("created \(shown)/ with a .gitkeep"))
        #expect(FileManager.default.fileExists(atPath: "\(root)/workspace/.gitkeep"))
        #expect(FileManager.default.fileExists(atPath: "\(root)/.git/hooks/pre-commit"))
        try repository.commitAll("init")

        let crm = try Self.secret(
            Self.succeeds(["generate", "--workspace", "acme", "--name", "CRM", "--commit"], in: here))
        let crmID = try #require(Self.tokenIDs(in: "\(root)/workspace/acme").first)
        let committed = try CommandRunner.git(["ls-tree", "-r", "--name-only", "HEAD"], in: root)
        #expect(committed.contains("workspace/acme/\(crmID).yaml"))

        #expect(try Self.succeeds(["list"], in: here).stdout.contains(crmID))
        let verified = try Self.succeeds(["verify"], in: here, stdin: crm + "\n")
        #expect(verified.stdout.contains("valid") && verified.stdout.contains(crmID))
        try Self.succeeds(["check"], in: here)

        try repository.directory.write("workspace/acme/0123456789ab.yaml", "version: 1\n")
        _ = try repository.git("add", "workspace/acme/0123456789ab.yaml")
        let staged = try CommandRunner.tokenctl(["check", "--staged"], in: here)
        #expect(staged.status == 1)
        #expect(staged.stdout.contains("\(shown)/acme/0123456789ab.yaml:"), "\(staged.stdout)")
        let listed = try CommandRunner.tokenctl(["list"], in: here)
        #expect(listed.status == 1)
        #expect(listed.stderr.contains("\(shown)/acme/0123456789ab.yaml:"), "\(listed.stderr)")
        _ = try repository.git("rm", "-q", "-f", "workspace/acme/0123456789ab.yaml")

        try Self.succeeds(["generate", "--workspace", "acme", "--name", "Billing"], in: here)
        let billingID = try #require(Self.tokenIDs(in: "\(root)/workspace/acme").first { $0 != crmID })
        let changes = try Self.succeeds(["diff", "HEAD"], in: here)
        #expect(changes.stdout.contains("generated") && changes.stdout.contains(billingID), "\(changes.stdout)")

        try Self.succeeds(["delete", "--workspace", "acme", "CRM", "--commit"], in: here)
        let revoked = try String(contentsOfFile: "\(root)/workspace/acme/\(crmID).yaml", encoding: .utf8)
        #expect(revoked.contains("revoked_by:"))
        #expect(try CommandRunner.git(["log", "-1", "--format=%s"], in: root).contains("revoke \(crmID)"))

        let successor = try Self.secret(
            Self.succeeds(["rotate", "--workspace", "acme", "Billing", "--commit"], in: here))
        #expect(try CommandRunner.git(["log", "-1", "--format=%s"], in: root).contains("rotate \(billingID)"))
        #expect(Self.tokenIDs(in: "\(root)/workspace/acme").count == 3)

        let server = try ServerProcess(dataFolder: nil, in: here)
        #expect(server.log.contains("data_folder=\(shown)"), "\(server.log)")
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: successor) == 204)
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: crm) == 401)
        _ = server.stop()

        let stray = repository.directory.allFiles().filter { $0.contains("workspace/") && !$0.hasPrefix("workspace/") }
        #expect(stray.isEmpty, "a second data folder: \(stray)")
        #expect(!FileManager.default.fileExists(atPath: "\(here)/workspace"), "a data folder in \(subfolder)")
    }

    @Test("--dir and TOKENCTL_DIR still win, relative to the current folder")
    func explicitFolderWins() throws {
        let repository = try GitRepository()
        let hooks = "\(repository.path)/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let arguments = ["generate", "--workspace", "acme", "--name", "CRM"]
        try Self.succeeds(arguments + ["--dir", "tokens"], in: hooks)
        try Self.succeeds(arguments, in: hooks, environment: ["TOKENCTL_DIR": "../other"])
        try Self.succeeds(arguments + ["--dir", "chosen"], in: hooks, environment: ["TOKENCTL_DIR": "../other"])
        #expect(Self.tokenIDs(in: "\(hooks)/tokens/acme").count == 1)
        #expect(Self.tokenIDs(in: "\(repository.path)/other/acme").count == 1)
        #expect(Self.tokenIDs(in: "\(hooks)/chosen/acme").count == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(repository.path)/workspace"))
    }

    @Test("Outside any repository the data folder is ./workspace, and nothing above is looked at")
    func outsideRepository() throws {
        let folder = try TemporaryDirectory()
        try folder.write("workspace/.gitkeep", "")
        try FileManager.default.createDirectory(atPath: "\(folder.path)/sub", withIntermediateDirectories: true)
        try Self.succeeds(["generate", "--workspace", "acme", "--name", "CRM"], in: "\(folder.path)/sub")
        #expect(Self.tokenIDs(in: "\(folder.path)/sub/workspace/acme").count == 1)
        #expect(Self.tokenIDs(in: "\(folder.path)/workspace/acme").isEmpty)
    }

    /// Ways to make a work tree whose `.git` is a file pointing at the repository elsewhere.
    enum GitFileKind: String, CaseIterable {
        case linkedWorktree, separateGitDirectory
    }

    @Test(
        "A work tree whose .git is a file (a linked worktree, a separate git folder) finds its own top",
        arguments: GitFileKind.allCases)
    func gitFile(_ kind: GitFileKind) throws {
        let scratch = try TemporaryDirectory()
        let workTree = "\(scratch.path)/tree"
        var main: GitRepository?
        switch kind {
        case .linkedWorktree:
            let repository = try GitRepository()
            try Self.succeeds(["init"], in: repository.path)
            try repository.commitAll("init")
            try CommandRunner.git(["worktree", "add", "-q", workTree], in: repository.path)
            main = repository
        case .separateGitDirectory:
            try CommandRunner.git(
                ["init", "-q", "-b", "main", "--separate-git-dir", "\(scratch.path)/git", workTree], in: scratch.path)
            for (key, value) in [("user.email", "alice@example.com"), ("user.name", "Alice")] {
                try CommandRunner.git(["config", key, value], in: workTree)
            }
            try FileManager.default.createDirectory(atPath: "\(workTree)/hooks", withIntermediateDirectories: true)
            try Self.succeeds(["init"], in: "\(workTree)/hooks")
        }
        var isDirectory: ObjCBool = true
        #expect(FileManager.default.fileExists(atPath: "\(workTree)/.git", isDirectory: &isDirectory))
        #expect(!isDirectory.boolValue)

        try Self.succeeds(["generate", "--workspace", "acme", "--name", "CRM", "--commit"], in: "\(workTree)/hooks")
        let ids = Self.tokenIDs(in: "\(workTree)/workspace/acme")
        #expect(ids.count == 1)
        let committed = try CommandRunner.git(["ls-tree", "-r", "--name-only", "HEAD"], in: workTree)
        #expect(ids.allSatisfy { committed.contains("workspace/acme/\($0).yaml") })
        #expect(!FileManager.default.fileExists(atPath: "\(workTree)/hooks/workspace"))
        if let main {
            #expect(Self.tokenIDs(in: "\(main.path)/workspace/acme").isEmpty)
        }
    }

    @Test("The nearest repository wins: one nested in another's folder uses its own workspace/")
    func nestedRepository() throws {
        let outer = try GitRepository()
        let inner = "\(outer.path)/vendor/inner"
        try FileManager.default.createDirectory(atPath: "\(inner)/hooks", withIntermediateDirectories: true)
        try CommandRunner.git(["init", "-q", "-b", "main"], in: inner)
        try Self.succeeds(["generate", "--workspace", "acme", "--name", "CRM"], in: "\(inner)/hooks")
        #expect(Self.tokenIDs(in: "\(inner)/workspace/acme").count == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(outer.path)/workspace"))
    }

    @Test("GIT_DIR and GIT_WORK_TREE name the repository for tokenctl as they do for git")
    func gitVariables() throws {
        let repository = try GitRepository()
        try Self.succeeds(["generate", "--workspace", "acme", "--name", "CRM"], in: repository.path)
        let id = try #require(Self.tokenIDs(in: "\(repository.path)/workspace/acme").first)
        let elsewhere = try TemporaryDirectory()
        let environment = ["GIT_DIR": "\(repository.path)/.git", "GIT_WORK_TREE": repository.path]
        let listed = try Self.succeeds(["list"], in: elsewhere.path, environment: environment)
        #expect(listed.stdout.contains(id))
        let missing = try CommandRunner.tokenctl(["list"], in: elsewhere.path)
        #expect(missing.status == 1)
    }
}

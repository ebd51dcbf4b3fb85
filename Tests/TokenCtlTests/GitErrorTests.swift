import Foundation
import TestSupport
import Testing
import TokenGitOps

@Suite("Git errors: each failure is a case that names what failed")
struct GitErrorTests {
    @Test("A data folder outside any repository, and an unknown revision")
    func repositoryAndRevision() throws {
        let outside = try TemporaryDirectory()
        let dataFolder = "\(outside.path)/workspace"
        let error = #expect(throws: GitError.notInRepository(dataFolder: dataFolder)) {
            try Repository(dataFolder: dataFolder)
        }
        #expect(error?.description == "\(dataFolder) is not in a git repository (run git init, then tokenctl init)")

        let repository = try GitRepository()
        try repository.directory.write("workspace/.gitkeep", "")
        try repository.commitAll("empty")
        let inside = try Repository(dataFolder: "\(repository.path)/workspace")
        #expect(throws: GitError.unknownRevision("no-such-branch")) {
            try RevisionComparison.changes(base: "no-such-branch", head: nil, in: inside)
        }
    }

    @Test("git exiting non-zero: the subcommand, the status and the first line of stderr, if any")
    func failedCommand() throws {
        let repository = try GitRepository()
        let git = Git(directory: repository.path)
        let loud = try #require(throws: GitError.self) { try git.run(["rev-parse", "--verify", "no-such"]) }
        if case .failed("rev-parse", 128, let firstLine?) = loud {
            #expect(firstLine.hasPrefix("fatal: "), "\(firstLine)")
            #expect(loud.description == "git rev-parse failed: \(firstLine)")
        } else {
            Issue.record("not a failed rev-parse: \(loud)")
        }
        let quiet = #expect(throws: GitError.failed(subcommand: "rev-parse", status: 1, firstLine: nil)) {
            try git.run(["rev-parse", "--verify", "--quiet", "no-such"])
        }
        #expect(quiet?.description == "git rev-parse failed: exit status 1")
    }

    @Test("A commit a hook refuses carries the hook's report as details")
    func refusedCommit() throws {
        let repository = try GitRepository()
        try repository.directory.write(".git/hooks/pre-commit", "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: "\(repository.path)/.git/hooks/pre-commit")
        let file = try repository.directory.write("workspace/acme/note.txt", "x\n")
        let target = try Repository(dataFolder: "\(repository.path)/workspace")
        let error = #expect(throws: GitError.refused(subcommand: "commit", details: ["hook says no"])) {
            try TokenCommit.commit([file], message: "tokens(acme): test", in: target)
        }
        #expect(error?.details == ["hook says no"])
        #expect(error?.description == "git commit failed")
        #expect(GitError.unknownRevision("x").details.isEmpty, "only a refusal has details")
    }

    @Test("init names the file it cannot write")
    func unwritableHook() throws {
        let repository = try GitRepository()
        try repository.directory.write("hooks", "a file where the hooks folder goes\n")
        let error = try #require(throws: GitError.self) {
            try RepositorySetup.initialize(dataFolder: "\(repository.path)/workspace")
        }
        if case .cannotWrite("hooks/pre-commit", let reason) = error {
            #expect(error.description == "cannot write hooks/pre-commit: \(reason)")
        } else {
            Issue.record("not a hook that cannot be written: \(error)")
        }
    }
}

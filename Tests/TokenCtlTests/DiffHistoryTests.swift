import Foundation
import TestSupport
import Testing
import TokenVerification

/// `diff` looks beyond the two revisions: revocations in history, and copies in other workspaces.
@Suite("diff: revoked in history, active in two workspaces")
struct DiffHistoryTests {
    @Test("A token revoked, deleted in one commit and re-added later is a warning")
    func twoStepResurrection() throws {
        let repository = try GitRepository()
        let data = "\(repository.path)/workspace"
        let (secret, _) = try TestTokens.secret()
        var record = TestTokens.record(name: "Leaked", hash: secret.hash)
        let path = try TestTokens.plant(record, in: data)
        try repository.commitAll("generate")
        record.revocation = .init(revokedBy: "bob@example.com", revokedAt: Date(timeIntervalSince1970: 1_800_000_000))
        try TestTokens.plant(record, in: data)
        try repository.commitAll("revoke")
        try FileManager.default.removeItem(atPath: path)
        _ = try repository.directory.write("workspace/.gitkeep", "")
        try repository.commitAll("delete the revoked file")
        _ = try repository.git("tag", "base")
        record.revocation = nil
        record.workspace = "other"
        try TestTokens.plant(record, in: data)
        try repository.commitAll("re-add")
        let report = try DiffJSONReport.run(repository.path, "base", "HEAD")
        let warning = try #require(report.changes("revoked_in_history").first, "\(report.changes)")
        #expect(warning.warning && warning.id == record.id && warning.workspace == "other")
        #expect(report.changes("history_incomplete").isEmpty)
        let text = try repository.tokenctl("diff", "base", "HEAD")
        #expect(text.stdout.contains("warning: revoked in history"), "\(text.stdout)")
        // The same from the work tree.
        _ = try repository.git("reset", "-q", "--soft", "base")
        #expect(!(try DiffJSONReport.run(repository.path, "base").changes("revoked_in_history").isEmpty))
    }

    @Test("In a shallow clone, diff says the history is incomplete when a token is added")
    func shallowClone() throws {
        let origin = try GitRepository()
        let (secret, _) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(hash: secret.hash), in: "\(origin.path)/workspace")
        try origin.commitAll("one")
        let (other, _) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "Two", hash: other.hash), in: "\(origin.path)/workspace")
        try origin.commitAll("two")
        let folder = try TemporaryDirectory()
        _ = try CommandRunner.git(["clone", "-q", "--depth", "1", "file://\(origin.path)", "clone"], in: folder.path)
        let (third, _) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "Three", hash: third.hash), in: "\(folder.path)/clone/workspace")
        let report = try DiffJSONReport.run("\(folder.path)/clone", "HEAD")
        let note = try #require(report.changes("history_incomplete").first, "\(report.changes)")
        #expect(note.warning)
    }

    @Test("An added or changed active token whose hash stands active in another workspace is a warning")
    func activeInTwoWorkspaces() throws {
        let repository = try GitRepository()
        let data = "\(repository.path)/workspace"
        let (secret, _) = try TestTokens.secret()
        var record = TestTokens.record(name: "Shared", hash: secret.hash)
        try TestTokens.plant(record, in: data)
        try repository.commitAll("base")
        _ = try repository.git("tag", "base")
        record.workspace = "beta"
        try TestTokens.plant(record, in: data)
        try repository.commitAll("copy")
        let report = try DiffJSONReport.run(repository.path, "base", "HEAD")
        let warning = try #require(report.changes("active_in_another_workspace").first, "\(report.changes)")
        #expect(warning.warning && warning.workspace == "beta" && warning.after == "acme")
    }
}

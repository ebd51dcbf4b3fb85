import Foundation
import TestSupport
import Testing
import TokenStore

@testable import TokenVerification

/// The verifier fails closed on ambiguity (SPEC §10): a hash active in two workspaces, a workspace
/// folder that is a git submodule, and a workspace folder that is a symbolic link grant nothing.
@Suite("Fail closed on ambiguity")
struct AmbiguityTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Plants the same hash, active, in `victim` and `attacker`; returns both files' paths and the token.
    private func plantCopies(in dataFolder: String) throws -> (victim: String, copy: String, text: String) {
        let (secret, text) = try TestTokens.secret()
        let victim = try TestTokens.plant(
            TestTokens.record(workspace: "victim", name: "Own", hash: secret.hash), in: dataFolder)
        let copy = try TestTokens.plant(
            TestTokens.record(workspace: "attacker", name: "Stolen", hash: secret.hash), in: dataFolder)
        return (victim, copy, text)
    }

    @Test("An active hash in two workspaces grants nothing, and each copy is a problem naming the other")
    func activeHashInTwoWorkspaces() throws {
        let directory = try TemporaryDirectory()
        let (victim, copy, text) = try plantCopies(in: directory.path)
        let (bystander, _) = try TestTokens.secret()
        try TestTokens.plant(
            TestTokens.record(workspace: "victim", name: "Other", hash: bystander.hash), in: directory.path)

        let index = try TokenIndex(loading: directory.path)
        #expect(index.verify(text, at: now) == .unknown)
        #expect(index.record(for: SHA256Digester.digest(text)) == nil)
        #expect(index.activeCount(at: now) == 1)
        #expect(index.problems.map(\.path).sorted() == [copy, victim])
        for problem in index.problems {
            let other = problem.path == victim ? copy : victim
            #expect(problem.message.contains(other), "\(problem)")
        }
    }

    @Test("Revocation still wins over an active hash in two workspaces")
    func revocationWinsOverAmbiguity() throws {
        let directory = try TemporaryDirectory()
        let (secret, text) = try TestTokens.secret()
        for workspace in ["aaa", "mmm"] {
            try TestTokens.plant(TestTokens.record(workspace: workspace, hash: secret.hash), in: directory.path)
        }
        try TestTokens.plant(
            TestTokens.record(
                workspace: "zzz", hash: secret.hash, revocation: .init(revokedBy: "bob", revokedAt: now)),
            in: directory.path)
        let index = try TokenIndex(loading: directory.path)
        #expect(index.verify(text, at: now).label == "revoked")
        #expect(index.verify(text, at: now).record?.workspace == "zzz")
    }

    @Test(
        "A reload of only the changed files keeps the rule: a copy added, then removed",
        arguments: [
            ReloadScope.changedFiles, .changedFolders,
        ])
    func reloadKeepsAmbiguity(scope: ReloadScope) throws {
        let directory = try TemporaryDirectory()
        let (secret, text) = try TestTokens.secret()
        let victim = try TestTokens.plant(
            TestTokens.record(workspace: "victim", hash: secret.hash), in: directory.path)
        for number in 0..<20 {
            let (other, _) = try TestTokens.secret()
            try TestTokens.plant(
                TestTokens.record(workspace: "ws\(number % 4)", name: "t\(number)", hash: other.hash),
                in: directory.path)
        }
        let verifier = try TokenVerifier(dataFolder: directory.path)
        #expect(verifier.verify(text, at: now).isValid)

        let copy = try TestTokens.plant(TestTokens.record(workspace: "attacker", hash: secret.hash), in: directory.path)
        try verifier.reload(scope)
        #expect(verifier.lastParsedFileCount == 1)
        #expect(verifier.verify(text, at: now) == .unknown)
        #expect(verifier.index.problems.map(\.path).sorted() == [copy, victim])

        try verifier.reload(scope)
        #expect(verifier.lastParsedFileCount == 0)
        #expect(verifier.verify(text, at: now) == .unknown)
        #expect(verifier.index.problems.count == 2)

        try FileManager.default.removeItem(atPath: copy)
        try verifier.reload(scope)
        #expect(verifier.verify(text, at: now).isValid)
        #expect(verifier.index.problems.isEmpty)
    }

    @Test("The tokens that list and check read leave both copies out and report each")
    func tokensRefuseCopies() throws {
        let directory = try TemporaryDirectory()
        let (victim, copy, _) = try plantCopies(in: directory.path)
        let index = try TokenIndex(loading: directory.path)
        #expect(index.tokens().isEmpty)
        #expect(index.tokens(includingRefusedCopies: true).count == 2)
        #expect(index.problems.map(\.path).sorted() == [copy, victim])
    }

    @Test("A workspace folder that is a git submodule grants nothing, with one problem for the folder")
    func submoduleWorkspace() throws {
        let outside = try GitRepository()
        let (secret, text) = try TestTokens.secret()
        let record = TestTokens.record(workspace: "victim", hash: secret.hash)
        try outside.directory.write("\(record.id).yaml", try TokenFileEncoder.encode(record))
        try outside.commitAll("tokens")

        let repository = try GitRepository()
        let dataFolder = "\(repository.path)/workspace"
        let (own, ownText) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(workspace: "acme", hash: own.hash), in: dataFolder)
        try CommandRunner.git(
            ["-c", "protocol.file.allow=always", "submodule", "add", "-q", outside.path, "workspace/newco"],
            in: repository.path)
        #expect(FileManager.default.fileExists(atPath: "\(dataFolder)/newco/\(secret.hash.id).yaml"))

        let index = try TokenIndex(loading: dataFolder)
        #expect(index.verify(text, at: now) == .unknown)
        #expect(index.verify(ownText, at: now).isValid)
        #expect(index.problems.map(\.path) == ["\(dataFolder)/newco"])
        #expect(index.problems.first?.message.contains(".git") == true)
    }

    @Test("A workspace folder holding a .git folder (a nested repository) grants nothing")
    func nestedRepositoryWorkspace() throws {
        let directory = try TemporaryDirectory()
        let (secret, text) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(workspace: "newco", hash: secret.hash), in: directory.path)
        let verifier = try TokenVerifier(dataFolder: directory.path)
        #expect(verifier.verify(text, at: now).isValid)
        try CommandRunner.git(["init", "-q"], in: "\(directory.path)/newco")
        try verifier.reload(.changedFiles)
        #expect(verifier.verify(text, at: now) == .unknown)
        #expect(verifier.index.problems.map(\.path) == ["\(directory.path)/newco"])
    }

    @Test("A workspace folder that is a symbolic link leaving the data folder grants nothing")
    func symlinkedWorkspaceLeavingDataFolder() throws {
        let outside = try TemporaryDirectory()
        let (secret, text) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(workspace: "victim", hash: secret.hash), in: outside.path)
        let directory = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory.path)/newco", withDestinationPath: "\(outside.path)/victim")
        let index = try TokenIndex(loading: directory.path)
        #expect(index.verify(text, at: now) == .unknown)
        #expect(index.problems.map(\.path) == ["\(directory.path)/newco"])
    }
}

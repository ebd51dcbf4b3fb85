import Foundation
import TestSupport
import Testing
import TokenStore

@testable import TokenVerification

/// A reload of only the files a watcher names, which patches the last table rather than building a
/// new one, gives exactly what a fresh load of the whole folder gives, through random changes that
/// copy hashes between workspaces, revoke and restore them, give them scopes, delete files and
/// workspaces, plant bad files, and write, break and remove policy files: every rule that spans
/// files holds after each.
@Suite("Reload of named changes")
struct NamedChangeReloadTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let workspaces = ["alpha", "beta", "gamma", "delta"]
    /// Scope lines tokens are given, and the policies written, at random.
    static let scopeLines: [String?] = [nil, nil, "a", "a b", "b c", "c"]
    static let policies = [
        "version: 1\n", "version: 1\nmax_lifetime: 1d\n", "version: 1\nallowed_scopes: a c\n",
        "version: 1\nrequire_scopes: true\nmax_lifetime: 3650d\n", "version: 1\nmax_lifetime: 0d\n",
    ]
    static let required = [RequiredScopes(), RequiredScopes(["a"]), RequiredScopes(["b", "c"])]

    /// One data folder under change, with the changes a watcher would name since the last reload.
    private struct Folder {
        let path: String
        let secrets: [(secret: TokenSecret, text: String)]
        var changes = DataFolderChanges()

        func file(_ workspace: String, _ secret: TokenSecret) -> String {
            "\(path)/\(workspace)/\(secret.hash.id).yaml"
        }

        func files(in workspace: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "\(path)/\(workspace)")) ?? [])
                .filter { $0.hasSuffix(".yaml") }
        }

        func pick(using random: inout SplitMix64) -> TokenSecret {
            secrets[Int.random(in: 0..<secrets.count, using: &random)].secret
        }

        mutating func plant(
            _ workspace: String, _ secret: TokenSecret, revoked: Bool, name: String, scopes: String? = nil
        ) throws {
            let revokedAt = Date(timeIntervalSince1970: 1_790_000_100)
            let revocation = revoked ? TokenRecord.Revocation(revokedBy: "bob", revokedAt: revokedAt) : nil
            let file = try TestTokens.plant(
                TestTokens.record(workspace: workspace, name: name, hash: secret.hash, revocation: revocation), in: path
            )
            if let scopes {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                try Data((text + "scopes: \(scopes)\n").utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            }
            changes.changedFile(secret.hash.id, in: workspace)
        }
    }

    @Test("Named-change reloads match a full load after every random change", arguments: [1, 2, 3, 4] as [UInt64])
    func matchesFullLoad(seed: UInt64) throws {
        try reloadAfterRandomChanges(seed: seed) { verifier, changes in changes }
    }

    @Test("A sweep's stamp comparison names every random change", arguments: [5, 6] as [UInt64])
    func sweepNamesEveryChange(seed: UInt64) throws {
        var found = 0
        try reloadAfterRandomChanges(seed: seed) { verifier, _ in
            let changes = try verifier.changesSinceLastRead()
            found += changes.isEmpty ? 0 : 1
            // Whenever the folder now reads differently, the sweep has something to reload.
            let before = verifier.index
            let now = try TokenIndex(loading: verifier.dataFolder)
            if before.tokens(includingRefusedCopies: true).map(\.record)
                != now.tokens(includingRefusedCopies: true).map(\.record) || before.problems != now.problems
            {
                #expect(!changes.isEmpty)
            }
            return changes
        }
        #expect(found > 100, "the sweep found changes \(found) times")
    }

    /// Makes random changes to a folder, reloading after each few with the changes `named` gives
    /// (from those a watcher would have seen), and compares each reload with a fresh full load.
    private func reloadAfterRandomChanges(
        seed: UInt64, named: (TokenVerifier, DataFolderChanges) throws -> DataFolderChanges
    ) throws {
        let directory = try TemporaryDirectory()
        var random = SplitMix64(seed: seed)
        var folder = Folder(path: directory.path, secrets: try (0..<12).map { _ in try TestTokens.secret() })
        for (number, secret) in folder.secrets.enumerated() {
            try folder.plant(Self.workspaces[number % 3], secret.secret, revoked: false, name: "Token \(number)")
        }
        let verifier = try TokenVerifier(dataFolder: directory.path, parallelism: 2)
        var patched = 0
        var built = 0
        for step in 0..<150 {
            folder.changes = DataFolderChanges()
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                try change(&folder, random: &random, step: step)
            }
            let index = try verifier.reload(.changes(try named(verifier, folder.changes)), parallelism: 2)
            if index.table.isInFolderOrder { built += 1 } else { patched += 1 }
            try expectSame(index, try TokenIndex(loading: directory.path), secrets: folder.secrets, step: step)
        }
        // Policy changes and whole-workspace changes rebuild; the token files' own changes patch.
        // The tokens are random, so the split varies from run to run: 20 to 40 patches in 150 steps.
        #expect(patched > 10, "patched \(patched) times")
        #expect(built > 5, "built \(built) times")
    }

    /// Makes one random change, noting what a watcher would name.
    private func change(_ folder: inout Folder, random: inout SplitMix64, step: Int) throws {
        let workspace = Self.workspaces.randomElement(using: &random) ?? "alpha"
        let secret = folder.pick(using: &random)
        switch Int.random(in: 0..<11, using: &random) {
        case 0, 1:
            let scopes = Self.scopeLines.randomElement(using: &random) ?? nil
            try folder.plant(workspace, secret, revoked: false, name: "Step \(step)", scopes: scopes)
        case 2, 3:
            try folder.plant(workspace, secret, revoked: true, name: "Revoked \(step)")
        case 4:
            if let name = folder.files(in: workspace).randomElement(using: &random) {
                try FileManager.default.removeItem(atPath: "\(folder.path)/\(workspace)/\(name)")
                folder.changes.changedFile(String(name.dropLast(5)), in: workspace)
            }
        case 5:
            try FileManager.default.createDirectory(
                atPath: "\(folder.path)/\(workspace)", withIntermediateDirectories: true)
            try Data("version: 1\nname: [broken\n".utf8).write(to: URL(fileURLWithPath: folder.file(workspace, secret)))
            folder.changes.changedFile(secret.hash.id, in: workspace)
        case 6:
            try? FileManager.default.removeItem(atPath: "\(folder.path)/\(workspace)")
            folder.changes.dataFolderEntries = true
            folder.changes.changedWhole(workspace)
        case 7:
            // A workspace folder replaced whole by one with other files, as a checkout may do.
            var staged = Folder(path: "\(folder.path)/.staging", secrets: folder.secrets)
            for _ in 0..<3 {
                try staged.plant(workspace, folder.pick(using: &random), revoked: false, name: "New \(step)")
            }
            try? FileManager.default.removeItem(atPath: "\(folder.path)/\(workspace)")
            try FileManager.default.moveItem(
                atPath: "\(staged.path)/\(workspace)", toPath: "\(folder.path)/\(workspace)")
            try FileManager.default.removeItem(atPath: staged.path)
            folder.changes.dataFolderEntries = true
            folder.changes.changedWhole(workspace)
        case 9:
            // A workspace's policy written, broken or removed.
            try? FileManager.default.createDirectory(
                atPath: "\(folder.path)/\(workspace)", withIntermediateDirectories: true)
            let path = "\(folder.path)/\(workspace)/policy.yaml"
            if let policy = Self.policies.randomElement(using: &random), Bool.random(using: &random) {
                try Data(policy.utf8).write(to: URL(fileURLWithPath: path))
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
            folder.changes.changedFile("policy", in: workspace)
        case 10:
            // The root policy written, broken or removed.
            let path = "\(folder.path)/policy.yaml"
            if let policy = Self.policies.randomElement(using: &random), Int.random(in: 0..<3, using: &random) == 0 {
                try Data(policy.utf8).write(to: URL(fileURLWithPath: path))
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
            folder.changes.dataFolderEntries = true
        default:
            // A stray file in the data folder itself.
            try Data("x".utf8).write(to: URL(fileURLWithPath: "\(folder.path)/stray-\(step % 3).yaml"))
            folder.changes.dataFolderEntries = true
        }
    }

    private func expectSame(
        _ reloaded: TokenIndex, _ loaded: TokenIndex, secrets: [(secret: TokenSecret, text: String)], step: Int
    ) throws {
        #expect(reloaded.tokens().map(\.record) == loaded.tokens().map(\.record), "step \(step)")
        #expect(
            reloaded.tokens(includingRefusedCopies: true).map(\.record)
                == loaded.tokens(includingRefusedCopies: true).map(\.record), "step \(step)")
        #expect(reloaded.problems == loaded.problems, "step \(step)")
        #expect(reloaded.count == loaded.count, "step \(step)")
        #expect(reloaded.workspaces == loaded.workspaces, "step \(step)")
        #expect(reloaded.activeCount(at: now) == loaded.activeCount(at: now), "step \(step)")
        #expect(reloaded.policies == loaded.policies, "step \(step)")
        for (_, text) in secrets {
            for required in Self.required {
                #expect(
                    reloaded.verify(text, requiring: required, at: now)
                        == loaded.verify(text, requiring: required, at: now),
                    "step \(step)")
            }
            #expect(
                reloaded.verify(text, at: now).token?.grantedScopesLine
                    == loaded.verify(text, at: now).token?.grantedScopesLine, "step \(step)")
        }
    }
}

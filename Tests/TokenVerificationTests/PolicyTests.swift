import Foundation
import TestSupport
import Testing

@testable import TokenVerification

@Suite("Scopes and workspace policy in the index")
struct PolicyTests {
    /// A moment after every token below was created.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: TimeInterval = 86_400

    /// A data folder with one token per call to ``plant(_:workspace:scopes:createdDaysAgo:expires:revoked:)``.
    struct Folder {
        let directory: TemporaryDirectory
        var path: String { directory.path }

        init() throws {
            directory = try TemporaryDirectory()
        }

        /// Writes a token file (with a `scopes` line when given) and returns the token's text.
        @discardableResult
        func plant(
            workspace: String = "acme", scopes: String? = nil, createdDaysAgo: Double = 10,
            expiresInDays: Double? = 30, revoked: Bool = false
        ) throws -> String {
            let (secret, token) = try TestTokens.secret()
            let record = TestTokens.record(
                workspace: workspace, name: "Token \(secret.hash.id)", hash: secret.hash,
                createdAt: PolicyTests.now.addingTimeInterval(-createdDaysAgo * PolicyTests.day),
                expiresAt: expiresInDays.map { PolicyTests.now.addingTimeInterval($0 * PolicyTests.day) },
                revocation: revoked ? .init(revokedBy: "bob@example.com", revokedAt: PolicyTests.now) : nil)
            let path = try TestTokens.plant(record, in: self.path)
            if let scopes {
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("scopes: \(scopes)\n".utf8))
                try handle.close()
            }
            return token
        }

        /// Writes `text` as the policy of `workspace`, or the root policy when `nil`.
        func policy(_ text: String, workspace: String? = nil) throws {
            try directory.write(workspace.map { "\($0)/policy.yaml" } ?? "policy.yaml", text)
        }

        func index() throws -> TokenIndex { try TokenIndex(loading: path) }
    }

    @Test("A token's scopes load sorted, and a scope check is an exact match of names")
    func scopesLoad() throws {
        let folder = try Folder()
        let token = try folder.plant(scopes: "deals:write contacts:read")
        let unscoped = try folder.plant()
        let index = try folder.index()
        #expect(index.problems.isEmpty)
        let verified = try #require(index.verify(token, at: Self.now).token)
        #expect(verified.scopes == ["contacts:read", "deals:write"])
        #expect(verified.record.scopes == ["contacts:read", "deals:write"])
        #expect(verified.grantedScopesLine == "contacts:read deals:write")
        #expect(index.verify(token, requiring: RequiredScopes(["deals:write"]), at: Self.now).isValid)
        #expect(index.verify(token, requiring: RequiredScopes(["deals:write", "contacts:read"]), at: Self.now).isValid)
        for missing in ["deals", "deals:writ", "deals:write2", "contacts", "ontacts:read"] {
            #expect(
                index.verify(token, requiring: RequiredScopes([missing]), at: Self.now).label == "insufficient_scope",
                "\(missing)")
        }
        var withInvalid = RequiredScopes(["deals:write"])
        withInvalid.add("Deals:Write")
        #expect(withInvalid.hasInvalidName && withInvalid.line == "deals:write")
        #expect(index.verify(token, requiring: withInvalid, at: Self.now).label == "insufficient_scope")
        let plain = try #require(index.verify(unscoped, at: Self.now).token)
        #expect(plain.scopes == nil && plain.grantedScopesLine == nil && plain.record.scopes == nil)
        #expect(index.verify(unscoped, requiring: RequiredScopes(["deals:write"]), at: Self.now).isValid)
    }

    @Test("Every scope named in any header value is required: adding one can only fail the request")
    func everyNameRequired() throws {
        let folder = try Folder()
        let token = try folder.plant(scopes: "a b")
        let index = try folder.index()
        var required = RequiredScopes()
        required.add(spaceSeparated: "a")
        #expect(index.verify(token, requiring: required, at: Self.now).isValid)
        required.add(spaceSeparated: "b  a")
        #expect(index.verify(token, requiring: required, at: Self.now).isValid)
        required.add("c")
        #expect(required.names == ["a", "b", "c"])
        #expect(index.verify(token, requiring: required, at: Self.now).label == "insufficient_scope")
    }

    @Test("max_lifetime expires a token early, counted from created_at, never-expiring ones too")
    func maxLifetime() throws {
        let folder = try Folder()
        let young = try folder.plant(createdDaysAgo: 10, expiresInDays: nil)
        let old = try folder.plant(createdDaysAgo: 100, expiresInDays: nil)
        let elsewhere = try folder.plant(workspace: "other", createdDaysAgo: 100, expiresInDays: nil)
        try folder.policy("version: 1\nmax_lifetime: 90d\n", workspace: "acme")
        let index = try folder.index()
        #expect(index.problems.isEmpty)
        let valid = try #require(index.verify(young, at: Self.now).token)
        #expect(valid.expiresAt == nil)
        #expect(valid.effectiveExpiresAt == Self.now.addingTimeInterval(80 * Self.day))
        #expect(index.verify(young, at: Self.now).isValid)
        #expect(index.verify(old, at: Self.now).label == "expired")
        #expect(index.verify(elsewhere, at: Self.now).isValid)
        #expect(index.activeCount(at: Self.now) == 2)
        #expect(index.verify(young, at: Self.now.addingTimeInterval(80 * Self.day)).label == "expired")
    }

    @Test("Only scopes in allowed_scopes are granted; a scoped token granted none passes no check")
    func allowedScopes() throws {
        let folder = try Folder()
        let mixed = try folder.plant(scopes: "contacts:read deals:write")
        let outside = try folder.plant(scopes: "admin")
        let unscoped = try folder.plant()
        try folder.policy("version: 1\nallowed_scopes: contacts:read deals:read\n")
        let index = try folder.index()
        let token = try #require(index.verify(mixed, at: Self.now).token)
        #expect(token.scopes == ["contacts:read", "deals:write"])
        #expect(token.grantedScopes == ["contacts:read"])
        #expect(token.grantedScopesLine == "contacts:read")
        #expect(index.verify(mixed, requiring: RequiredScopes(["contacts:read"]), at: Self.now).isValid)
        #expect(
            index.verify(mixed, requiring: RequiredScopes(["deals:write"]), at: Self.now).label == "insufficient_scope")
        #expect(index.verify(outside, at: Self.now).label == "insufficient_scope")
        #expect(index.verify(unscoped, requiring: RequiredScopes(["deals:read"]), at: Self.now).isValid)
        #expect(
            index.policy(forWorkspace: "acme").violations(of: try #require(index.verify(outside, at: Self.now).record))
                .map(\.key) == [.allowedScopes])
    }

    @Test("require_scopes: an unscoped token fails every scope check, and passes where none is required")
    func requireScopes() throws {
        let folder = try Folder()
        let unscoped = try folder.plant()
        let scoped = try folder.plant(scopes: "deals:read")
        try folder.policy("version: 1\nrequire_scopes: true\n", workspace: "acme")
        let index = try folder.index()
        #expect(index.verify(unscoped, at: Self.now).isValid)
        #expect(
            index.verify(unscoped, requiring: RequiredScopes(["deals:read"]), at: Self.now).label
                == "insufficient_scope")
        #expect(index.verify(scoped, requiring: RequiredScopes(["deals:read"]), at: Self.now).isValid)
    }

    @Test("A workspace's policy overrides the root's key by key")
    func merge() throws {
        let folder = try Folder()
        try folder.plant()
        try folder.policy("version: 1\nmax_lifetime: 90d\nallowed_scopes: a b\n")
        try folder.policy("version: 1\nmax_lifetime: 30d\n", workspace: "acme")
        let index = try folder.index()
        let policy = index.policy(forWorkspace: "acme")
        #expect(policy.maxLifetime?.value.description == "30d")
        #expect(policy.maxLifetime?.path == "\(folder.path)/acme/policy.yaml")
        #expect(policy.allowedScopes?.value == ["a", "b"])
        #expect(policy.allowedScopes?.path == "\(folder.path)/policy.yaml")
        #expect(index.policy(forWorkspace: "other").maxLifetime?.value.description == "90d")
        #expect(index.policies.workspaces.count == 1)
        let oneWorkspace = try TokenIndex(loading: folder.path, workspace: "acme")
        #expect(oneWorkspace.policy(forWorkspace: "acme") == policy)
        let oneFile = try TokenIndex(reading: WorkTreeSource(folder.path, extent: .file(workspace: "acme", id: "0")))
        #expect(oneFile.policy(forWorkspace: "acme") == policy)
    }

    @Test(
        "A bad policy file is one line at file:line:column, and the tokens it governs grant nothing",
        arguments: BadPolicyFiles.all.map(\.label))
    func badPolicy(_ label: String) throws {
        let bad = try #require(BadPolicyFiles.all.first { $0.label == label })
        for root in [false, true] {
            let folder = try Folder()
            let governed = try folder.plant()
            let revoked = try folder.plant(revoked: true)
            let elsewhere = try folder.plant(workspace: "other")
            try folder.policy(bad.text, workspace: root ? nil : "acme")
            let started = ContinuousClock.now
            let index = try folder.index()
            #expect(ContinuousClock.now - started < .seconds(2))
            let problem = try #require(index.problems.first)
            #expect(index.problems.count == 1, "\(index.problems)")
            let path = root ? "\(folder.path)/policy.yaml" : "\(folder.path)/acme/policy.yaml"
            #expect(problem.path == path)
            #expect(problem.subject == .policyFile(workspace: root ? nil : "acme"))
            #expect(problem.message.contains(bad.mentions), "\(problem)")
            #expect((problem.line != nil) == bad.hasPosition, "\(problem)")
            #expect(!problem.description.contains("\n") && !problem.description.contains("tok_abc"))
            #expect(index.verify(governed, at: Self.now).label == "unknown")
            #expect(index.verify(revoked, at: Self.now).label == "revoked")
            #expect(index.verify(elsewhere, at: Self.now).label == (root ? "unknown" : "valid"))
            #expect(index.activeCount(at: Self.now) == (root ? 0 : 1))
        }
    }

    @Test("A policy that is a link, a folder or a device is bad: it is never followed, its tokens grant nothing")
    func policyNotARegularFile() throws {
        for kind in ["link", "folder"] {
            let folder = try Folder()
            let governed = try folder.plant()
            let target = try folder.directory.write("elsewhere.txt", "version: 1\n")
            let path = "\(folder.path)/acme/policy.yaml"
            if kind == "link" {
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
            } else {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            }
            let index = try folder.index()
            #expect(index.problems.map(\.path) == [path], "\(kind)")
            #expect(index.verify(governed, at: Self.now).label == "unknown", "\(kind)")
        }
    }

    @Test("A reload picks up a policy edited in place, added or removed, at the root or in a workspace, named or not")
    func reloadPolicy() throws {
        let folder = try Folder()
        let old = try folder.plant(createdDaysAgo: 100, expiresInDays: nil)
        let verifier = try TokenVerifier(dataFolder: folder.path)
        #expect(verifier.verify(old, at: Self.now).isValid)
        var named = DataFolderChanges()
        named.changedFile("policy", in: "acme")
        var top = DataFolderChanges()
        top.dataFolderEntries = true
        let steps: [(String, () throws -> Void, ReloadScope, String)] = [
            (
                "workspace policy added", { try folder.policy("version: 1\nmax_lifetime: 90d\n", workspace: "acme") },
                .changes(named), "expired"
            ),
            (
                "edited in place, same size",
                { try folder.policy("version: 1\nmax_lifetime: 99d\n", workspace: "acme") }, .changedFiles, "expired"
            ),
            (
                "loosened", { try folder.policy("version: 1\nmax_lifetime: never\n", workspace: "acme") },
                .changes(named), "valid"
            ),
            (
                "made bad", { try folder.policy("version: 1\nmax_lifetime: 0d\n", workspace: "acme") }, .changes(named),
                "unknown"
            ),
            (
                "removed", { try FileManager.default.removeItem(atPath: "\(folder.path)/acme/policy.yaml") },
                .changes(named), "valid"
            ),
            ("root policy added", { try folder.policy("version: 1\nmax_lifetime: 30d\n") }, .changes(top), "expired"),
            (
                "root policy edited", { try folder.policy("version: 1\nmax_lifetime: never\n") }, .changedFolders,
                "valid"
            ),
            (
                "root policy made bad", { try folder.policy("version: 1\nmax_lifetime: 3x\n") },
                .changes(DataFolderChanges()), "unknown"
            ),
        ]
        for (label, change, scope, expected) in steps {
            try change()
            try verifier.reload(scope)
            #expect(verifier.verify(old, at: Self.now).label == expected, "\(label)")
            let fresh = try TokenIndex(loading: folder.path)
            #expect(fresh.verify(old, at: Self.now).label == expected, "\(label): a fresh load agrees")
            #expect(verifier.index.problems.map(\.description) == fresh.problems.map(\.description), "\(label)")
        }
    }

    @Test("The sweep's stamp comparison names a policy edited in place")
    func sweepSeesPolicy() throws {
        let folder = try Folder()
        try folder.plant()
        try folder.policy("version: 1\nmax_lifetime: 90d\n", workspace: "acme")
        try folder.policy("version: 1\n")
        let verifier = try TokenVerifier(dataFolder: folder.path)
        #expect(try verifier.changesSinceLastRead().isEmpty)
        try folder.policy("version: 1\nmax_lifetime: 30d\n", workspace: "acme")
        #expect(try verifier.changesSinceLastRead().files["acme"] == ["policy"])
        try folder.policy("version: 1\nrequire_scopes: true\n")
        #expect(try verifier.changesSinceLastRead().dataFolderEntries)
    }
}

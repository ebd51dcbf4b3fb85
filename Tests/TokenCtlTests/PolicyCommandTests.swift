import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("tokenctl as a process: generate and rotate under a workspace policy")
struct PolicyCommandTests {
    /// A repository with `files` (path under the repository: text) written.
    static func repository(_ files: [String: String]) throws -> GitRepository {
        let repository = try GitRepository()
        for (path, text) in files {
            try repository.directory.write(path, text)
        }
        return repository
    }

    /// Runs `arguments` in `repository`, expecting a refusal with exactly `message`, and nothing written.
    static func expectRefusal(
        _ repository: GitRepository, _ arguments: [String], _ message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = repository.directory.snapshot()
        let folders = try FileManager.default.subpathsOfDirectory(atPath: "\(repository.path)/workspace")
        let result = try CommandRunner.tokenctl(arguments, in: repository.path)
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(result.stderr == "tokenctl: error: \(message)\n", sourceLocation: sourceLocation)
        #expect(repository.directory.snapshot() == before, "nothing written", sourceLocation: sourceLocation)
        #expect(
            try FileManager.default.subpathsOfDirectory(atPath: "\(repository.path)/workspace") == folders,
            "no folder made", sourceLocation: sourceLocation)
    }

    /// Runs `generate` with `arguments`, expecting success, and returns the JSON it printed.
    static func generate(_ repository: GitRepository, _ arguments: String...) throws -> [String: Any] {
        let result = try CommandRunner.tokenctl(["generate", "--json"] + arguments, in: repository.path)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    /// `expires_at` − `created_at` of a token as JSON prints it.
    static func lifetime(_ token: [String: Any]) throws -> TimeInterval {
        let created = try #require(UTCTimestamp.parse(token["created_at"] as? String ?? ""))
        let expires = try #require(UTCTimestamp.parse(token["expires_at"] as? String ?? ""))
        return expires.timeIntervalSince(created)
    }

    static let readmePolicy = """
        version: 1
        max_lifetime: 90d
        allowed_scopes: contacts:read deals:read deals:write

        """

    @Test("The README's policy: a long expiry, never, and a scope outside allowed_scopes are refused")
    func refusals() throws {
        let repository = try Self.repository(["workspace/policy.yaml": Self.readmePolicy])
        let base = ["generate", "--workspace", "acme", "--name", "CRM"]
        try Self.expectRefusal(
            repository, base + ["--expires", "180d"],
            "workspace/policy.yaml: max_lifetime is 90d: --expires 180d is longer")
        try Self.expectRefusal(
            repository, base + ["--expires", "never"],
            "workspace/policy.yaml: max_lifetime is 90d: --expires never is longer")
        let farDay = String(UTCTimestamp.format(Date().addingTimeInterval(200 * 86_400)).prefix(10))
        try Self.expectRefusal(
            repository, base + ["--expires", farDay],
            "workspace/policy.yaml: max_lifetime is 90d: --expires \(farDay) is longer")
        try Self.expectRefusal(
            repository, base + ["--scope", "contacts:read", "--scope", "contacts:write", "--scope", "admin"],
            "workspace/policy.yaml: allowed_scopes does not list admin contacts:write, given with --scope")
        #expect(!FileManager.default.fileExists(atPath: "\(repository.path)/workspace/acme"))

        let accepted = try Self.generate(
            repository, "--workspace", "acme", "--name", "CRM", "--expires", "90d",
            "--scope", "deals:read")
        #expect(try Self.lifetime(accepted) == 90 * 86_400)
        #expect(accepted["scopes"] as? [String] == ["deals:read"])
    }

    @Test("A workspace's policy overrides the root's key by key, and the refusal names the file that set the key")
    func workspaceOverrides() throws {
        let repository = try Self.repository([
            "workspace/policy.yaml": "version: 1\nmax_lifetime: 365d\nrequire_scopes: true\n",
            "workspace/acme/policy.yaml": "version: 1\nmax_lifetime: 30d\n",
        ])
        let base = ["generate", "--workspace", "acme", "--name", "CRM"]
        try Self.expectRefusal(
            repository, base + ["--expires", "90d", "--scope", "a"],
            "workspace/acme/policy.yaml: max_lifetime is 30d: --expires 90d is longer")
        try Self.expectRefusal(
            repository, base + ["--expires", "7d"],
            "workspace/policy.yaml: require_scopes is true: give at least one --scope")
        _ = try Self.generate(repository, "--workspace", "acme", "--name", "CRM", "--expires", "30d", "--scope", "a")
        _ = try Self.generate(repository, "--workspace", "other", "--name", "CRM", "--expires", "365d", "--scope", "a")
    }

    @Test("The root policy governs a workspace that has no folder yet, which a refusal does not make")
    func newWorkspace() throws {
        let repository = try Self.repository(["workspace/policy.yaml": "version: 1\nrequire_scopes: true\n"])
        try Self.expectRefusal(
            repository, ["generate", "--workspace", "fresh", "--name", "CRM"],
            "workspace/policy.yaml: require_scopes is true: give at least one --scope")
        #expect(!FileManager.default.fileExists(atPath: "\(repository.path)/workspace/fresh"))
    }

    @Test("--expires defaults to default_expiry, the workspace's over the root's, else 30d")
    func defaultExpiry() throws {
        let repository = try Self.repository([
            "workspace/policy.yaml": "version: 1\ndefault_expiry: 7d\n",
            "workspace/hourly/policy.yaml": "version: 1\ndefault_expiry: 12h\n",
        ])
        #expect(try Self.lifetime(try Self.generate(repository, "--workspace", "acme", "--name", "A")) == 7 * 86_400)
        #expect(try Self.lifetime(try Self.generate(repository, "--workspace", "hourly", "--name", "A")) == 12 * 3_600)
        let plain = try GitRepository()
        #expect(try Self.lifetime(try Self.generate(plain, "--workspace", "acme", "--name", "A")) == 30 * 86_400)
        let never = try Self.repository(["workspace/policy.yaml": "version: 1\ndefault_expiry: never\n"])
        #expect(try Self.generate(never, "--workspace", "acme", "--name", "A")["expires_at"] as? String == "never")
    }

    @Test("A default expiry longer than max_lifetime is refused, naming the --expires to give")
    func defaultTooLong() throws {
        let rootDefault = try Self.repository([
            "workspace/policy.yaml": "version: 1\ndefault_expiry: 180d\n",
            "workspace/acme/policy.yaml": "version: 1\nmax_lifetime: 90d\n",
        ])
        try Self.expectRefusal(
            rootDefault, ["generate", "--workspace", "acme", "--name", "CRM"],
            "workspace/acme/policy.yaml: max_lifetime is 90d: default_expiry 180d of workspace/policy.yaml is longer: "
                + "give --expires 90d or shorter")
        let standard = try Self.repository(["workspace/policy.yaml": "version: 1\nmax_lifetime: 7d\n"])
        try Self.expectRefusal(
            standard, ["generate", "--workspace", "acme", "--name", "CRM"],
            "workspace/policy.yaml: max_lifetime is 7d: the default expiry 30d is longer: give --expires 7d or shorter")
        _ = try Self.generate(standard, "--workspace", "acme", "--name", "CRM", "--expires", "7d")
    }

    static let badPolicies: [(text: String, message: String)] = [
        ("version: 1\nmax_lifetim: 90d\n", "workspace/policy.yaml:2:1: unknown key \"max_lifetim\""),
        (
            "version: 1\nallowed_scopes: [a, b]\n",
            "workspace/policy.yaml:2:17: the value of \"allowed_scopes\" must be a single value, not a list or mapping"
        ),
        ("version: 1\nmax_lifetime: 0d\n", "workspace/policy.yaml:2:15: max_lifetime must be longer than zero"),
        ("version: 1\nmax_lifetime: -3d\n", "workspace/policy.yaml:2:15: max_lifetime must be longer than zero"),
        (
            "version: 1\nmax_lifetime: 30d\ndefault_expiry: 90d\n",
            "workspace/policy.yaml:3:17: default_expiry 90d is longer than max_lifetime 30d"
        ),
        ("max_lifetime: 30d\n", "workspace/policy.yaml:1:1: missing key \"version\""),
        (
            "version: 1\nallowed_scopes: Deals\n",
            "workspace/policy.yaml:2:17: scope 1 in allowed_scopes is not a scope name (a-z, 0-9 first, then a-z 0-9 . _ : / -, at most 64)"
        ),
    ]

    @Test("A bad policy file refuses generate and rotate with its own line; nothing is written", arguments: badPolicies)
    func badPolicy(_ bad: (text: String, message: String)) throws {
        let repository = try GitRepository()
        _ = try Self.generate(repository, "--workspace", "acme", "--name", "CRM")
        try repository.directory.write("workspace/policy.yaml", bad.text)
        try Self.expectRefusal(repository, ["generate", "--workspace", "acme", "--name", "Other"], bad.message)
        try Self.expectRefusal(repository, ["rotate", "--workspace", "acme", "CRM"], bad.message)
        try Self.expectRefusal(repository, ["generate", "--workspace", "fresh", "--name", "Other"], bad.message)
    }

    @Test("A bad workspace policy refuses that workspace only")
    func badWorkspacePolicy() throws {
        let repository = try Self.repository(["workspace/acme/policy.yaml": "version: 2\n"])
        try Self.expectRefusal(
            repository, ["generate", "--workspace", "acme", "--name", "CRM"],
            "workspace/acme/policy.yaml:1:10: unsupported version: this tokenctl reads version 1")
        _ = try Self.generate(repository, "--workspace", "other", "--name", "CRM")
    }

    @Test("rotate refuses a carried expiry period over max_lifetime, naming --expires; --expires then works")
    func rotateCarriedExpiry() throws {
        let repository = try GitRepository()
        let old = try Self.generate(repository, "--workspace", "acme", "--name", "CRM", "--expires", "180d")
        let never = try Self.generate(repository, "--workspace", "acme", "--name", "Forever", "--expires", "never")
        try repository.directory.write("workspace/policy.yaml", "version: 1\nmax_lifetime: 90d\n")
        let oldID = old["id"] as? String ?? ""
        try Self.expectRefusal(
            repository, ["rotate", "--workspace", "acme", "CRM"],
            "workspace/policy.yaml: max_lifetime is 90d: the expiry period of \(oldID), 180d, which rotate carries "
                + "over, is longer: give --expires 90d or shorter")
        try Self.expectRefusal(
            repository, ["rotate", "--workspace", "acme", "Forever"],
            "workspace/policy.yaml: max_lifetime is 90d: the expiry period of \(never["id"] as? String ?? ""), never, "
                + "which rotate carries over, is longer: give --expires 90d or shorter")
        try Self.expectRefusal(
            repository, ["rotate", "--workspace", "acme", "CRM", "--expires", "91d"],
            "workspace/policy.yaml: max_lifetime is 90d: --expires 91d is longer")

        let rotated = try repository.tokenctl("rotate", "--workspace", "acme", "CRM", "--expires", "90d", "--json")
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let successor = try #require(try JSONSerialization.jsonObject(with: rotated.stdoutData) as? [String: Any])
        #expect(try Self.lifetime(successor) == 90 * 86_400)
        #expect(successor["rotated_from"] as? String == oldID)
    }

    @Test(
        "rotate refuses carried scopes outside allowed_scopes, and an unscoped token under require_scopes, naming --scope"
    )
    func rotateCarriedScopes() throws {
        let repository = try GitRepository()
        let scoped = try Self.generate(
            repository, "--workspace", "acme", "--name", "CRM", "--scope", "contacts:read", "--scope", "deals:write")
        let plain = try Self.generate(repository, "--workspace", "acme", "--name", "Plain")
        try repository.directory.write(
            "workspace/acme/policy.yaml", "version: 1\nallowed_scopes: contacts:read\nrequire_scopes: true\n")
        try Self.expectRefusal(
            repository, ["rotate", "--workspace", "acme", "CRM"],
            "workspace/acme/policy.yaml: allowed_scopes does not list deals:write, which \(scoped["id"] as? String ?? "") "
                + "has: give --scope with the scopes the new token needs")
        try Self.expectRefusal(
            repository, ["rotate", "--workspace", "acme", "Plain"],
            "workspace/acme/policy.yaml: require_scopes is true and \(plain["id"] as? String ?? "") has no scopes: "
                + "give at least one --scope")
        try Self.expectRefusal(
            repository, ["rotate", "--workspace", "acme", "CRM", "--scope", "deals:write"],
            "workspace/acme/policy.yaml: allowed_scopes does not list deals:write, given with --scope")

        for name in ["CRM", "Plain"] {
            let rotated = try repository.tokenctl(
                "rotate", "--workspace", "acme", name, "--scope", "contacts:read", "--json")
            #expect(rotated.status == 0, "\(rotated.stderr)")
            #expect(rotated.stdout.contains("\"scopes\":[\"contacts:read\"]"), "\(rotated.stdout)")
        }
    }

    @Test("list marks a token past max_lifetime expired, as the verifier judges it, in text and JSON")
    func listAfterLifetime() throws {
        let repository = try Self.repository([:])
        let token = try Self.generate(repository, "--workspace", "acme", "--name", "Old", "--expires", "never")
        try repository.directory.write("workspace/acme/policy.yaml", "version: 1\nmax_lifetime: 1h\n")
        // The token was created seconds ago: rewind its created_at by a day, keeping its file valid.
        let id = try #require(token["id"] as? String)
        let path = "workspace/acme/\(id).yaml"
        let text = try String(contentsOfFile: "\(repository.path)/\(path)", encoding: .utf8)
        let created = try #require(token["created_at"] as? String)
        try repository.directory.write(path, text.replacingOccurrences(of: created, with: "2020-01-01T00:00:00Z"))
        let listed = try CommandRunner.tokenctl(["list"], in: repository.path)
        #expect(listed.stdout.contains("never (expired)"), "\(listed.stdout)")
        let json = try CommandRunner.tokenctl(["list", "--json"], in: repository.path)
        let tokens = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        #expect(tokens.first?["status"] as? String == "expired")
    }

    @Test("A workspace-only load reads the root policy too")
    func workspaceLoadReadsRoot() throws {
        let directory = try TemporaryDirectory()
        try directory.write("policy.yaml", "version: 1\nmax_lifetime: 90d\n")
        try directory.write("acme/policy.yaml", "version: 1\nallowed_scopes: a\n")
        let index = try TokenIndex(loading: directory.path, workspace: "acme")
        let policy = index.policy(forWorkspace: "acme")
        #expect(policy.maxLifetime?.value.description == "90d")
        #expect(policy.maxLifetime?.path == "\(directory.path)/policy.yaml")
        #expect(policy.allowedScopes?.value == ["a"])
        #expect(policy.allowedScopes?.path == "\(directory.path)/acme/policy.yaml")
    }
}

import Foundation
import TestSupport
import Testing
import TokenVerification

/// `diff` and workspace policy: every key of every policy file, each workspace's effective policy
/// loosened (a warning) or tightened (with the active tokens it expires or denies).
@Suite("diff: policy files and effective policies")
struct PolicyDiffTests {
    @Test("Every key of a policy file is shown old → new; files added, deleted and rewritten are shown")
    func policyFileKeys() throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, "max_lifetime: 90d", "default_expiry: 30d", "allowed_scopes: a b")
        try fixture.policy("beta", "require_scopes: true")
        try fixture.policy("gamma", "default_expiry: 7d")
        try fixture.token(try fixture.record("CRM"))
        try fixture.commitBase()

        try fixture.policy(nil, "max_lifetime: 60d", "allowed_scopes: a b", "require_scopes: false")
        try fixture.policy("acme", "default_expiry: 14d")
        try FileManager.default.removeItem(atPath: "\(fixture.data)/beta/policy.yaml")
        try fixture.repository.directory.write(
            "workspace/gamma/policy.yaml", "# a comment\nversion: 1\ndefault_expiry: 7d\n")
        let report = try fixture.diff()
        let keys = Set(
            report.changes("policy_key_changed").map {
                "\($0.path ?? "") \($0.key ?? "") \($0.before ?? "-") -> \($0.after ?? "-")"
            })
        #expect(
            keys == [
                "workspace/policy.yaml max_lifetime 90d -> 60d",
                "workspace/policy.yaml default_expiry 30d -> -",
                "workspace/policy.yaml require_scopes - -> false",
                "workspace/acme/policy.yaml default_expiry - -> 14d",
                "workspace/beta/policy.yaml require_scopes true -> -",
            ], "\(report.changes)")
        #expect(report.changes("policy_added").map(\.path) == ["workspace/acme/policy.yaml"])
        let deleted = try #require(report.changes("policy_file_deleted").first)
        #expect(deleted.warning && deleted.path == "workspace/beta/policy.yaml" && deleted.workspace == "beta")
        #expect(report.changes("file_rewritten").map(\.path) == ["workspace/gamma/policy.yaml"])
        for kind in ["non_token_entry", "unreadable_file", "unreadable_policy_file", "generated"] {
            #expect(report.changes(kind).isEmpty, "\(kind): \(report.changes)")
        }
        let text = try fixture.repository.tokenctl("diff", "base", "HEAD")
        #expect(text.stdout.contains("policy key changed"), "\(text.stdout)")
        #expect(text.stdout.contains("workspace/policy.yaml: max_lifetime: 90d -> 60d"), "\(text.stdout)")
        #expect(text.stdout.contains("warning: policy file deleted"), "\(text.stdout)")
        #expect(text.stdout.contains("workspace/gamma/policy.yaml: same values, other bytes"), "\(text.stdout)")
    }

    /// A change of the root policy file between two versions, and the effective key it loosens.
    struct Loosening: CustomTestStringConvertible, Sendable {
        var base: [String]
        var head: [String]?
        var key: String?
        var testDescription: String { "\(base) -> \(head.map { "\($0)" } ?? "deleted")" }
    }

    static let loosenings: [Loosening] = [
        Loosening(base: ["max_lifetime: 90d"], head: ["max_lifetime: 365d"], key: "max_lifetime"),
        Loosening(base: ["max_lifetime: 90d"], head: ["max_lifetime: never"], key: "max_lifetime"),
        Loosening(base: ["max_lifetime: 90d"], head: [], key: "max_lifetime"),
        Loosening(base: ["allowed_scopes: a"], head: ["allowed_scopes: a b"], key: "allowed_scopes"),
        Loosening(base: ["allowed_scopes: a"], head: [], key: "allowed_scopes"),
        Loosening(base: ["require_scopes: true"], head: ["require_scopes: false"], key: "require_scopes"),
        Loosening(base: ["require_scopes: true"], head: [], key: "require_scopes"),
        Loosening(base: ["max_lifetime: 90d"], head: nil, key: "max_lifetime"),
        Loosening(base: ["max_lifetime: 0d"], head: ["max_lifetime: 90d"], key: nil),
    ]

    @Test("Each loosening of the effective policy is a warning, in every workspace it governs", arguments: loosenings)
    func loosened(_ loosening: Loosening) throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, loosening.base.joined(separator: "\n"))
        try fixture.token(try fixture.record("CRM"), scopes: ["a"])
        try fixture.token(try fixture.record("Beta", workspace: "beta"), scopes: ["a"])
        try fixture.commitBase()
        if let head = loosening.head {
            try fixture.policy(nil, head.joined(separator: "\n"))
        } else {
            try FileManager.default.removeItem(atPath: "\(fixture.data)/policy.yaml")
        }
        let report = try fixture.diff()
        let loosened = report.changes("policy_loosened")
        #expect(loosened.map(\.workspace) == ["acme", "beta"], "\(report.changes)")
        #expect(loosened.allSatisfy { $0.warning && $0.key == loosening.key && $0.path == "workspace/policy.yaml" })
        #expect(report.changes("policy_tightened").isEmpty, "\(report.changes)")
        if loosening.key == nil {
            #expect(loosened.map(\.affected) == [1, 1], "a fixed file lets each workspace's token grant again")
        }
        let text = try fixture.repository.tokenctl("diff", "base", "HEAD")
        #expect(text.stdout.contains("warning: policy loosened"), "\(text.stdout)")
    }

    @Test("A tightening says how many active tokens at the head it would expire or deny")
    func tightened() throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, "max_lifetime: 365d", "allowed_scopes: a b")
        for number in 1...3 {
            try fixture.token(try fixture.record("Old \(number)", age: 60 * 86_400, lifetime: nil), scopes: ["a"])
        }
        try fixture.token(try fixture.record("Young", lifetime: nil), scopes: ["a", "b"])
        try fixture.token(try fixture.record("Also B", lifetime: 10 * 86_400), scopes: ["b"])
        try fixture.token(try fixture.record("Unscoped"))
        var revoked = try fixture.record("Revoked", age: 60 * 86_400, lifetime: nil)
        revoked.revocation = .init(revokedBy: "bob@example.com", revokedAt: Date())
        try fixture.token(revoked, scopes: ["b"])
        try fixture.token(try fixture.record("Beta", workspace: "beta", age: 60 * 86_400, lifetime: nil))
        try fixture.policy("beta", "max_lifetime: 90d")
        try fixture.commitBase()

        try fixture.policy(nil, "max_lifetime: 30d", "allowed_scopes: a", "require_scopes: true")
        let report = try fixture.diff()
        let acme = Dictionary(
            uniqueKeysWithValues: report.changes("policy_tightened").filter { $0.workspace == "acme" }.map {
                ($0.key ?? "", $0)
            })
        #expect(acme["max_lifetime"]?.affected == 3, "\(report.changes)")
        #expect(acme["max_lifetime"]?.before == "365d" && acme["max_lifetime"]?.after == "30d")
        #expect(acme["allowed_scopes"]?.affected == 2, "Young and Also B lose b")
        #expect(acme["require_scopes"]?.affected == 1, "Unscoped")
        #expect(acme.values.allSatisfy { !$0.warning })
        // beta keeps its own max_lifetime; its one token, unscoped, loses no scope but fails scope checks.
        let beta = report.changes("policy_tightened").filter { $0.workspace == "beta" }
        #expect(
            beta.map { "\($0.key ?? "-") \($0.affected ?? -1)" } == ["allowed_scopes 0", "require_scopes 1"],
            "\(report.changes)")
        #expect(report.changes("policy_loosened").isEmpty, "\(report.changes)")

        let text = try fixture.repository.tokenctl("diff", "base", "HEAD").stdout
        #expect(
            text.contains("max_lifetime 365d -> 30d (workspace/policy.yaml): would expire 3 active tokens now"),
            "\(text)")
        #expect(text.contains("no longer allows b; would deny scopes to 2 active tokens"), "\(text)")
        #expect(text.contains("1 active unscoped token would fail every scope check"), "\(text)")

        try fixture.policy(nil, "max_lifetime: -3d")
        let bad = try fixture.diff()
        let denied = bad.changes("policy_tightened").filter { $0.workspace == "acme" }
        // From base, where max_lifetime is 365d: all six tokens that are not revoked.
        #expect(denied.count == 1 && denied.first?.key == nil && denied.first?.affected == 6, "\(bad.changes)")
        let unreadable = try #require(bad.changes("unreadable_policy_file").first)
        #expect(unreadable.warning && unreadable.after == "2:15: max_lifetime must be longer than zero")
    }

    @Test("A new workspace policy file that loosens the root's is a warning for that workspace only")
    func workspaceFileLoosens() throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, "max_lifetime: 90d", "allowed_scopes: deals:read", "require_scopes: true")
        try fixture.token(try fixture.record("CRM"), scopes: ["deals:read"])
        try fixture.token(try fixture.record("Beta", workspace: "beta"), scopes: ["deals:read"])
        try fixture.commitBase()

        try fixture.policy("acme", "max_lifetime: never", "allowed_scopes: deals:read deals:write")
        let report = try fixture.diff()
        let loosened = report.changes("policy_loosened")
        #expect(Set(loosened.map(\.workspace)) == ["acme"], "\(report.changes)")
        #expect(Set(loosened.compactMap(\.key)) == ["max_lifetime", "allowed_scopes"])
        #expect(loosened.allSatisfy { $0.path == "workspace/acme/policy.yaml" })
        let lifetime = try #require(loosened.first { $0.key == "max_lifetime" })
        #expect(lifetime.before == "90d" && lifetime.after == "never")
        #expect(report.changes("policy_added").map(\.path) == ["workspace/acme/policy.yaml"])
        let text = try fixture.repository.tokenctl("diff", "base", "HEAD").stdout
        #expect(
            text.contains(
                "allowed_scopes deals:read -> deals:read deals:write (workspace/acme/policy.yaml): allows deals:write"),
            "\(text)")
    }

    @Test("Generated tokens show their scopes; grown scopes, policy breaches and created_at moved later are warnings")
    func tokenScopes() throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, "max_lifetime: 90d", "allowed_scopes: a b")
        let grows = try fixture.token(try fixture.record("Grows"), scopes: ["a"])
        let unscopes = try fixture.token(try fixture.record("Unscopes"), scopes: ["a"])
        let narrows = try fixture.token(try fixture.record("Narrows"), scopes: ["a", "b"])
        var later = try fixture.token(try fixture.record("Later"), scopes: ["a"])
        try fixture.commitBase()

        try fixture.token(grows, scopes: ["a", "b"])
        try fixture.token(unscopes)
        try fixture.token(narrows, scopes: ["a"])
        later.createdAt = later.createdAt.addingTimeInterval(3_600)
        try fixture.token(later, scopes: ["a"])
        let scoped = try fixture.token(try fixture.record("Scoped"), scopes: ["b", "a"])
        let plain = try fixture.token(try fixture.record("Plain"))
        let breaks = try fixture.token(try fixture.record("Breaks", lifetime: nil), scopes: ["a", "admin"])
        let report = try fixture.diff()

        let generated = Dictionary(uniqueKeysWithValues: report.changes("generated").map { ($0.id, $0) })
        #expect(generated[scoped.id]?.scopes == ["a", "b"])
        #expect(generated[plain.id] != nil && generated[plain.id]?.scopes == nil)
        #expect(generated[breaks.id]?.scopes == ["a", "admin"])
        let grown = report.changes("scopes_grown")
        #expect(Set(grown.map(\.id)) == [grows.id, unscopes.id], "\(report.changes)")
        #expect(grown.allSatisfy { $0.warning })
        #expect(grown.first { $0.id == grows.id }.map { "\($0.before ?? "-") -> \($0.after ?? "-")" } == "a -> a b")
        #expect(grown.first { $0.id == unscopes.id }?.after == nil)
        let narrowed = try #require(report.changes("key_changed").first { $0.id == narrows.id })
        #expect(!narrowed.warning && narrowed.key == "scopes" && narrowed.before == "a b" && narrowed.after == "a")
        #expect(report.changes("created_at_later").map(\.id) == [later.id])
        let breaches = report.changes("breaks_policy")
        #expect(breaches.allSatisfy { $0.id == breaks.id && $0.warning }, "\(breaches)")
        #expect(
            Set(breaches.compactMap(\.after)) == [
                "workspace/policy.yaml: never expires, over max_lifetime 90d",
                "workspace/policy.yaml: admin not in allowed_scopes",
            ])

        let text = try fixture.repository.tokenctl("diff", "base", "HEAD").stdout
        #expect(text.contains("\(scoped.id) \"Scoped\": by alice@example.com, expires "), "\(text)")
        #expect(text.contains(", scopes a b\n"), "\(text)")
        #expect(text.contains("warning: scopes grown"), "\(text)")
        #expect(text.contains("\(unscopes.id) \"Unscopes\": scopes a -> (unscoped)"), "\(text)")
        #expect(text.contains("warning: breaks policy"), "\(text)")
        let markdown = try fixture.repository.tokenctl("diff", "base", "HEAD", "--format", "markdown").stdout
        #expect(markdown.contains("Scopes grown: scopes a -&gt; a b"), "\(markdown)")
        #expect(markdown.contains("Breaks policy: breaks workspace/policy.yaml: admin not in allowed\\_scopes"))
    }

    @Test("Markdown escapes scope names and policy values: no autolink, emphasis or table break")
    func markdownEscaping() throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, "allowed_scopes: a")
        try fixture.commitBase()
        let hostile = ["https://evil.example/x", "www.evil.example", "read_all_", "a"]
        try fixture.policy(nil, "allowed_scopes: \(hostile.joined(separator: " "))")
        let token = try fixture.token(try fixture.record("Hostile"), scopes: hostile)
        try fixture.policy("beta", "\"x|y<b>@team\": 1")
        _ = try fixture.diff()
        let markdown = try fixture.repository.tokenctl("diff", "base", "HEAD", "--format", "markdown").stdout
        for raw in ["https://", "www.evil", "read_all_", "_all_", "<b>", "@team"] {
            #expect(!markdown.contains(raw), "\(raw) in \(markdown)")
        }
        #expect(markdown.contains("https:&#8203;//evil.example/x"), "\(markdown)")
        #expect(markdown.contains("www&#8203;.evil.example"), "\(markdown)")
        #expect(markdown.contains("read\\_all\\_"), "\(markdown)")
        #expect(markdown.contains("`\(token.id)`"))
        #expect(markdown.contains("Unreadable policy file: workspace/beta/policy.yaml"), "\(markdown)")
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Workspace") }
        #expect(!rows.isEmpty)
        for row in rows {
            // Four cells: five pipes that are not escaped.
            let pipes = row.indices.filter {
                row[$0] == "|" && (row.startIndex == $0 || row[row.index(before: $0)] != "\\")
            }
            #expect(pipes.count == 5, "\(row)")
        }
    }

    /// One edit of a policy file, from a base that has `workspace/policy.yaml` and
    /// `workspace/acme/policy.yaml`.
    struct Edit: CustomTestStringConvertible, Sendable {
        var name: String
        var apply: @Sendable (PolicyFixture) throws -> Void
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        Edit(name: "a comment") {
            try $0.repository.directory.write("workspace/policy.yaml", "version: 1\nmax_lifetime: 90d # why\n")
        },
        Edit(name: "quoting") {
            try $0.repository.directory.write("workspace/policy.yaml", "version: 1\nmax_lifetime: \"90d\"\n")
        },
        Edit(name: "made executable") {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\($0.data)/policy.yaml")
        },
        Edit(name: "24h for 1d") { try $0.policy("acme", "default_expiry: 24h") },
        Edit(name: "a symlink") {
            try FileManager.default.removeItem(atPath: "\($0.data)/acme/policy.yaml")
            try FileManager.default.createSymbolicLink(
                atPath: "\($0.data)/acme/policy.yaml", withDestinationPath: "../policy.yaml")
        },
        Edit(name: "renamed") {
            try FileManager.default.moveItem(
                atPath: "\($0.data)/acme/policy.yaml", toPath: "\($0.data)/beta/policy.yaml")
        },
        Edit(name: "nested deeper") { try $0.policy("acme/deep", "max_lifetime: 1d") },
        Edit(name: "bad") { try $0.policy("acme", "default_expiry: 1d", "extra: 1") },
    ]

    @Test("Nothing changes in a policy file while diff says no token changes", arguments: edits)
    func everyEditShown(_ edit: Edit) throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, "max_lifetime: 90d")
        try fixture.policy("acme", "default_expiry: 1d")
        try fixture.token(try fixture.record("CRM"))
        try fixture.token(try fixture.record("Beta", workspace: "beta"))
        try fixture.commitBase()
        try edit.apply(fixture)
        let report = try fixture.diff()
        #expect(!report.changes.isEmpty)
        #expect(report.changes.allSatisfy { $0.path?.hasPrefix("workspace/") == true }, "\(report.changes)")
        let text = try fixture.repository.tokenctl("diff", "base", "HEAD").stdout
        #expect(!text.contains("no token changes"), "\(text)")
    }
}

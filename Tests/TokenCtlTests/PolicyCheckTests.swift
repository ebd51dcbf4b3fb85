import Foundation
import TestSupport
import Testing
import TokenVerification

/// `check` and workspace policy: an active token that breaks its policy is a warning, a bad policy
/// file is an error, staged policy files count, and the hook never blocks a revocation.
@Suite("check: policy files and the tokens that break them")
struct PolicyCheckTests {
    @Test("Each active token that breaks its policy is one warning per key, exit 0; revoked and expired ones are not")
    func violationsAreWarnings() throws {
        let fixture = try PolicyFixture()
        let root = try fixture.policy(nil, "max_lifetime: 90d", "allowed_scopes: deals:read")
        let acme = try fixture.policy("acme", "require_scopes: true")
        let forever = try fixture.token(try fixture.record("Forever", lifetime: nil), scopes: ["deals:read"])
        let long = try fixture.token(
            try fixture.record("Long", lifetime: 365 * 86_400), scopes: ["deals:read", "deals:write"])
        let unscoped = try fixture.token(try fixture.record("Unscoped"))
        let keeps = try fixture.token(try fixture.record("Keeps"), scopes: ["deals:read"])
        var revoked = try fixture.record("Revoked", lifetime: nil)
        revoked.revocation = .init(revokedBy: "bob@example.com", revokedAt: Date())
        try fixture.token(revoked)
        // Past max_lifetime already: expired, so the verifier refuses it and check says nothing.
        let old = try fixture.token(try fixture.record("Old", age: 100 * 86_400, lifetime: nil), scopes: ["deals:read"])
        let beta = try fixture.token(try fixture.record("Beta", workspace: "beta", lifetime: nil))
        try fixture.repository.commitAll("tokens")

        let result = try fixture.repository.tokenctl("check")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = Set(result.stdout.split(separator: "\n").map(String.init))
        let warn = { (record: TokenRecord, message: String) in
            "\(fixture.path(of: record)): warning: token \(record.id) breaks \(message)"
        }
        #expect(
            lines == [
                warn(forever, "\(root): never expires, over max_lifetime 90d"),
                warn(long, "\(root): expires 365d after created_at, over max_lifetime 90d"),
                warn(long, "\(root): deals:write not in allowed_scopes"),
                warn(unscoped, "\(acme): has no scopes, and require_scopes is true"),
                warn(beta, "\(root): never expires, over max_lifetime 90d"),
            ], "\(lines)")
        for quiet in [keeps, revoked, old] {
            #expect(!result.stdout.contains(quiet.id), "\(quiet.name)")
        }
        #expect(
            result.stderr
                == "tokenctl: checked 7 token files and 2 policy files in 2 workspaces; "
                + "scanned 9 files for plaintext tokens\n")
    }

    @Test("A bad policy file is an error at file:line:column, exit 1; a tracked good one is no stray entry")
    func badPolicyFiles() throws {
        let fixture = try PolicyFixture()
        try fixture.policy(nil, "max_lifetime: 90d")
        try fixture.policy("acme", "default_expiry: 30d")
        try fixture.token(try fixture.record("CRM"))
        try fixture.repository.commitAll("policies")
        let clean = try fixture.repository.tokenctl("check")
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout.isEmpty)

        try fixture.policy(nil, "max_lifetime: -3d")
        try fixture.policy("acme", "lifetime: 3d")
        try fixture.policy("beta", "max_lifetime: 30d", "default_expiry: 60d")
        let bad = try fixture.repository.tokenctl("check")
        #expect(bad.status == 1)
        #expect(
            bad.stdout.split(separator: "\n").map(String.init) == [
                "workspace/policy.yaml:2:15: max_lifetime must be longer than zero",
                "workspace/acme/policy.yaml:2:1: unknown key \"lifetime\"",
                "workspace/beta/policy.yaml:3:17: default_expiry 60d is longer than max_lifetime 30d",
            ], "\(bad.stdout)")
        #expect(bad.stderr == "tokenctl: error: check found 3 problems\n")
    }

    @Test("--staged reads the staged policy files: a bad one staged fails, a bad one only in the work tree does not")
    func stagedPolicyFiles() throws {
        let fixture = try PolicyFixture()
        try fixture.token(try fixture.record("CRM", lifetime: nil))
        try fixture.repository.commitAll("token")
        #expect(try fixture.repository.tokenctl("check", "--staged").stdout.isEmpty)

        try fixture.policy("acme", "max_lifetime: 0d")
        _ = try fixture.repository.git("add", "workspace")
        try fixture.policy("acme", "max_lifetime: 90d")
        let staged = try fixture.repository.tokenctl("check", "--staged")
        #expect(staged.status == 1)
        #expect(
            staged.stdout == "workspace/acme/policy.yaml:2:15: max_lifetime must be longer than zero\n",
            "\(staged.stdout)")
        let workTree = try fixture.repository.tokenctl("check")
        #expect(workTree.status == 0, "\(workTree.stdout)")
        #expect(workTree.stdout.contains("breaks workspace/acme/policy.yaml: never expires, over max_lifetime 90d"))

        _ = try fixture.repository.git("add", "workspace")
        try fixture.policy(nil, "unknown: 1")
        let good = try fixture.repository.tokenctl("check", "--staged")
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains("breaks workspace/acme/policy.yaml: never expires"), "\(good.stdout)")
        #expect(good.stderr.hasPrefix("tokenctl: checked 1 staged token file and 1 policy file in 1 workspace"))
    }

    @Test("The pre-commit hook lets a revocation through in a workspace whose policy an old token breaks")
    func hookAllowsRevocation() throws {
        let fixture = try PolicyFixture()
        let repository = fixture.repository
        #expect(try repository.tokenctl("init").status == 0)
        try fixture.policy(nil, "max_lifetime: 90d", "allowed_scopes: deals:read")
        let old = try fixture.token(try fixture.record("Old", lifetime: nil), scopes: ["deals:read", "admin"])
        let leaked = try fixture.token(try fixture.record("Leaked"), scopes: ["deals:read"])
        try repository.commitAll("tokens")

        let revoked = try repository.tokenctl("delete", "--workspace", "acme", leaked.id, "--commit")
        #expect(revoked.status == 0, "\(revoked.stdout)\(revoked.stderr)")
        let log = try repository.git("log", "--format=%s").stdout
        #expect(log.split(separator: "\n").count == 2 && log.hasPrefix("tokens(acme): revoke \(leaked.id)"), "\(log)")
        let file = try String(contentsOfFile: "\(fixture.data)/acme/\(leaked.id).yaml", encoding: .utf8)
        #expect(file.contains("revoked_at: "))
        #expect(try repository.git("status", "--porcelain").stdout.isEmpty)

        // The same through git commit itself, the hook printing the warnings as it passes.
        try fixture.policy(nil, "max_lifetime: 30d", "allowed_scopes: deals:read")
        _ = try repository.git("add", "-A")
        let commit = try repository.git("commit", "-m", "tighten")
        #expect(commit.status == 0, "\(commit.stdout)\(commit.stderr)")
        #expect((commit.stdout + commit.stderr).contains("warning: token \(old.id) breaks"))
    }
}

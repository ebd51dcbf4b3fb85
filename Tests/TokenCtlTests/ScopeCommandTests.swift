import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("tokenctl as a process: --scope on generate and rotate; scopes in list, verify and JSON")
struct ScopeCommandTests {
    /// Runs `generate` in `repository`, expecting success, and returns the secret and its id.
    static func generate(_ repository: GitRepository, _ arguments: String...) throws -> (token: String, id: String) {
        let result = try CommandRunner.tokenctl(["generate"] + arguments, in: repository.path)
        #expect(result.status == 0, "\(result.stderr)")
        let token = String(result.stdout.dropLast())
        return (token, SHA256Digester.digest(token).id)
    }

    /// The token file of `id` in workspace `workspace` of `repository`.
    static func file(_ repository: GitRepository, _ id: String, workspace: String = "acme") throws -> String {
        try String(contentsOfFile: "\(repository.path)/workspace/\(workspace)/\(id).yaml", encoding: .utf8)
    }

    /// stdout parsed as one JSON object.
    static func object(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    @Test("generate --scope, repeated and unsorted, writes one sorted line; verify prints the scopes")
    func generateAndVerify() throws {
        let repository = try GitRepository()
        let (token, id) = try Self.generate(
            repository, "--workspace", "acme", "--name", "CRM", "--scope", "deals:write", "--scope", "contacts:read",
            "--scope", "deals:write")
        let file = try Self.file(repository, id)
        #expect(file.contains("\nscopes: contacts:read deals:write\nhash: "), "\(file)")

        let verified = try repository.tokenctl("verify", stdin: token)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(
            verified.stdout == "valid workspace=acme id=\(id) name=\"CRM\" scopes=\"contacts:read deals:write\"\n")
        let json = try Self.object(try repository.tokenctl("verify", "--json", stdin: token))
        #expect(json["scopes"] as? [String] == ["contacts:read", "deals:write"])
    }

    @Test("An unscoped token: no scopes key in its file, nothing after the name in verify, no scopes in JSON")
    func unscoped() throws {
        let repository = try GitRepository()
        let (token, id) = try Self.generate(repository, "--workspace", "acme", "--name", "Plain")
        #expect(!(try Self.file(repository, id)).contains("scopes"))
        let verified = try repository.tokenctl("verify", stdin: token)
        #expect(verified.stdout == "valid workspace=acme id=\(id) name=\"Plain\"\n")
        let verifiedJSON = try repository.tokenctl("verify", "--json", stdin: token)
        #expect(!verifiedJSON.stdout.contains("scopes"), "\(verifiedJSON.stdout)")
        let generated = try repository.tokenctl("generate", "--workspace", "acme", "--name", "Other", "--json")
        #expect(generated.status == 0)
        #expect(!generated.stdout.contains("scopes"), "absent, never []: \(generated.stdout)")
    }

    @Test("generate --json and rotate --json give scopes as a list")
    func jsonOnWrite() throws {
        let repository = try GitRepository()
        let generated = try repository.tokenctl(
            "generate", "--workspace", "acme", "--name", "CRM", "--scope", "b", "--scope", "a", "--json")
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(try Self.object(generated)["scopes"] as? [String] == ["a", "b"])
        let rotated = try repository.tokenctl("rotate", "--workspace", "acme", "CRM", "--json")
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(try Self.object(rotated)["scopes"] as? [String] == ["a", "b"])
    }

    static let badNames = [
        "Deals", "", "a b", "deals*", "-x", "été", String(repeating: "a", count: 65), "x\u{1B}[31m",
    ]

    @Test("generate refuses a bad --scope in one line, writes nothing", arguments: badNames)
    func badScopeName(_ name: String) throws {
        let repository = try GitRepository()
        // An option's value that starts with "-" is given with "=", and an empty one as its own argument.
        let scope = name.hasPrefix("-") ? ["--scope=\(name)"] : ["--scope", name]
        let result = try CommandRunner.tokenctl(
            ["generate", "--workspace", "acme", "--name", "CRM"] + scope, in: repository.path)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("tokenctl: error: --scope: "), "\(result.stderr)")
        #expect(result.stderr.contains("is not a scope name"), "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(repository.directory.allFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(repository.path)/workspace"))
    }

    @Test("A token given as a --scope is refused and never repeated")
    func tokenAsScope() throws {
        let repository = try GitRepository()
        let token = try TestTokens.secret().text
        let result = try repository.tokenctl("generate", "--workspace", "acme", "--name", "CRM", "--scope", token)
        #expect(result.status != 0)
        #expect(!result.stderr.contains(token) && !result.stdout.contains(token))
        #expect(repository.directory.allFiles().isEmpty)
    }

    @Test("More than 32 scopes are refused; 32, or 33 with a repeat, are accepted")
    func scopeLimit() throws {
        let repository = try GitRepository()
        let options = (1...33).flatMap { ["--scope", "scope-\($0)"] }
        let before = repository.directory.snapshot()
        let refused = try CommandRunner.tokenctl(
            ["generate", "--workspace", "acme", "--name", "Many"] + options, in: repository.path)
        #expect(refused.status == 1)
        #expect(refused.stderr == "tokenctl: error: --scope: 33 scopes, over the limit of 32\n")
        #expect(repository.directory.snapshot() == before)

        let full = try CommandRunner.tokenctl(
            ["generate", "--workspace", "acme", "--name", "Full"] + options.dropLast(2), in: repository.path)
        #expect(full.status == 0, "\(full.stderr)")
        let repeated = try CommandRunner.tokenctl(
            ["generate", "--workspace", "acme", "--name", "Repeated"] + options.dropLast(2) + ["--scope", "scope-7"],
            in: repository.path)
        #expect(repeated.status == 0, "\(repeated.stderr)")
    }

    @Test("list adds a SCOPES column only when a listed token has scopes; JSON scopes are a list or absent")
    func list() throws {
        let repository = try GitRepository()
        let (_, plainID) = try Self.generate(repository, "--workspace", "acme", "--name", "Plain")
        let plainOnly = try repository.tokenctl("list", "--workspace", "acme")
        #expect(plainOnly.status == 0)
        #expect(!plainOnly.stdout.contains("SCOPES"))

        let (_, scopedID) = try Self.generate(
            repository, "--workspace", "acme", "--name", "Scoped", "--scope", "deals:read", "--scope", "contacts:read")
        let table = try repository.tokenctl("list", "--workspace", "acme")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("CREATED AT            SCOPES") == true, "\(table.stdout)")
        #expect(lines.first { $0.hasPrefix(plainID) }?.hasSuffix("  (unscoped)") == true, "\(table.stdout)")
        #expect(
            lines.first { $0.hasPrefix(scopedID) }?.hasSuffix("  contacts:read deals:read") == true, "\(table.stdout)")

        let json = try repository.tokenctl("list", "--json")
        let tokens = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: tokens.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID[scopedID]?["scopes"] as? [String] == ["contacts:read", "deals:read"])
        #expect(byID[plainID].map { $0["scopes"] == nil || $0["scopes"] is NSNull } == true)
        #expect(!json.stdout.contains("[]"))
    }

    @Test("Scopes outside allowed_scopes: list marks them not granted, verify prints only the granted ones")
    func notGranted() throws {
        let repository = try GitRepository()
        let (token, id) = try Self.generate(
            repository, "--workspace", "acme", "--name", "CRM", "--scope", "contacts:read", "--scope", "deals:write")
        try repository.directory.write("workspace/acme/policy.yaml", "version: 1\nallowed_scopes: contacts:read\n")
        let table = try repository.tokenctl("list", "--workspace", "acme")
        #expect(table.status == 0, "\(table.stderr)")
        let row = table.stdout.split(separator: "\n").first { $0.hasPrefix(id) }
        #expect(row?.hasSuffix("  contacts:read (not granted: deals:write)") == true, "\(table.stdout)")
        let verified = try repository.tokenctl("verify", stdin: token)
        #expect(verified.stdout == "valid workspace=acme id=\(id) name=\"CRM\" scopes=\"contacts:read\"\n")
        let json = try Self.object(try repository.tokenctl("verify", "--json", stdin: token))
        #expect(json["scopes"] as? [String] == ["contacts:read"])
        let listed = try repository.tokenctl("list", "--json")
        #expect(listed.stdout.contains("\"scopes\":[\"contacts:read\",\"deals:write\"]"), "the file's scopes")
    }

    @Test("A token granted no scope at all is insufficient_scope in verify, and exits 1")
    func grantedNothing() throws {
        let repository = try GitRepository()
        let (token, id) = try Self.generate(
            repository, "--workspace", "acme", "--name", "CRM", "--scope", "deals:write")
        try repository.directory.write("workspace/acme/policy.yaml", "version: 1\nallowed_scopes: contacts:read\n")
        let verified = try repository.tokenctl("verify", stdin: token)
        #expect(verified.status == 1)
        #expect(verified.stdout == "insufficient_scope workspace=acme id=\(id) name=\"CRM\" scopes=\"\"\n")
        let json = try Self.object(try repository.tokenctl("verify", "--json", stdin: token))
        #expect(json["valid"] as? Bool == false)
        #expect(json["reason"] as? String == "insufficient_scope")
        #expect(json["scopes"] as? [String] == [])
    }

    @Test("rotate carries scopes and the expiry period over; --scope and --expires replace them")
    func rotateCarries() throws {
        let repository = try GitRepository()
        let (_, oldID) = try Self.generate(
            repository, "--workspace", "acme", "--name", "CRM", "--expires", "7d", "--scope", "contacts:read")
        let carried = try repository.tokenctl("rotate", "--workspace", "acme", "CRM", "--json")
        #expect(carried.status == 0, "\(carried.stderr)")
        let successor = try Self.object(carried)
        #expect(successor["scopes"] as? [String] == ["contacts:read"])
        #expect(successor["rotated_from"] as? String == oldID)
        let created = try #require(UTCTimestamp.parse(successor["created_at"] as? String ?? ""))
        let expires = try #require(UTCTimestamp.parse(successor["expires_at"] as? String ?? ""))
        #expect(expires.timeIntervalSince(created) == 7 * 86_400)

        let replaced = try repository.tokenctl(
            "rotate", "--workspace", "acme", "CRM", "--scope", "deals:read", "--scope", "contacts:write",
            "--expires", "never", "--json")
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let next = try Self.object(replaced)
        #expect(next["scopes"] as? [String] == ["contacts:write", "deals:read"])
        #expect(next["expires_at"] as? String == "never")
        let file = try Self.file(repository, next["id"] as? String ?? "")
        #expect(file.contains("\nexpires_at: never\nscopes: contacts:write deals:read\n"), "\(file)")
    }

    @Test("rotate --overlap keeps the old token's scopes in its rewritten file")
    func overlapKeepsScopes() throws {
        let repository = try GitRepository()
        let (_, oldID) = try Self.generate(
            repository, "--workspace", "acme", "--name", "CRM", "--expires", "30d", "--scope", "contacts:read")
        let rotated = try repository.tokenctl("rotate", "--workspace", "acme", "CRM", "--overlap", "1d")
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(try Self.file(repository, oldID).contains("\nscopes: contacts:read\n"))
    }

    @Test("rotate refuses a bad --scope and changes nothing")
    func rotateBadScope() throws {
        let repository = try GitRepository()
        _ = try Self.generate(repository, "--workspace", "acme", "--name", "CRM")
        let before = repository.directory.snapshot()
        let result = try repository.tokenctl("rotate", "--workspace", "acme", "CRM", "--scope", "Deals")
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "tokenctl: error: --scope: \"Deals\" is not a scope name (a-z, 0-9 first, then a-z 0-9 . _ : / -, at most 64)"
            ])
        #expect(repository.directory.snapshot() == before)
    }
}

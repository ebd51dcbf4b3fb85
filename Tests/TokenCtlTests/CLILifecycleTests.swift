import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("tokenctl as a process: generate, verify, delete")
struct CLILifecycleTests {
    static var tokenLine: Regex<Substring> { #/^tok_[0-9A-Za-z]{38}\n$/# }

    /// Generates a token in `repository` and returns its secret.
    static func generate(_ repository: GitRepository, _ arguments: String...) throws -> String {
        let result = try CommandRunner.tokenctl(["generate"] + arguments, in: repository.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.wholeMatch(of: tokenLine) != nil, "stdout holds the secret only")
        #expect(result.stderr.isEmpty, "no terminal, so no warning: \(result.stderr)")
        return String(result.stdout.dropLast())
    }

    @Test("generate prints the secret alone; verify says valid with workspace, id and name")
    func generateThenVerify() throws {
        let repository = try GitRepository()
        let token = try Self.generate(repository, "--workspace", "acme", "--name", "CRM Integration")
        let id = SHA256Digester.digest(token).id
        #expect(repository.directory.allFiles() == ["workspace/acme/\(id).yaml"])
        let file = try String(contentsOfFile: "\(repository.path)/workspace/acme/\(id).yaml", encoding: .utf8)
        #expect(file.contains("created_by: alice@example.com\n"), "default actor from git config user.email")

        let verified = try repository.tokenctl("verify", stdin: token + "\n")
        #expect(verified.status == 0)
        #expect(verified.stdout == "valid workspace=acme id=\(id) name=\"CRM Integration\"\n")
        #expect(verified.stderr.isEmpty)

        let json = try repository.tokenctl("verify", "--json", stdin: token)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect(object["valid"] as? Bool == true)
        #expect(object["workspace"] as? String == "acme")
        #expect(object["id"] as? String == id)
        #expect(object["created_by"] as? String == "alice@example.com")
        #expect(!json.stdout.contains(token))
    }

    @Test("delete by id and by name revokes; verify then says revoked and exits 1")
    func deleteByIDAndName() throws {
        let repository = try GitRepository()
        let first = try Self.generate(repository, "--workspace", "acme", "--name", "First")
        let second = try Self.generate(repository, "--workspace", "acme", "--name", "Second")
        let firstID = SHA256Digester.digest(first).id

        let byID = try repository.tokenctl("delete", "--workspace", "acme", firstID, "--revoked-by", "bob@example.com")
        #expect(byID.status == 0, "\(byID.stderr)")
        #expect(byID.stdout == "revoked \(firstID) \"First\" in workspace acme\n")
        let byName = try repository.tokenctl("delete", "--workspace", "acme", "Second")
        #expect(byName.status == 0, "\(byName.stderr)")

        for token in [first, second] {
            let verified = try repository.tokenctl("verify", stdin: token)
            #expect(verified.status == 1)
            #expect(verified.stdout.hasPrefix("revoked workspace=acme id="))
        }
        let file = try String(contentsOfFile: "\(repository.path)/workspace/acme/\(firstID).yaml", encoding: .utf8)
        #expect(file.contains("revoked_by: bob@example.com\nrevoked_at: "))
        let secondID = SHA256Digester.digest(second).id
        let secondFile = try String(
            contentsOfFile: "\(repository.path)/workspace/acme/\(secondID).yaml", encoding: .utf8)
        #expect(
            secondFile.contains("revoked_by: alice@example.com\nrevoked_at: "),
            "default actor from git config user.email, read while the token was found")

        let again = try repository.tokenctl("delete", "--workspace", "acme", firstID)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("already revoked \(firstID)"))
        let missing = try repository.tokenctl("delete", "--workspace", "acme", "Nobody")
        #expect(missing.status == 1)
        #expect(missing.stderrLines.count == 1)
    }

    @Test("A name that looks like flags is deleted by name, not read as options")
    func dashName() throws {
        let repository = try GitRepository()
        let token = try Self.generate(repository, "--workspace", "acme", "--name", "-legacy hook")
        let result = try repository.tokenctl("delete", "--workspace", "acme", "-legacy hook")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("revoked "))
        #expect(try repository.tokenctl("verify", stdin: token).stdout.hasPrefix("revoked "))
    }

    @Test("Names printed by verify and delete cannot smuggle terminal controls")
    func terminalSafeNames() throws {
        let repository = try GitRepository()
        let token = try Self.generate(repository, "--workspace", "acme", "--name", "a\\b\"c\u{202E}d\te")
        let verified = try repository.tokenctl("verify", stdin: token)
        #expect(verified.stdout.hasSuffix(#"name="a\\b\"c\u{202E}d\te""# + "\n"))
        let deleted = try repository.tokenctl("delete", "--workspace", "acme", SHA256Digester.digest(token).id)
        #expect(!deleted.stdout.contains("\u{202E}"))
    }

    @Test("An ambiguous name is refused with the ids listed")
    func ambiguousName() throws {
        let repository = try GitRepository()
        let past = try #require(UTCTimestamp.parse("2026-01-01T00:00:00Z"))
        let (old, _) = try TestTokens.secret()
        try TestTokens.plant(
            TestTokens.record(name: "Dup", hash: old.hash, createdAt: past, expiresAt: past.addingTimeInterval(86_400)),
            in: "\(repository.path)/workspace")
        let current = try Self.generate(repository, "--workspace", "acme", "--name", "Dup")
        let result = try repository.tokenctl("delete", "--workspace", "acme", "Dup")
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1)
        #expect(
            result.stderr.contains(old.hash.id) && result.stderr.contains(SHA256Digester.digest(current).id))
    }

    @Test("Planted expired token verifies as expired; unknown and malformed are named, never echoed")
    func expiredUnknownMalformed() throws {
        let repository = try GitRepository()
        let (expired, expiredText) = try TestTokens.secret()
        let past = try #require(UTCTimestamp.parse("2026-01-01T00:00:00Z"))
        try TestTokens.plant(
            TestTokens.record(name: "Old", hash: expired.hash, createdAt: past, expiresAt: past.addingTimeInterval(60)),
            in: "\(repository.path)/workspace")
        let result = try repository.tokenctl("verify", stdin: expiredText)
        #expect(result.status == 1)
        #expect(result.stdout == "expired workspace=acme id=\(expired.hash.id) name=\"Old\"\n")

        let (_, unknown) = try TestTokens.secret()
        let unknownResult = try repository.tokenctl("verify", stdin: unknown)
        #expect(unknownResult.status == 1)
        #expect(unknownResult.stdout == "unknown\n")
        let malformed = TestTokens.corrupted(unknown)
        let malformedResult = try repository.tokenctl("verify", "--json", stdin: malformed)
        #expect(malformedResult.status == 1)
        #expect(malformedResult.stdout == "{\"reason\":\"malformed\",\"valid\":false}\n")
        #expect(!(malformedResult.stdout + malformedResult.stderr).contains(malformed))
    }

    @Test("verify --batch prints one result per line, in order")
    func batch() throws {
        let repository = try GitRepository()
        let valid = try Self.generate(repository, "--workspace", "acme", "--name", "Live")
        let revoked = try Self.generate(repository, "--workspace", "beta", "--name", "Gone")
        _ = try repository.tokenctl("delete", "--workspace", "beta", "Gone")
        let (_, unknown) = try TestTokens.secret()
        let input = [valid, "not a token", revoked, "", unknown, "  \(valid)  "].joined(separator: "\n") + "\n"
        let result = try repository.tokenctl("verify", "--batch", stdin: input)
        let labels = result.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(labels == ["valid", "malformed", "revoked", "malformed", "unknown", "valid"])
        #expect(result.status == 1)
        let allValid = try repository.tokenctl("verify", "--batch", stdin: valid + "\n" + valid + "\n")
        #expect(allValid.status == 0)
    }

    @Test("The secret appears in no file of the repository or its history")
    func secretNeverStored() throws {
        let repository = try GitRepository()
        let token = try Self.generate(repository, "--workspace", "acme", "--name", "CRM Integration")
        _ = try repository.tokenctl("list", "--all")
        _ = try repository.tokenctl("verify", stdin: token)
        try repository.commitAll("add token")
        _ = try repository.tokenctl("delete", "--workspace", "acme", "CRM Integration")
        try repository.commitAll("revoke token")
        let randomPart = String(token.dropFirst(4).prefix(32))
        for (path, data) in repository.directory.snapshot(includingGit: true) {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains(randomPart), "\(path)")
        }
        #expect(!(try repository.everythingGitHolds()).contains(randomPart))
    }

    @Test("On a terminal, generate adds a one-line warning on stderr that the secret is shown once")
    func terminalWarning() throws {
        let repository = try GitRepository()
        let command = "'\(CommandRunner.tokenctl)' generate --workspace acme --name Terminal 2>stderr.txt"
        let result = try CommandRunner.run("script", ["-qec", command, "/dev/null"], in: repository.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("tok_"))
        let stderr = try String(contentsOfFile: "\(repository.path)/stderr.txt", encoding: .utf8)
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(stderr.contains("will not be shown again"))
        #expect(!stderr.contains("tok_"))
    }

    @Test("--dir and TOKENCTL_DIR choose the data folder; TOKENCTL_USER sets the actor")
    func dataFolderAndActor() throws {
        let repository = try GitRepository()
        _ = try repository.tokenctl(
            "generate", "--workspace", "acme", "--name", "A", "--dir", "tokens",
            environment: ["TOKENCTL_USER": "ci-bot"])
        _ = try repository.tokenctl(
            "generate", "--workspace", "acme", "--name", "B", environment: ["TOKENCTL_DIR": "other/"])
        let files = repository.directory.allFiles()
        #expect(files.count == 2)
        #expect(files.contains { $0.hasPrefix("tokens/acme/") } && files.contains { $0.hasPrefix("other/acme/") })
        let listed = try repository.tokenctl("list", "--json", "--dir", "tokens")
        #expect(listed.stdout.contains("\"created_by\":\"ci-bot\""))
    }
}

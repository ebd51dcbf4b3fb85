import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("delete --leaked: what it revokes, what it prints, what it commits")
struct LeakedTokenTests {
    @Test(
        "Each token found once, in the order first seen: active and expired revoked, revoked ones say so, others unknown"
    )
    func revokesWhatItFinds() throws {
        let fixture = try LeakFixture()
        let active = try fixture.plant("CRM Integration")
        let expired = try fixture.plant("Old Job", workspace: "beta", expired: true)
        let revoked = try fixture.plant("Gone", revoked: true)
        let foreign = try TestTokens.secret().text
        let log = try fixture.log(
            """
            GET /v1/auth Authorization: Bearer \(active.text) 200
            retry with \(expired.text) and \(foreign)
            look-alike \(TestTokens.corrupted(active.text)) is not a token
            \(revoked.text) then \(active.text) again,\(expired.text)

            """)

        let result = try fixture.leaked(log)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdout == """
                \(active.masked) revoked workspace=acme id=\(active.id) name="CRM Integration"
                \(expired.masked) revoked workspace=beta id=\(expired.id) name="Old Job"
                \(foreign.prefix(7))… unknown
                \(revoked.masked) already revoked workspace=acme id=\(revoked.id) name="Gone"

                """)
        for token in [active, expired] {
            let record = try #require(try fixture.record(of: token))
            #expect(record.revocation?.revokedBy == "alice@example.com", "the default actor, as for delete")
            #expect(try TokenIndex(loading: fixture.data).verify(token.text).label == "revoked")
        }
        #expect(try fixture.record(of: revoked)?.revocation?.revokedBy == "carol@example.com", "tombstone kept")
        for token in [active.text, expired.text, revoked.text, foreign] {
            #expect(!(result.stdout + result.stderr).contains(String(token.dropFirst(7).prefix(8))))
        }

        // Run again: nothing left to revoke, nothing changes.
        let before = fixture.repository.directory.snapshot()
        let again = try fixture.leaked(log, "--revoked-by", "bob@example.com")
        #expect(again.status == 0)
        #expect(
            again.stdout == """
                \(active.masked) already revoked workspace=acme id=\(active.id) name="CRM Integration"
                \(expired.masked) already revoked workspace=beta id=\(expired.id) name="Old Job"
                \(foreign.prefix(7))… unknown
                \(revoked.masked) already revoked workspace=acme id=\(revoked.id) name="Gone"

                """)
        #expect(fixture.repository.directory.snapshot() == before)
    }

    @Test("Tokens in base64 and UTF-16 are found as check finds them; one token in several forms is one line")
    func encodedTokens() throws {
        let fixture = try LeakFixture()
        let plain = try fixture.plant("Plain")
        let base64 = try fixture.plant("Base64")
        let urlSafe = try fixture.plant("URL-safe")
        let utf16 = try fixture.plant("UTF-16")
        var bytes = Array("secret: \(Data(base64.text.utf8).base64EncodedString())\n".utf8)
        let shifted = Data([0xFB] + Array(urlSafe.text.utf8) + [0xFF]).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        bytes += Array("cookie=\(shifted)\n".utf8)
        bytes += "token=\(utf16.text)\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        bytes += Array("again \(plain.text) \(Data(plain.text.utf8).base64EncodedString())\n".utf8)

        let result = try fixture.leaked(try fixture.log(bytes))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(result.stdout)")
        for (line, token) in zip(lines, [base64, urlSafe, utf16, plain]) {
            #expect(line == "\(token.masked) revoked workspace=acme id=\(token.id) name=\"\(token.record.name)\"")
        }
    }

    @Test("stdin is read with - and with no file; --json prints one list with each token's metadata")
    func standardInputAndJSON() throws {
        let fixture = try LeakFixture()
        let first = try fixture.plant("First")
        let second = try fixture.plant("Second", expired: true)
        let foreign = try TestTokens.secret().text
        let text = Data("\(first.text)\n\(foreign)\n".utf8)

        let dash = try fixture.leaked("-", stdin: text)
        #expect(dash.status == 0, "\(dash.stderr)")
        #expect(dash.stdout.hasPrefix("\(first.masked) revoked workspace=acme id=\(first.id) "))

        let json = try fixture.leaked("--json", stdin: Data("\(second.text) \(first.text) \(foreign)".utf8))
        #expect(json.status == 0, "\(json.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        #expect(objects.map { $0["result"] as? String } == ["revoked", "already_revoked", "unknown"])
        #expect(objects.map { $0["masked"] as? String } == [second.masked, first.masked, "\(foreign.prefix(7))…"])
        #expect(objects[0]["id"] as? String == second.id)
        #expect(objects[0]["workspace"] as? String == "acme")
        #expect(objects[0]["status"] as? String == "revoked")
        #expect(objects[0]["revoked_by"] as? String == "alice@example.com")
        #expect(objects[2]["id"] == nil)

        let none = try fixture.leaked("--json", stdin: Data("nothing here\n".utf8))
        #expect(none.status == 0)
        #expect(none.stdout == "[]\n")
    }

    @Test(
        "--commit makes exactly one commit naming every revoked id; with nothing revoked it commits nothing and says so"
    )
    func commitsOnce() throws {
        let fixture = try LeakFixture()
        let tokens = try [
            fixture.plant("CRM Integration"), fixture.plant("Expired", expired: true),
            fixture.plant("Billing", workspace: "beta"),
        ]
        let revoked = try fixture.plant("Gone", revoked: true)
        try fixture.repository.commitAll("tokens")
        let log = try fixture.log((tokens + [revoked]).map { "leak \($0.text)\n" }.joined())

        let result = try fixture.leaked(log, "--commit")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 4)
        #expect(try CommandRunner.git(["rev-list", "--count", "HEAD"], in: fixture.repository.path) == "2\n")
        let message = try CommandRunner.git(["log", "-1", "--format=%B"], in: fixture.repository.path)
        let expectedLines =
            ["tokens: revoke 3 leaked tokens", ""]
            + tokens.map {
                "tokens(\($0.record.workspace)): revoke \($0.id) \"\($0.record.name)\""
            }
        #expect(
            message.split(separator: "\n", omittingEmptySubsequences: false).prefix(5).map(String.init) == expectedLines
        )
        #expect(!message.contains(revoked.id))
        let changed = try CommandRunner.git(["show", "--name-only", "--format=", "HEAD"], in: fixture.repository.path)
        #expect(
            changed.split(separator: "\n").sorted()
                == tokens.map { "workspace/\($0.record.workspace)/\($0.id).yaml" }.sorted())
        #expect(try CommandRunner.git(["status", "--porcelain"], in: fixture.repository.path).isEmpty)
        let history = try fixture.repository.everythingGitHolds()
        for token in tokens + [revoked] {
            #expect(!history.contains(String(token.text.dropFirst(7).prefix(8))))
        }

        let again = try fixture.leaked(log, "--commit")
        #expect(again.status == 0)
        #expect(again.stderr == "tokenctl: nothing was revoked, so nothing was committed\n")
        #expect(try CommandRunner.git(["rev-list", "--count", "HEAD"], in: fixture.repository.path) == "2\n")
    }

    @Test("A hash that stands in two workspaces is revoked in both, a line for each")
    func everyCopy() throws {
        let fixture = try LeakFixture()
        let token = try fixture.plant("Shared")
        var copy = token.record
        copy.workspace = "beta"
        try TestTokens.plant(copy, in: fixture.data)

        let result = try fixture.leaked(try fixture.log("x \(token.text)\n"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                \(token.masked) revoked workspace=acme id=\(token.id) name="Shared"
                \(token.masked) revoked workspace=beta id=\(token.id) name="Shared"

                """)
        let index = try TokenIndex(loading: fixture.data)
        #expect(index.tokens(includingRefusedCopies: true).allSatisfy { $0.isRevoked })
        #expect(index.problems.isEmpty, "revoked copies of one hash are no problem")
    }

    @Test(
        """
        Only the file each found token's id names is read, in every workspace: no revocation through a linked \
        workspace, a submodule or a forged file, no hang on a FIFO, no word about files it did not read
        """)
    func readsOnlyNamedFiles() throws {
        let fixture = try LeakFixture()
        let token = try fixture.plant("CRM")
        let outside = try TemporaryDirectory()
        var linkedCopy = token.record
        linkedCopy.workspace = "elsewhere"
        let linkedFile = try TestTokens.plant(linkedCopy, in: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: "\(fixture.data)/linked", withDestinationPath: "\(outside.path)/elsewhere")
        try FileManager.default.createDirectory(atPath: "\(fixture.data)/beta", withIntermediateDirectories: true)
        #expect(mkfifo("\(fixture.data)/beta/\(token.id).yaml", 0o600) == 0)
        let other = try fixture.plant("Other", workspace: "gamma")
        let forged = "\(fixture.data)/gamma/\(token.id).yaml"
        try FileManager.default.moveItem(atPath: "\(fixture.data)/gamma/\(other.id).yaml", toPath: forged)
        _ = try fixture.repository.directory.write("workspace/delta/0123456789ab.yaml", "not: [a token")
        var submoduleCopy = token.record
        submoduleCopy.workspace = "sub"
        let submoduleFile = try TestTokens.plant(submoduleCopy, in: fixture.data)
        _ = try fixture.repository.directory.write("workspace/sub/.git", "gitdir: ../../.git/modules/sub\n")

        let result = try fixture.leaked(try fixture.log("leaked \(token.text)\n"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(token.masked) revoked workspace=acme id=\(token.id) name=\"CRM\"\n")
        let warned = result.stderrLines
        #expect(warned.count == 4, "\(result.stderr)")
        #expect(warned.contains { $0.hasPrefix("workspace/sub: ") })
        #expect(warned.contains { $0.hasPrefix("workspace/linked: ") }, "\(warned)")
        #expect(warned.contains { $0.hasPrefix("workspace/beta/\(token.id).yaml: ") })
        #expect(warned.contains { $0.hasPrefix("workspace/gamma/\(token.id).yaml:") })
        #expect(!result.stderr.contains("delta"), "a file no found token names is not read")
        for file in [linkedFile, submoduleFile] {
            #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains("revoked_at"), "\(file)")
        }
        #expect(!(try String(contentsOfFile: forged, encoding: .utf8)).contains("revoked_at"), "another hash's file")
    }

    @Test(
        "A tombstone that cannot be written: that token is not revoked, the others are, exit 1",
        .disabled(if: Sanitizers.threadSanitizerIsOn, "a ThreadSanitizer build cannot start under ulimit -f 0"))
    func writeFailure() throws {
        let fixture = try LeakFixture()
        let blocked = try fixture.plant("Blocked", workspace: "beta")
        let revocable = try fixture.plant("Revocable")
        let log = try fixture.log("\(blocked.text)\n\(revocable.text)\n")
        // The process may not grow any file (RLIMIT_FSIZE 0, SIGXFSZ ignored): every write to a file
        // fails with EFBIG, as on a full disk, and unlike a read-only folder this holds for root too.
        let script = #"trap '' XFSZ; ulimit -f 0; exec "$0" "$@""#
        let before = fixture.repository.directory.snapshot()
        let limited = try CommandRunner.run(
            "/bin/sh", ["-c", script, CommandRunner.tokenctl, "delete", "--leaked", log],
            in: fixture.repository.path)
        #expect(limited.status == 1)
        #expect(!limited.killedBySignal)
        #expect(
            limited.stdout == """
                \(blocked.masked) not revoked workspace=beta id=\(blocked.id) name="Blocked"
                \(revocable.masked) not revoked workspace=acme id=\(revocable.id) name="Revocable"

                """)
        let errors = limited.stderrLines
        #expect(errors.count == 3, "\(limited.stderr)")
        #expect(errors.prefix(2).allSatisfy { $0.hasPrefix("tokenctl: error: cannot write ") })
        #expect(errors.last == "tokenctl: error: 2 tokens found could not be revoked, listed above")
        #expect(fixture.repository.directory.snapshot() == before, "no tombstone and no stray temporary file")

        // The same run without the limit revokes both.
        let result = try fixture.leaked(log)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.contains(" revoked workspace=") })
    }

    @Test(
        "--leaked with a workspace, a second argument or a token on the command line is refused; nothing is written",
        arguments: [
            (
                ["--workspace", "acme"],
                "tokenctl: error: --leaked looks for the tokens in every workspace: leave out --workspace"
            ),
            (["app.log", "CRM"], "tokenctl: error: --leaked reads one file, or stdin: it takes no token id or name"),
        ])
    func refusedArguments(_ arguments: [String], _ message: String) throws {
        let fixture = try LeakFixture()
        _ = try fixture.plant("CRM")
        let before = fixture.repository.directory.snapshot()
        let result = try CommandRunner.tokenctl(["delete", "--leaked"] + arguments, in: fixture.repository.path)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == message + "\n")
        #expect(fixture.repository.directory.snapshot() == before)
    }

    @Test("A token given as the file to scan is refused without being repeated or read")
    func tokenInArguments() throws {
        let fixture = try LeakFixture()
        let token = try fixture.plant("CRM")
        let before = fixture.repository.directory.snapshot()
        let result = try fixture.leaked(token.text)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("tokenctl: error: an argument holds a token"))
        #expect(!result.stderr.contains(String(token.text.dropFirst(7).prefix(8))))
        #expect(fixture.repository.directory.snapshot() == before)
    }
}

import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("check: token files and secret scanning")
struct CheckTests {
    static func secret(_ repository: GitRepository, _ name: String, workspace: String = "acme") throws -> String {
        let result = try repository.tokenctl("generate", "--workspace", workspace, "--name", name)
        #expect(result.status == 0, "\(result.stderr)")
        return String(result.stdout.dropLast())
    }

    @Test("A plaintext token is found, masked, with its line and id; a look-alike is not")
    func findsMaskedTokens() throws {
        let repository = try GitRepository()
        let token = try Self.secret(repository, "CRM")
        let (_, stranger) = try TestTokens.secret()
        var lookAlike = Array(token.utf8)
        lookAlike[20] = lookAlike[20] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        try repository.directory.write(
            "docs/setup.md",
            "# Setup\n\nexport TOKEN=\(token)\nnot this: \(String(decoding: lookAlike, as: UTF8.self))\n\(stranger)\n")
        try repository.commitAll("docs")
        let result = try repository.tokenctl("check")
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        let id = SHA256Digester.digest(token).id
        #expect(lines[0] == "docs/setup.md:3: plaintext token \(token.prefix(7))… (id \(id) in workspace acme)")
        #expect(lines[1] == "docs/setup.md:5: plaintext token \(stranger.prefix(7))… (not a known token)")
        #expect(!(result.stdout + result.stderr).contains(String(token.dropFirst(4).prefix(8))))
        #expect(result.stderr.hasSuffix("check found 2 problems\n"))
    }

    @Test("Tokens in file names, in base64 (standard and URL-safe, any offset) and in UTF-16 are found, masked")
    func encodedTokens() throws {
        let repository = try GitRepository()
        var expected: [String: String] = [:]  // path prefix of the finding line -> the token
        var secrets: [String] = []
        func token() throws -> String {
            let text = try TestTokens.secret().text
            secrets.append(text)
            return text
        }
        let named = try token()
        try repository.directory.write("leaks/\(named).txt", "nothing inside\n")
        expected["leaks/\(named.prefix(7))…"] = named
        // A token file named after a token: its problem line is masked too.
        try repository.directory.write("workspace/acme/\(named).yaml", "version: 1\n")
        expected["workspace/acme/\(named.prefix(7))…"] = named

        let kubernetes = try token()
        let encoded = Data(kubernetes.utf8).base64EncodedString()
        try repository.directory.write(
            "deploy/secret.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  token: \(encoded)\n")
        expected["deploy/secret.yaml:4: "] = kubernetes

        for shift in 0..<3 {
            for urlSafe in [false, true] {
                let text = try token()
                // Leading bytes chosen so that the encoding holds + and / (or - and _).
                let bytes = [UInt8](repeating: 0xFB, count: shift) + Array(text.utf8) + [0xFF, 0xFE]
                var base64 = Data(bytes).base64EncodedString()
                if urlSafe {
                    base64 = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                        .replacingOccurrences(of: "=", with: "")
                }
                let path = "encoded/shift\(shift)-\(urlSafe ? "url" : "std").txt"
                try repository.directory.write(path, "value=\(base64)\n")
                expected["\(path):1: "] = text
            }
        }
        for (name, bigEndian, bom) in [
            ("le-bom", false, true), ("le", false, false), ("be-bom", true, true), ("be", true, false),
        ] {
            let text = try token()
            var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
            for unit in "line one\nAPI_TOKEN=\(text)\n".utf16 {
                let pair = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
                bytes += bigEndian ? pair : pair.reversed()
            }
            try repository.directory.write("utf16/\(name).txt", bytes)
            expected["utf16/\(name).txt:2: "] = text
        }
        try repository.commitAll("leaks")

        let result = try repository.tokenctl("check")
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == expected.count + 1, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("workspace/acme/\(named.prefix(7))….yaml:") }, "the file's problem")
        for (prefix, text) in expected {
            #expect(
                lines.contains { $0.hasPrefix(prefix) && $0.contains("plaintext token \(text.prefix(7))…") },
                "no finding for \(prefix)")
        }
        let output = result.stdout + result.stderr
        for text in secrets {
            #expect(!output.contains(String(text.dropFirst(7).prefix(10))))
        }
        #expect(!output.contains(String(encoded.dropFirst(12).prefix(16))))

        try repository.directory.write("more/\(named)-copy.txt", "x\n")
        _ = try repository.git("add", "more")
        let stagedName = try repository.tokenctl("check", "--staged")
        #expect(stagedName.status == 1)
        #expect(stagedName.stdout.contains("more/\(named.prefix(7))…"), "\(stagedName.stdout)")
        #expect(!stagedName.stdout.contains(String(named.dropFirst(7).prefix(10))))
    }

    @Test("Binary files and large files are scanned in bounded memory, tokens across chunk edges included")
    func binaryAndLargeFiles() throws {
        let repository = try GitRepository()
        let (_, token) = try TestTokens.secret()
        var binary = [UInt8](repeating: 0, count: 100_000)
        binary.replaceSubrange(50_000..<50_042, with: Array(token.utf8))
        try repository.directory.write("assets/blob.bin", binary)
        // 8 MiB of text lines, with one token straddling the 64 KiB chunk edge and one at the very end.
        var large = Array(
            String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef012345678901234\n", count: 1_023).utf8)
        large += Array("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".utf8)
        large += Array(token.utf8) + [UInt8(ascii: "\n")]
        large += [UInt8](repeating: UInt8(ascii: "z"), count: 8 << 20)
        large += Array(token.utf8)
        try repository.directory.write("logs/huge.log", large)
        try repository.commitAll("data")
        let result = try repository.tokenctl("check")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("assets/blob.bin:1: plaintext token ") })
        #expect(lines.contains { $0.hasPrefix("logs/huge.log:1024: plaintext token ") })
        #expect(lines.contains { $0.hasPrefix("logs/huge.log:1025: plaintext token ") })
        #expect(lines.count == 3)
    }

    @Test("--staged reads the index: staged content counts, unstaged edits do not")
    func stagedContent() throws {
        let repository = try GitRepository()
        try repository.directory.write("README.md", "hello\n")
        try repository.commitAll("start")
        let (_, token) = try TestTokens.secret()
        try repository.directory.write("app.env", "TOKEN=\(token)\n")
        _ = try repository.git("add", "app.env")
        try repository.directory.write("app.env", "TOKEN=from-the-vault\n")
        let staged = try repository.tokenctl("check", "--staged")
        #expect(staged.status == 1)
        #expect(staged.stdout.hasPrefix("app.env:1: plaintext token "))
        #expect(try repository.tokenctl("check").status == 0, "the work tree (tracked: the clean edit) is clean")

        _ = try repository.git("add", "app.env")
        try repository.directory.write("app.env", "TOKEN=\(token)\n")
        #expect(try repository.tokenctl("check", "--staged").status == 0, "the token is only in the work tree")

        // Staged token files are validated as staged, too.
        try repository.directory.write("workspace/acme/0123456789ab.yaml", "version: 1\nname: [\n")
        _ = try repository.git("add", "workspace")
        try FileManager.default.removeItem(atPath: "\(repository.path)/workspace/acme/0123456789ab.yaml")
        let badFile = try repository.tokenctl("check", "--staged")
        #expect(badFile.status == 1)
        #expect(badFile.stdout.contains("workspace/acme/0123456789ab.yaml:2:7: "), "\(badFile.stdout)")
    }

    @Test("Duplicate hashes across workspaces and duplicate active names are reported, all of them")
    func crossFileProblems() throws {
        let repository = try GitRepository()
        let (secret, _) = try TestTokens.secret()
        let dataFolder = "\(repository.path)/workspace"
        try TestTokens.plant(TestTokens.record(workspace: "acme", name: "Copy", hash: secret.hash), in: dataFolder)
        try TestTokens.plant(TestTokens.record(workspace: "beta", name: "Copy", hash: secret.hash), in: dataFolder)
        for _ in 0..<2 {
            let (other, _) = try TestTokens.secret()
            try TestTokens.plant(TestTokens.record(workspace: "gamma", name: "Twin", hash: other.hash), in: dataFolder)
        }
        try repository.directory.write("workspace/gamma/notatoken.yaml", "- a\n")
        let result = try repository.tokenctl("check")
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(lines)")
        let acme = "workspace/acme/\(secret.hash.id).yaml"
        let beta = "workspace/beta/\(secret.hash.id).yaml"
        #expect(lines.contains { $0.hasPrefix("\(acme): active hash also in \(beta)") })
        #expect(lines.contains { $0.hasPrefix("\(beta): active hash also in \(acme)") })
        #expect(lines.contains { $0.contains(": duplicate name \"Twin\": active token ") })
        #expect(lines.contains { $0.hasPrefix("workspace/gamma/notatoken.yaml:1:1: ") })
    }

    @Test("A check that passes says what it checked in one line on stderr; --quiet says nothing")
    func summaryOnSuccess() throws {
        let repository = try GitRepository()
        _ = try repository.tokenctl("init")
        for (workspace, name) in [("acme", "CRM"), ("acme", "Zapier"), ("beta", "Backup")] {
            _ = try repository.generate(workspace: workspace, name: name)
        }
        try repository.directory.write("README.md", "# Tokens\n")
        try repository.commitAll("tokens")
        let tracked = try CommandRunner.git(["ls-files"], in: repository.path).split(separator: "\n").count
        let result = try repository.tokenctl("check")
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "tokenctl: checked 3 token files in 2 workspaces; scanned \(tracked) files for plaintext tokens\n")

        _ = try repository.generate(workspace: "beta", name: "New")
        _ = try repository.git("add", "workspace")
        let staged = try repository.tokenctl("check", "--staged")
        #expect(staged.status == 0)
        #expect(
            staged.stderr
                == "tokenctl: checked 4 staged token files in 2 workspaces; scanned 1 staged file for plaintext tokens\n"
        )

        for arguments in [["check", "--quiet"], ["check", "--staged", "--quiet"]] {
            let quiet = try CommandRunner.tokenctl(arguments, in: repository.path)
            #expect(quiet.status == 0)
            #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stderr)")
        }
    }

    @Test("Outside a repository the summary leaves out the scan it skipped")
    func summaryWithoutRepository() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.tokenctl(
            ["generate", "--workspace", "acme", "--name", "x", "--created-by", "a"], in: directory.path)
        #expect(result.status == 0)
        let check = try CommandRunner.tokenctl(["check"], in: directory.path)
        #expect(check.status == 0)
        #expect(
            check.stderrLines == [
                "tokenctl: warning: workspace is not in a git repository: the plaintext scan was skipped",
                "tokenctl: checked 1 token file in 1 workspace",
            ])
    }

    @Test("A duplicate name is named, quoted and escaped as names are everywhere")
    func duplicateNameIsNamed() throws {
        let repository = try GitRepository()
        let name = "Say \"hi\" \\ \u{202E}txt.exe"
        for _ in 0..<2 {
            let (secret, _) = try TestTokens.secret()
            try TestTokens.plant(
                TestTokens.record(workspace: "acme", name: name, hash: secret.hash), in: "\(repository.path)/workspace")
        }
        let result = try repository.tokenctl("check")
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(#": duplicate name "Say \"hi\" \\ \u{202E}txt.exe": active token "#),
            "\(result.stdout)")
    }

    @Test("An active hash in two workspaces: list leaves both out and reports each copy, exit 1")
    func listReportsAmbiguousCopies() throws {
        let repository = try GitRepository()
        let (secret, _) = try TestTokens.secret()
        let dataFolder = "\(repository.path)/workspace"
        try TestTokens.plant(TestTokens.record(workspace: "victim", name: "Own", hash: secret.hash), in: dataFolder)
        try TestTokens.plant(
            TestTokens.record(workspace: "attacker", name: "Stolen", hash: secret.hash), in: dataFolder)
        let result = try repository.tokenctl("list", "--json")
        #expect(result.status == 1)
        #expect(!result.stdout.contains(secret.hash.id), "\(result.stdout)")
        #expect(result.stderr.contains("workspace/victim/\(secret.hash.id).yaml: active hash also in "))
        #expect(result.stderr.contains("workspace/attacker/\(secret.hash.id).yaml: active hash also in "))
    }

    @Test("A workspace folder that is a git submodule is an error for check")
    func submoduleWorkspaceIsAnError() throws {
        let outside = try GitRepository()
        try outside.directory.write("README", "tokens\n")
        try outside.commitAll("start")
        let repository = try GitRepository()
        _ = try Self.secret(repository, "CRM")
        try CommandRunner.git(
            ["-c", "protocol.file.allow=always", "submodule", "add", "-q", outside.path, "workspace/newco"],
            in: repository.path)
        try repository.commitAll("submodule")
        let result = try repository.tokenctl("check")
        #expect(result.status == 1)
        #expect(result.stdout.contains("workspace/newco: "), "\(result.stdout)")
    }

    @Test("A tracked .build/ (a binary a pull request could make hooks or CI run) is an error for check")
    func trackedBuildFolderIsAnError() throws {
        let repository = try GitRepository()
        try repository.directory.write(".build/release/tokenctl", "#!/bin/sh\nexit 0\n")
        try repository.directory.write("README", "hello\n")
        _ = try repository.git("add", "-f", ".build/release/tokenctl", "README")
        _ = try repository.git("commit", "-q", "--no-verify", "-m", "build output")
        let result = try repository.tokenctl("check")
        #expect(result.status == 1)
        #expect(result.stdout.contains(".build/release/tokenctl: tracked build output"), "\(result.stdout)")
        let staged = try repository.tokenctl("check", "--staged")
        #expect(staged.status == 1)
    }

    @Test("--warn-expiring warns about soon-expiring and never-expiring tokens, exit 0")
    func expiringWarnings() throws {
        let repository = try GitRepository()
        _ = try repository.tokenctl("generate", "--workspace", "acme", "--name", "Soon", "--expires", "3d")
        _ = try repository.tokenctl("generate", "--workspace", "acme", "--name", "Later", "--expires", "90d")
        _ = try repository.tokenctl("generate", "--workspace", "acme", "--name", "Forever", "--expires", "never")
        try repository.commitAll("tokens")
        let result = try repository.tokenctl("check", "--warn-expiring", "7d")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.contains { $0.contains(": warning: token ") && $0.contains(" expires in 2 days, at ") })
        #expect(lines.contains { $0.hasSuffix("never expires") })
        #expect(try repository.tokenctl("check", "--warn-expiring", "soon").status != 0)
    }
}

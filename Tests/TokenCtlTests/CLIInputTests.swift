import Foundation
import TestSupport
import Testing

@Suite("tokenctl as a process: bad input, names, concurrency")
struct CLIInputTests {
    static let badArguments: [[String]] = [
        ["generate", "--workspace", "../x", "--name", "ok"],
        ["generate", "--workspace", "A", "--name", "ok"],
        ["generate", "--workspace", "", "--name", "ok"],
        ["generate", "--workspace", "acme", "--name", ""],
        ["generate", "--workspace", "acme", "--name", String(repeating: "n", count: 201)],
        ["generate", "--workspace", "acme", "--name", "bell\u{7}"],
        ["generate", "--workspace", "acme", "--name", "ok", "--expires", "0d"],
        ["generate", "--workspace", "acme", "--name", "ok", "--expires", "-5d"],
        ["generate", "--workspace", "acme", "--name", "ok", "--expires", "2001-01-01"],
        ["generate", "--workspace", "acme", "--name", "ok", "--expires", "soon"],
        ["generate", "--workspace", "acme", "--name", "ok", "--created-by", ""],
        ["generate", "--workspace", "acme"],
        ["generate", "--name", "ok"],
        ["generate", "--workspace", "acme", "--name", "ok", "--bogus"],
        ["delete", "--workspace", "acme"],
        ["delete", "--workspace", "../etc", "x"],
        ["delete", "--workspace", "acme", "no-such-token"],
        ["list", "--workspace", "Not A Slug"],
        ["frobnicate"],
    ]

    @Test("Bad arguments give one stderr line, a non-zero exit, and no change on disk", arguments: badArguments)
    func rejectsBadArguments(_ arguments: [String]) throws {
        let repository = try GitRepository()
        _ = try repository.tokenctl("generate", "--workspace", "acme", "--name", "existing")
        let before = repository.directory.snapshot()
        let result = try CommandRunner.tokenctl(arguments, in: repository.path)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("tokenctl: error: "))
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.lowercased().contains("backtrace"))
        #expect(repository.directory.snapshot() == before)
    }

    @Test("Hostile names come back from list --json byte for byte")
    func hostileNamesThroughList() throws {
        let repository = try GitRepository()
        for name in HostileNames.all {
            let result = try CommandRunner.tokenctl(
                ["generate", "--workspace", "acme", "--name", name, "--expires", "never"], in: repository.path)
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
        let listed = try repository.tokenctl("list", "--json")
        #expect(listed.status == 0)
        // JSONDecoder, not JSONSerialization: the latter drops a leading U+FEFF inside strings.
        struct Listed: Decodable { var name: String }
        let names = try JSONDecoder().decode([Listed].self, from: listed.stdoutData).map(\.name)
        #expect(
            names.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
                == HostileNames.all.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })

        let table = try repository.tokenctl("list")
        #expect(table.status == 0)
        #expect(!table.stdout.contains("\u{202E}"), "bidi overrides are escaped in the table")
        #expect(table.stdout.split(separator: "\n").count == HostileNames.all.count + 1)
    }

    @Test("list is an aligned table; expired tokens are marked; bad files go to stderr with exit 1")
    func listTable() throws {
        let repository = try GitRepository()
        _ = try repository.tokenctl("generate", "--workspace", "acme", "--name", "CRM Integration")
        _ = try repository.tokenctl("generate", "--workspace", "beta", "--name", "日本語 Dashboard")
        let (old, _) = try TestTokens.secret()
        let past = Date(timeIntervalSince1970: 1_767_225_600)
        try TestTokens.plant(
            TestTokens.record(name: "Old", hash: old.hash, createdAt: past, expiresAt: past.addingTimeInterval(60)),
            in: "\(repository.path)/workspace")
        let result = try repository.tokenctl("list")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("WORKSPACE  ID            NAME"))
        let idColumn = try #require(lines[0].range(of: "CREATED BY"))
        let offset = lines[0].distance(from: lines[0].startIndex, to: idColumn.lowerBound)
        for line in lines.dropFirst() where !line.contains("日本語") {
            #expect(line.dropFirst(offset).hasPrefix("alice@example.com"), "\(line)")
        }
        #expect(lines.contains { $0.contains("Old") && $0.contains("(expired)") })

        try repository.directory.write("workspace/acme/0123456789ab.yaml", "version: 1\nname: [\n")
        let broken = try repository.tokenctl("list", "--workspace", "acme")
        #expect(broken.status == 1)
        #expect(broken.stdout.split(separator: "\n").count == 3)
        #expect(broken.stderr.contains("workspace/acme/0123456789ab.yaml:"))
    }

    @Test("No input makes the binary crash or print a backtrace")
    func noCrash() throws {
        let repository = try GitRepository()
        try repository.directory.write("workspace/acme/0123456789ab.yaml", [0xFF, 0xFE, 0x00, 0x41])
        let junk = String(decoding: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 131) }, as: UTF8.self)
        let runs: [([String], String)] = [
            (["verify"], junk), (["verify", "--batch"], junk), (["verify"], ""), (["verify"], "a\nb\n"),
            (["verify"], String(repeating: "x", count: 100_000)), (["list", "--all"], ""), (["list", "--json"], ""),
            (["verify", "--dir", "/nonexistent"], "x"), (["list", "--dir", "/dev/null"], ""),
            (["delete", "--workspace", "acme", "0123456789ab"], ""),
        ]
        for (arguments, input) in runs {
            let result = try CommandRunner.tokenctl(arguments, in: repository.path, stdin: input)
            #expect(result.status != 0 || arguments.first == "verify", "\(arguments)")
            #expect(!result.stderr.contains("Fatal error"), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Stack dump") && !result.stderr.contains("#0 "), "\(arguments)")
            #expect(result.status < 128, "killed by a signal: \(arguments)")
        }
    }

    @Test("16 generate processes at once on one workspace all succeed and all verify")
    func sixteenConcurrentProcesses() throws {
        let repository = try GitRepository()
        let results = try CommandRunner.tokenctlAtOnce(
            (0..<16).map { ["generate", "--workspace", "acme", "--name", "Job \($0)"] }, in: repository.path)
        #expect(results.allSatisfy { $0.status == 0 })
        #expect(repository.directory.allFiles().count == 16)
        let tokens = results.map(\.stdout).joined()
        let verified = try repository.tokenctl("verify", "--batch", stdin: tokens)
        #expect(verified.status == 0)
        #expect(verified.stdout.split(separator: "\n").filter { $0.hasPrefix("valid ") }.count == 16)
    }

    @Test("Two processes racing for one name: exactly one wins")
    func nameCheckUnderLock() throws {
        let repository = try GitRepository()
        let results = try CommandRunner.tokenctlAtOnce(
            Array(repeating: ["generate", "--workspace", "acme", "--name", "Same"], count: 8), in: repository.path)
        #expect(results.filter { $0.status == 0 }.count == 1)
        #expect(results.filter { $0.stderr.contains("name is already used") }.count == 7)
        #expect(repository.directory.allFiles().count == 1)
    }

    @Test("--help and --version exit 0")
    func helpAndVersion() throws {
        let repository = try GitRepository()
        for arguments in [["--help"], ["generate", "--help"], ["verify", "--help"], ["--version"]] {
            let result = try CommandRunner.tokenctl(arguments, in: repository.path)
            #expect(result.status == 0)
            #expect(!result.stdout.isEmpty)
        }
    }
}

import Foundation
import TestSupport
import Testing

@testable import TokenVerification

/// A token file that must be rejected with one clear line.
struct BadFile: Sendable, CustomTestStringConvertible {
    var label: String
    /// Path below the data folder.
    var relativePath: String
    var contents: [UInt8]
    /// Whether the problem carries line and column (syntax and schema) or just the path (file-level).
    var hasPosition: Bool
    /// Words the message must contain.
    var mentions: String
    /// The path the problem names, below the data folder: the file, or for a bad folder the folder.
    var reportedPath: String
    var testDescription: String { label }
}

@Suite("Bad token files")
struct BadFileTests {
    /// A hash for the bad files; its id names them, so only the intended fault is present.
    static let digest = SHA256Digester.digest("a token that is only used to name test files")
    static let id = digest.id

    static func valid(_ replacements: [String: String?] = [:], append: String = "") -> String {
        var lines = [
            ("version", "1"), ("name", "CRM Integration"), ("created_by", "alice@example.com"),
            ("created_at", "2026-11-29T08:30:00Z"), ("expires_at", "2026-12-29T08:30:00Z"),
            ("hash", digest.description),
        ]
        lines = lines.compactMap { key, value in
            guard let replacement = replacements[key] else { return (key, value) }
            return replacement.map { (key, $0) }
        }
        return lines.map { "\($0): \($1)\n" }.joined() + append
    }

    static func file(
        _ label: String, _ text: String, position: Bool = true, mentions: String, path: String? = nil,
        reported: String? = nil
    ) -> BadFile {
        let relativePath = path ?? "acme/\(id).yaml"
        return BadFile(
            label: label, relativePath: relativePath, contents: Array(text.utf8), hasPosition: position,
            mentions: mentions, reportedPath: reported ?? relativePath)
    }

    static let all: [BadFile] = {
        var generator = SystemRandomNumberGenerator()
        var randomBytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        randomBytes[0] = 0xFF  // never valid UTF-8, whatever else the bytes are
        let bomb = """
            version: 1
            name: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            created_by: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            created_at: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]

            """
        return [
            file("syntax error", valid(["name": "\"unterminated"]), mentions: "yaml syntax error"),
            file("alias bomb", bomb, mentions: "anchors are not allowed"),
            file("anchor", valid(["name": "&n CRM"]), mentions: "anchors are not allowed"),
            file("alias", valid(["created_by": "*n"]), mentions: "aliases are not allowed"),
            file("tag", valid(["name": "!!str CRM"]), mentions: "tags and directives"),
            file("directive", "%YAML 1.1\n---\n" + valid(), mentions: "tags and directives"),
            file("duplicate key", valid(append: "name: Other\n"), mentions: "duplicate key \"name\""),
            file("unknown key", valid(append: "hash_: x\n"), mentions: "unknown key \"hash_\""),
            file(
                "unknown key holding a pasted secret", valid(append: "tok_abc: x\n"),
                mentions: "unknown key (not shown)"),
            file("missing key", valid(["hash": nil]), mentions: "missing key \"hash\""),
            file("half a tombstone", valid(append: "revoked_by: bob@example.com\n"), mentions: "half a tombstone"),
            file(
                "uppercase rotated_from", valid(append: "rotated_from: 0123456789AB\n"),
                mentions: "rotated_from is not a token id"),
            file(
                "short rotated_from", valid(append: "rotated_from: 0123456789a\n"),
                mentions: "rotated_from is not a token id"),
            file("wrong id", valid(), mentions: "file name is not the token's id", path: "acme/0123456789ab.yaml"),
            file("bad hash", valid(["hash": "sha256:xyz"]), mentions: "hash is not sha256"),
            file("bad timestamp", valid(["created_at": "yesterday"]), mentions: "created_at is not a UTC time"),
            file("bad expiry", valid(["expires_at": "2026-12-29"]), mentions: "expires_at is not a UTC time"),
            file("unsupported version", valid(["version": "2"]), mentions: "unsupported version"),
            file("empty name", valid(["name": "''"]), mentions: "name is empty"),
            file("nested value", valid(["name": "{first: a}"]), mentions: "must be a single value"),
            file("two documents", valid() + "---\n" + valid(), mentions: "one document"),
            file("a list, not a mapping", "- a\n- b\n", mentions: "one mapping"),
            file("10,000-deep nesting", String(repeating: "[", count: 10_000), mentions: "one mapping"),
            file("10,000-deep value", "version: " + String(repeating: "[", count: 10_000), mentions: "single value"),
            file(
                "bad workspace slug folder", valid(), position: false, mentions: "not a valid slug",
                path: "Bad_WS/\(id).yaml", reported: "Bad_WS"),
            file(
                "token file outside a workspace", valid(), position: false, mentions: "outside a workspace",
                path: "\(id).yaml"),
            file("empty file", "", position: false, mentions: "file is empty"),
            file("only a comment", "# nothing here\n", position: false, mentions: "file is empty"),
            BadFile(
                label: "random bytes", relativePath: "acme/\(id).yaml", contents: randomBytes, hasPosition: false,
                mentions: "not valid UTF-8", reportedPath: "acme/\(id).yaml"),
            file(
                "over-size file", valid() + "#" + String(repeating: "x", count: 70_000) + "\n", position: false,
                mentions: "over the 64 KiB limit"),
        ]
    }()

    @Test("A bad file gives one line naming path and problem; every other file still loads", arguments: all)
    func rejected(_ bad: BadFile) throws {
        let directory = try TemporaryDirectory()
        let (secret, token) = try TestTokens.secret()
        let good = TestTokens.record(name: "Good", hash: secret.hash)
        try TestTokens.plant(good, in: directory.path)
        try directory.write(bad.relativePath, bad.contents)

        let started = ContinuousClock.now
        let index = try TokenIndex(loading: directory.path)
        #expect(ContinuousClock.now - started < .seconds(2))

        let problem = try #require(index.problems.first)
        #expect(index.problems.count == 1)
        let expectedPath = "\(directory.path)/\(bad.reportedPath)"
        #expect(problem.path == expectedPath)
        #expect(problem.message.contains(bad.mentions), "\(problem)")
        #expect((problem.line != nil) == bad.hasPosition, "\(problem)")
        if let line = problem.line, let column = problem.column {
            #expect(line >= 1 && column >= 1)
            #expect(problem.description.hasPrefix("\(expectedPath):\(line):\(column): "))
        } else {
            #expect(problem.description.hasPrefix("\(expectedPath): "))
        }
        #expect(!problem.description.contains("\n"))
        #expect(index.verify(token, at: Date(timeIntervalSince1970: 1_800_000_000)).isValid)
        #expect(index.count == 1)
    }

    @Test("Syntax errors point at the 1-based line and column")
    func syntaxPosition() throws {
        let directory = try TemporaryDirectory()
        try directory.write("acme/\(Self.id).yaml", Self.valid(["name": "\"unterminated"]))
        let problem = try #require(try TokenIndex(loading: directory.path).problems.first)
        #expect(problem.line == 7)
        #expect(problem.column == 1)
        let unknown = Self.valid(append: "hash_: x\n")
        try directory.write("acme/\(Self.id).yaml", unknown)
        let second = try #require(try TokenIndex(loading: directory.path).problems.first)
        #expect(second.line == 7)
        #expect(second.column == 1)
        #expect(second.description.hasSuffix(":7:1: unknown key \"hash_\""))
    }

    @Test("A symbolic link is not read as a token file")
    func symlink() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("elsewhere.txt", Self.valid())
        try FileManager.default.createDirectory(atPath: "\(directory.path)/acme", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory.path)/acme/\(Self.id).yaml", withDestinationPath: target)
        let index = try TokenIndex(loading: directory.path)
        #expect(index.count == 0)
        #expect(index.problems.map(\.message) == ["a symbolic link, not a regular file"])
    }

    @Test("A FIFO named like a token file is reported, never opened for a blocking read")
    func fifo() throws {
        let directory = try TemporaryDirectory()
        let (secret, token) = try TestTokens.secret()
        _ = try TestTokens.plant(TestTokens.record(name: "Good", hash: secret.hash), in: directory.path)
        let fifoPath = "\(directory.path)/acme/\(Self.id).yaml"
        #expect(mkfifo(fifoPath, 0o600) == 0)
        let expected = ["\(fifoPath): not a regular file"]

        let index = try TokenIndex(loading: directory.path)
        #expect(index.count == 1)
        #expect(index.verify(token).isValid)
        #expect(index.problems.map(\.description) == expected)
        let verifier = try TokenVerifier(dataFolder: directory.path)
        #expect(verifier.index.problems.map(\.description) == expected)
        #expect(try DataFolderLoader.load(directory.path).problems.map(\.description) == expected)
    }

    @Test("A symbolic link in place of a workspace folder is reported, not followed")
    func symlinkedWorkspace() throws {
        let directory = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        let (secret, token) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(hash: secret.hash), in: elsewhere.path)
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory.path)/acme", withDestinationPath: "\(elsewhere.path)/acme")
        let index = try TokenIndex(loading: directory.path)
        #expect(index.verify(token) == .unknown)
        #expect(index.problems.map(\.message) == ["a symbolic link, not a workspace folder"])
    }

    @Test("A workspace with more entries than the limit is refused whole, with one problem")
    func tooManyFiles() throws {
        let directory = try TemporaryDirectory()
        for number in 0..<12 {
            let (secret, _) = try TestTokens.secret()
            try TestTokens.plant(TestTokens.record(name: "t\(number)", hash: secret.hash), in: directory.path)
        }
        let refused = try DataFolderScanner.scanWorkspace(directory.path, workspace: "acme", maximumEntries: 10)
        #expect(refused.files.isEmpty)
        #expect(refused.problems.map(\.message) == ["workspace has more than 10 entries: none of its tokens loaded"])
        let allowed = try DataFolderScanner.scanWorkspace(directory.path, workspace: "acme", maximumEntries: 12)
        #expect(allowed.files.count == 12 && allowed.problems.isEmpty)
        #expect(TokenFileLimits.maximumFilesPerWorkspace == 200_000)
    }

    @Test("Dot-files, temporary files and non-YAML files are not token files")
    func ignoredFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".gitkeep", "")
        try directory.write("README.md", "# tokens")
        try directory.write("acme/.gitkeep", "")
        try directory.write("acme/.\(Self.id).yaml.tmp-123-456", "half written: [")
        try directory.write("acme/notes.txt", "not a token")
        let index = try TokenIndex(loading: directory.path)
        #expect(index.count == 0)
        #expect(index.problems.isEmpty)
    }

    @Test("Every bad file together loads in bounded memory and time")
    func allTogether() throws {
        let directory = try TemporaryDirectory()
        let sameFolder = Self.all.filter { $0.relativePath == "acme/\(Self.id).yaml" }
        for (offset, bad) in sameFolder.enumerated() {
            try directory.write("ws\(offset)/\(Self.id).yaml", bad.contents)
        }
        let before = Self.peakResidentKiB()
        let started = ContinuousClock.now
        let index = try TokenIndex(loading: directory.path)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(Self.peakResidentKiB() - before < 64 * 1024)
        #expect(index.problems.count == sameFolder.count)
        #expect(sameFolder.count >= 20)
    }

    static func peakResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}

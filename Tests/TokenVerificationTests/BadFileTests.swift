import Foundation
import TestSupport
import Testing

@testable import TokenVerification

@Suite("Bad token files")
struct BadFileTests {
    @Test(
        "A bad file gives one line naming path and problem; every other file still loads", arguments: BadTokenFiles.all)
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
        try directory.write("acme/\(BadTokenFiles.id).yaml", BadTokenFiles.valid(["name": "\"unterminated"]))
        let problem = try #require(try TokenIndex(loading: directory.path).problems.first)
        #expect(problem.line == 7)
        #expect(problem.column == 1)
        let unknown = BadTokenFiles.valid(append: "hash_: x\n")
        try directory.write("acme/\(BadTokenFiles.id).yaml", unknown)
        let second = try #require(try TokenIndex(loading: directory.path).problems.first)
        #expect(second.line == 7)
        #expect(second.column == 1)
        #expect(second.description.hasSuffix(":7:1: unknown key \"hash_\""))
    }

    @Test("A symbolic link is not read as a token file")
    func symlink() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("elsewhere.txt", BadTokenFiles.valid())
        try FileManager.default.createDirectory(atPath: "\(directory.path)/acme", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory.path)/acme/\(BadTokenFiles.id).yaml", withDestinationPath: target)
        let index = try TokenIndex(loading: directory.path)
        #expect(index.count == 0)
        #expect(index.problems.map(\.message) == ["a symbolic link, not a regular file"])
    }

    @Test("A FIFO named like a token file is reported, never opened for a blocking read")
    func fifo() throws {
        let directory = try TemporaryDirectory()
        let (secret, token) = try TestTokens.secret()
        _ = try TestTokens.plant(TestTokens.record(name: "Good", hash: secret.hash), in: directory.path)
        let fifoPath = "\(directory.path)/acme/\(BadTokenFiles.id).yaml"
        #expect(mkfifo(fifoPath, 0o600) == 0)
        let expected = ["\(fifoPath): not a regular file"]

        let index = try TokenIndex(loading: directory.path)
        #expect(index.count == 1)
        #expect(index.verify(token).isValid)
        #expect(index.problems.map(\.description) == expected)
        let verifier = try TokenVerifier(dataFolder: directory.path)
        #expect(verifier.index.problems.map(\.description) == expected)
    }

    @Test("A symbolic link in place of a workspace folder is reported, not followed")
    func symlinkedWorkspace() throws {
        let directory = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        let (secret, token) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(hash: secret.hash), in: elsewhere.path)
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory.path)/acme", withDestinationPath: "\(elsewhere.path)/acme")
        let linked = ["a symbolic link, not a workspace folder"]
        let index = try TokenIndex(loading: directory.path)
        #expect(index.verify(token) == .unknown)
        #expect(index.problems.map(\.message) == linked)
        // One workspace, as `list --workspace` and the writing side read it, follows the same rule.
        let one = try TokenIndex(loading: directory.path, workspace: "acme")
        #expect(one.tokens().isEmpty && one.verify(token) == .unknown)
        #expect(one.problems.map(\.message) == linked)
        let byID = try TokenIndex(
            reading: WorkTreeSource(directory.path, extent: .file(workspace: "acme", id: secret.hash.id)))
        #expect(byID.tokens().isEmpty)
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
        try directory.write("acme/.\(BadTokenFiles.id).yaml.tmp-123-456", "half written: [")
        try directory.write("acme/notes.txt", "not a token")
        let index = try TokenIndex(loading: directory.path)
        #expect(index.count == 0)
        #expect(index.problems.isEmpty)
    }

    @Test("Every bad file together loads in bounded memory and time")
    func allTogether() throws {
        let directory = try TemporaryDirectory()
        let sameFolder = BadTokenFiles.all.filter { $0.relativePath == "acme/\(BadTokenFiles.id).yaml" }
        for (offset, bad) in sameFolder.enumerated() {
            try directory.write("ws\(offset)/\(BadTokenFiles.id).yaml", bad.contents)
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

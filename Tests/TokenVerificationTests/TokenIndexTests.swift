import Foundation
import TestSupport
import Testing

@testable import TokenVerification

@Suite("Token index and verifier")
struct TokenIndexTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("Valid, expired, revoked, unknown and malformed, with metadata for known tokens")
    func classes() throws {
        let directory = try TemporaryDirectory()
        let (valid, validText) = try TestTokens.secret()
        let (expired, expiredText) = try TestTokens.secret()
        let (revoked, revokedText) = try TestTokens.secret()
        let (_, unknownText) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "Live", hash: valid.hash, expiresAt: nil), in: directory.path)
        try TestTokens.plant(
            TestTokens.record(workspace: "beta", name: "Old", hash: expired.hash, expiresAt: now), in: directory.path)
        try TestTokens.plant(
            TestTokens.record(
                name: "Gone", hash: revoked.hash, revocation: .init(revokedBy: "bob@example.com", revokedAt: now)),
            in: directory.path)

        let index = try TokenIndex(loading: directory.path)
        #expect(index.count == 3)
        #expect(index.workspaces == ["acme", "beta"])
        #expect(index.activeCount(at: now) == 1)
        guard case .valid(let token) = index.verify(validText, at: now) else {
            Issue.record("expected valid")
            return
        }
        #expect(token.workspace == "acme" && token.name == "Live" && token.id == valid.hash.id)
        #expect(index.verify(expiredText, at: now).record?.name == "Old")
        #expect(index.verify(expiredText, at: now).label == "expired")
        #expect(index.verify(expiredText, at: now.addingTimeInterval(-1)).isValid)
        #expect(index.verify(revokedText, at: now).label == "revoked")
        #expect(index.verify(revokedText, at: now).record?.revocation?.revokedBy == "bob@example.com")
        #expect(index.verify(unknownText, at: now) == .unknown)
        #expect(index.verify(TestTokens.corrupted(validText), at: now) == .malformed)
        let header = "Bearer \(validText) "
        let presented = header.dropFirst("Bearer ".count).dropLast()
        #expect(index.verify(presented, at: now).record?.id == valid.hash.id, "a Substring verifies in place")
        #expect(index.verify(expiredText[...], at: now).label == "expired")
        #expect(index.verify(header.dropFirst(6), at: now) == .malformed, "a space before the token is not trimmed")
    }

    @Test("Revocation wins: a hash revoked anywhere is invalid, whatever the file order")
    func revocationWins() throws {
        let (secret, text) = try TestTokens.secret()
        for revokedWorkspace in ["aaa", "zzz"] {
            let directory = try TemporaryDirectory()
            for workspace in ["aaa", "zzz"] {
                let revocation =
                    workspace == revokedWorkspace ? TokenRecord.Revocation(revokedBy: "bob", revokedAt: now) : nil
                try TestTokens.plant(
                    TestTokens.record(workspace: workspace, hash: secret.hash, revocation: revocation),
                    in: directory.path)
            }
            let index = try TokenIndex(loading: directory.path)
            #expect(index.verify(text, at: now).label == "revoked")
            #expect(index.verify(text, at: now).record?.workspace == revokedWorkspace)
        }
    }

    @Test("Reading on one thread and on several gives the same tokens and problems, in the same order")
    func parallelLoadMatchesSerial() throws {
        let directory = try TemporaryDirectory()
        for number in 0..<300 {
            let (secret, _) = try TestTokens.secret()
            try TestTokens.plant(
                TestTokens.record(workspace: "ws\(number % 7)", name: "token \(number)", hash: secret.hash),
                in: directory.path)
        }
        try directory.write("ws3/0123456789ab.yaml", "version: 1\n")
        let serial = try TokenIndex(loading: directory.path, parallelism: 1)
        let parallel = try TokenIndex(loading: directory.path, parallelism: 4)
        #expect(serial.tokens().count == 300)
        #expect(serial.tokens().map(\.record) == parallel.tokens().map(\.record))
        #expect(serial.problems == parallel.problems)
        #expect(serial.problems.count == 1)
    }

    /// Under ThreadSanitizer (CI runs the suite so) this caught two faults: loading nothing wrote
    /// to the runtime's shared empty array, and building verifiers at once trimmed glibc's heap
    /// while the sanitizer's allocator owned it.
    @Test("Empty folders load and verifiers are built on many threads at once, each seeing its own folder")
    func concurrentEmptyLoads() async throws {
        let empty = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: empty.path + "/acme", withIntermediateDirectories: true)
        let single = try TemporaryDirectory()
        let (secret, text) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "One", hash: secret.hash), in: single.path)
        let (emptyPath, singlePath, when) = (empty.path, single.path, now)
        let failures = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var failures = 0
                    for _ in 0..<25 {
                        let nothing = try? TokenIndex(loading: emptyPath, workspace: "acme", parallelism: 2)
                        let verifier = try? TokenVerifier(dataFolder: worker.isMultiple(of: 2) ? emptyPath : singlePath)
                        let expected = worker.isMultiple(of: 2) ? 0 : 1
                        if nothing?.tokens().isEmpty != true || verifier?.index.count != expected
                            || (expected == 1 && verifier?.verify(text, at: when).isValid != true)
                        {
                            failures += 1
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }

    @Test("The index gives back every field as the file says: names, actors, rotation, tombstones, expiry")
    func indexKeepsEveryField() throws {
        let directory = try TemporaryDirectory()
        let names = ["CRM Integration", "Zapier – Ünïcödé name", "tab\there", "名前", String(repeating: "x", count: 190)]
        let actors = ["alice@example.com", "bob@example.com", "ci-bot", "Ærøskøbing"]
        var planted: [TokenRecord] = []
        for number in 0..<120 {
            let (secret, _) = try TestTokens.secret()
            var record = TestTokens.record(
                workspace: "ws\(number % 3)", name: "\(names[number % names.count]) \(number)", hash: secret.hash,
                expiresAt: number % 4 == 0 ? nil : Date(timeIntervalSince1970: Double(1_800_000_000 + number)),
                revocation: number % 5 == 0
                    ? .init(
                        revokedBy: actors[(number + 1) % actors.count],
                        revokedAt: Date(timeIntervalSince1970: 1_795_000_000))
                    : nil)
            record.createdBy = actors[number % actors.count]
            if number % 6 == 0 {
                record.rotatedFrom = String(format: "%012llx", UInt64(number) * 0x0102_0304_0506 + 0xabc)
            }
            try TestTokens.plant(record, in: directory.path)
            planted.append(record)
        }
        let folderOrder = planted.sorted { ($0.workspace, $0.id) < ($1.workspace, $1.id) }
        for parallelism in [1, 3] {
            let index = try TokenIndex(loading: directory.path, parallelism: parallelism)
            #expect(index.count == 120 && index.problems.isEmpty)
            for record in planted {
                #expect(index.record(for: record.hash) == record, "\(record.id), parallelism \(parallelism)")
            }
            #expect(index.tokens().map(\.record) == folderOrder, "parallelism \(parallelism)")
        }
        #expect(planted.contains { $0.rotatedFrom?.hasPrefix("0") == false })
    }

    @Test("A data folder that cannot be read throws; a reload then keeps the last good index")
    func unreadableFolderKeepsLastIndex() throws {
        let directory = try TemporaryDirectory()
        let (secret, text) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(hash: secret.hash), in: directory.path)
        let dataFolder = "\(directory.path)/data"
        try FileManager.default.moveItem(atPath: "\(directory.path)/acme", toPath: "\(directory.path)/acme-moved")
        try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: "\(directory.path)/acme-moved", toPath: "\(dataFolder)/acme")

        let verifier = try TokenVerifier(dataFolder: dataFolder)
        #expect(verifier.verify(text, at: now).isValid)
        try FileManager.default.moveItem(atPath: dataFolder, toPath: "\(directory.path)/away")
        #expect(throws: DataFolderError.self) { try verifier.reload() }
        #expect(verifier.verify(text, at: now).isValid)
        #expect(throws: DataFolderError.self) { try TokenVerifier(dataFolder: dataFolder) }
    }

    @Test("Reload picks up new and revoked tokens")
    func reloadSeesChanges() throws {
        let directory = try TemporaryDirectory()
        let (first, firstText) = try TestTokens.secret()
        let (second, secondText) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "First", hash: first.hash), in: directory.path)
        let verifier = try TokenVerifier(dataFolder: directory.path)
        #expect(verifier.verify(secondText, at: now) == .unknown)
        try TestTokens.plant(TestTokens.record(name: "Second", hash: second.hash), in: directory.path)
        try TestTokens.plant(
            TestTokens.record(name: "First", hash: first.hash, revocation: .init(revokedBy: "bob", revokedAt: now)),
            in: directory.path)
        let reloaded = try verifier.reload()
        #expect(reloaded === verifier.index)
        #expect(verifier.verify(secondText, at: now).isValid)
        #expect(verifier.verify(firstText, at: now).label == "revoked")
    }

    @Test("A reload parses only the files that changed, and a full one parses all")
    func incrementalReload() throws {
        let directory = try TemporaryDirectory()
        var records: [TokenRecord] = []
        var texts: [String] = []
        for number in 0..<50 {
            let (secret, text) = try TestTokens.secret()
            let record = TestTokens.record(workspace: "ws\(number % 5)", name: "t\(number)", hash: secret.hash)
            try TestTokens.plant(record, in: directory.path)
            records.append(record)
            texts.append(text)
        }
        let verifier = try TokenVerifier(dataFolder: directory.path)
        #expect(verifier.lastParsedFileCount == 50)
        try verifier.reload()
        #expect(verifier.lastParsedFileCount == 0)

        var revoked = records[7]
        revoked.revocation = .init(revokedBy: "bob", revokedAt: now)
        try TestTokens.plant(revoked, in: directory.path)
        try verifier.reload(.changedFolders)
        #expect(verifier.lastParsedFileCount == 1)
        #expect(verifier.verify(texts[7], at: now).label == "revoked")

        // An edit in place keeps the folder's stamp: only a file-level reload sees it.
        let path = "\(directory.path)/\(records[3].workspace)/\(records[3].id).yaml"
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("version: 1\n".utf8))
        try handle.close()
        try verifier.reload(.changedFolders)
        #expect(verifier.verify(texts[3], at: now).isValid)
        try verifier.reload(.changedFiles)
        #expect(verifier.lastParsedFileCount == 1)
        #expect(verifier.verify(texts[3], at: now) == .unknown)
        #expect(verifier.index.problems.count == 1)

        try FileManager.default.removeItem(atPath: "\(directory.path)/ws0")
        let (secret, text) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(workspace: "new", name: "n", hash: secret.hash), in: directory.path)
        try verifier.reload(.changedFolders)
        #expect(verifier.lastParsedFileCount == 1)
        #expect(verifier.verify(texts[0], at: now) == .unknown)
        #expect(verifier.verify(text, at: now).isValid)
        #expect(verifier.index.count == 40, "50, less ws0's 10, less the broken file, plus the new one")

        try verifier.reload(.everything)
        #expect(verifier.lastParsedFileCount == 41)
        let fresh = try TokenIndex(loading: directory.path)
        #expect(fresh.count == verifier.index.count && fresh.problems == verifier.index.problems)
    }

    @Test("Verification from many threads during reloads always sees a whole index")
    func concurrentVerifyDuringReload() async throws {
        let directory = try TemporaryDirectory()
        var tokens: [String] = []
        for number in 0..<200 {
            let (secret, text) = try TestTokens.secret()
            tokens.append(text)
            try TestTokens.plant(TestTokens.record(name: "t\(number)", hash: secret.hash), in: directory.path)
        }
        let verifier = try TokenVerifier(dataFolder: directory.path)
        let presented = tokens
        let when = now
        let failures = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var failures = 0
                    for round in 0..<4_000
                    where !verifier.verify(presented[(worker + round) % presented.count], at: when).isValid {
                        failures += 1
                    }
                    return failures
                }
            }
            group.addTask {
                for _ in 0..<30 {
                    _ = try? verifier.reload()
                }
                return 0
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}

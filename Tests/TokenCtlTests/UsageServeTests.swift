import Foundation
import TestSupport
import Testing
import TokenVerification

/// `serve`'s last use per token: `GET /v1/usage`, kept across a restart in `--usage-file`, off with
/// `--usage off`, and a usage file that cannot be used set aside, never merged.
@Suite("serve: last use per token and the usage file")
struct UsageServeTests {
    /// A repository with two committed tokens and a folder outside it for usage files.
    final class Setup {
        let repository: GitRepository
        let outside: TemporaryDirectory
        let crm: String
        let zapier: String
        var usageFile: String { "\(outside.path)/usage.json" }

        init() throws {
            repository = try GitRepository()
            outside = try TemporaryDirectory()
            crm = try repository.generate(workspace: "acme", name: "CRM")
            zapier = try repository.generate(workspace: "beta", name: "Zapier")
            try repository.commitAll("tokens")
        }

        /// What `data_folder` must say: the root commit and the folder's path in the repository.
        func identity() throws -> String {
            let root = try CommandRunner.git(["rev-list", "--max-parents=0", "HEAD"], in: repository.path)
            return "git:\(root.trimmingCharacters(in: .whitespacesAndNewlines)):workspace"
        }

        func serve(_ arguments: [String]) throws -> ServerProcess {
            try ServerProcess(dataFolder: "workspace", in: repository.path, extraArguments: arguments)
        }
    }

    static func usage(_ server: ServerProcess) throws -> UsageDocument {
        let answer = try HTTPProbe.request(server.url("/v1/usage"))
        #expect(answer.status == 200)
        return try UsageDocument(json: Data(answer.body.utf8))
    }

    static func id(of token: String) -> String {
        SHA256Digester.digest(token).id
    }

    @Test("Valid answers of /v1/auth and /v1/verify are recorded; a restart with --usage-file keeps them")
    func usageAcrossRestart() throws {
        let setup = try Setup()
        let started = Date()
        var server = try setup.serve(["--usage-file", setup.usageFile])
        let empty = try Self.usage(server)
        #expect(empty.tokens.isEmpty)
        #expect(empty.dataFolder == (try setup.identity()))
        #expect(abs(empty.trackingSince.timeIntervalSince(started)) < 60)

        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: setup.crm) == 204)
        let verified = try HTTPProbe.request(
            server.url("/v1/verify"), method: "POST", body: #"{"token": "\#(setup.zapier)"}"#)
        #expect(verified.body.contains(#""valid":true"#))
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: TestTokens.corrupted(setup.crm)) == 401)
        let used = try Self.usage(server)
        #expect(Set(used.tokens.map(\.workspace)) == ["acme", "beta"])
        #expect(Set(used.tokens.map(\.id)) == [Self.id(of: setup.crm), Self.id(of: setup.zapier)])
        for entry in used.tokens {
            #expect(entry.lastUsed <= Date() && Date().timeIntervalSince(entry.lastUsed) < 120)
            #expect(entry.lastUsed.timeIntervalSince1970.truncatingRemainder(dividingBy: 60) == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: setup.usageFile), "not yet written: within the minute")
        #expect(server.stop() == 0)

        let kept = try UsageDocument(json: Data(contentsOf: URL(fileURLWithPath: setup.usageFile)))
        #expect(Set(kept.tokens) == Set(used.tokens))
        let keptText = try String(contentsOfFile: setup.usageFile, encoding: .utf8)
        #expect(!keptText.contains(setup.crm) && !keptText.contains(setup.zapier), "no secret in the file")

        server = try setup.serve(["--usage-file", setup.usageFile])
        let restarted = try Self.usage(server)
        #expect(Set(restarted.tokens) == Set(used.tokens))
        #expect(restarted.trackingSince == used.trackingSince)
        #expect(server.stop() == 0)
    }

    @Test("--usage off: valid tokens still pass, nothing is recorded, /v1/usage answers 404")
    func usageOff() throws {
        let setup = try Setup()
        let server = try setup.serve(["--usage", "off"])
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: setup.crm) == 204)
        let answer = try HTTPProbe.request(server.url("/v1/usage"))
        #expect(answer.status == 404)
        #expect(answer.body.contains("usage tracking is off"))
        #expect(server.stop() == 0)
    }

    @Test(
        "A usage file that cannot be used is set aside, never merged or overwritten, and the server starts empty",
        arguments: [
            ("garbage", "\u{0}\u{7f}not json"),
            ("truncated", #"{"data_folder": "x", "generated_at": "2026-"#),
            (
                "another folder",
                #"{"data_folder": "git:0000:workspace", "generated_at": "2026-12-01T00:00:00Z", "tracking_since": "2026-11-01T00:00:00Z", "tokens": []}"#
            ),
        ])
    func unusableFile(label: String, contents: String) throws {
        let setup = try Setup()
        try Data(contents.utf8).write(to: URL(fileURLWithPath: setup.usageFile))
        let server = try setup.serve(["--usage-file", setup.usageFile])
        #expect(try Self.usage(server).tokens.isEmpty)
        #expect(server.log.contains("usage file not used: starting with empty usage"), "\(label)")
        #expect(try String(contentsOfFile: setup.usageFile + ".unusable", encoding: .utf8) == contents)
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: setup.crm) == 204)
        #expect(server.stop() == 0)
        let written = try UsageDocument(json: Data(contentsOf: URL(fileURLWithPath: setup.usageFile)))
        #expect(written.tokens.map(\.id) == [Self.id(of: setup.crm)])
    }

    @Test("Uses dated in the future and ids no longer in the folder: the first dropped, the second kept")
    func oddEntries() throws {
        let setup = try Setup()
        let identity = try setup.identity()
        let future = UTCTimestamp.format(Date().addingTimeInterval(86_400))
        let json = """
            {"data_folder": "\(identity)", "generated_at": "2026-12-01T00:00:00Z",
             "tracking_since": "2026-11-01T00:00:00Z", "tokens": [
              {"workspace": "acme", "id": "\(Self.id(of: setup.crm))", "last_used": "\(future)"},
              {"workspace": "acme", "id": "0123456789ab", "last_used": "2026-11-20T10:00:00Z"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: setup.usageFile))
        let server = try setup.serve(["--usage-file", setup.usageFile])
        let usage = try Self.usage(server)
        #expect(usage.tokens.map(\.id) == ["0123456789ab"])
        #expect(UTCTimestamp.format(usage.trackingSince) == "2026-11-01T00:00:00Z")
        #expect(server.log.contains("uses dated in the future are left out"))
        #expect(server.stop() == 0)
    }

    @Test("An entry that is not a usage entry is left out with a warning; the file's other entries are kept")
    func malformedEntry() throws {
        let setup = try Setup()
        let json = """
            {"data_folder": "\(try setup.identity())", "generated_at": "2026-12-01T00:00:00Z",
             "tracking_since": "2026-11-01T00:00:00Z", "tokens": [{"workspace": "acme"},
              {"workspace": "acme", "id": "\(Self.id(of: setup.crm))", "last_used": "2026-11-20T10:00:00Z"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: setup.usageFile))
        let server = try setup.serve(["--usage-file", setup.usageFile])
        let usage = try Self.usage(server)
        #expect(usage.tokens.map(\.id) == [Self.id(of: setup.crm)])
        #expect(usage.tokens.map { UTCTimestamp.format($0.lastUsed) } == ["2026-11-20T10:00:00Z"])
        #expect(server.log.contains("entries that are not usage entries are left out"), "\(server.log)")
        #expect(!FileManager.default.fileExists(atPath: setup.usageFile + ".unusable"))
        #expect(server.stop() == 0)
    }

    @Test("--usage-file inside the data folder or the repository, or in a missing folder, is refused")
    func refusedPlaces() throws {
        let setup = try Setup()
        for (path, message) in [
            ("workspace/usage.json", "is inside"), ("usage.json", "is inside"),
            ("elsewhere/usage.json", "does not exist"),
        ] {
            let result = try setup.repository.tokenctl("serve", "--port", "0", "--usage-file", path)
            #expect(result.status != 0)
            #expect(result.stderrLines.count == 1 && result.stderr.contains(message), "\(path): \(result.stderr)")
        }
        let off = try setup.repository.tokenctl("serve", "--usage", "off", "--usage-file", setup.usageFile)
        #expect(off.status == 64 && off.stderr.contains("--usage-file needs --usage on"))
    }
}

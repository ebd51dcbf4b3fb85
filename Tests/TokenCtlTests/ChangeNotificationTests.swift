import Foundation
import TestSupport
import Testing
import TokenVerification

/// Every kind of change to the data folder is in force at a running `tokenctl serve` within one
/// second, with inotify and with polling forced, and `/healthz` says which is in use.
@Suite("Every change in force within a second")
struct ChangeNotificationTests {
    /// A change, and the answer the target token gets once it is in force.
    enum Change: String, CaseIterable, Sendable {
        case tombstoneAppended, rewrittenInPlace, replacedByRename, deleted, newFile, newWorkspace
        case gitCheckout, copiedToAnotherWorkspace, submoduleEntryAdded, symlinkSwapped

        var answerOnceInForce: Int {
            self == .newFile || self == .newWorkspace ? 204 : 401
        }
    }

    static let tombstone = "revoked_by: incident@example.com\nrevoked_at: 2026-01-01T00:00:00Z\n"

    @Test("A change is in force within 1 s", arguments: ["inotify", "polling"], Change.allCases)
    func inForceWithinASecond(mode: String, change: Change) throws {
        let repository = try GitRepository()
        let target = try repository.generate(workspace: "acme", name: "Target")
        let bystander = try repository.generate(workspace: "beta", name: "Bystander")
        let targetFile = "\(repository.path)/workspace/acme/\(SHA256Digester.digest(target).id).yaml"
        try repository.commitAll("tokens")
        let scratch = try TemporaryDirectory()
        var dataFolder = "workspace"
        var newToken: String?
        switch change {
        case .gitCheckout:
            #expect(try repository.tokenctl("delete", "--workspace", "acme", "Target").status == 0)
            try repository.commitAll("revoke")
            try CommandRunner.git(["checkout", "-q", "HEAD~1"], in: repository.path)
        case .symlinkSwapped:
            // Two checkouts and a link to the first, as git-sync keeps them.
            _ = try CommandRunner.run("cp", ["-R", repository.path, "\(scratch.path)/second"], in: scratch.path)
            try FileHandle.append(
                Self.tombstone,
                to: "\(scratch.path)/second/workspace/acme/\(URL(fileURLWithPath: targetFile).lastPathComponent)")
            try FileManager.default.createSymbolicLink(
                atPath: "\(scratch.path)/current", withDestinationPath: repository.path)
            dataFolder = "\(scratch.path)/current/workspace"
        case .newFile, .newWorkspace:
            let output = try CommandRunner.tokenctl(
                ["generate", "--dir", "\(scratch.path)/staged", "--workspace", "gamma", "--name", "New"],
                in: scratch.path)
            newToken = String(output.stdout.dropLast())
        default:
            break
        }
        let token = newToken ?? target
        let server = try ServerProcess(
            dataFolder: dataFolder, in: repository.path, extraArguments: ["--change-notification", mode])
        let health = try HTTPProbe.request(server.url("/healthz")).body
        #expect(health.contains(#""change_notification":"\#(mode)""#), "\(health)")
        let auth = server.url("/v1/auth")
        #expect(try HTTPProbe.status(auth, bearer: token) == (change.answerOnceInForce == 204 ? 401 : 204))

        try make(change, targetFile: targetFile, repository: repository, scratch: scratch.path)
        let took = try HTTPProbe.waitFor(change.answerOnceInForce, within: 1) {
            try HTTPProbe.status(auth, bearer: token)
        }
        #expect(took != nil, "\(change) with \(mode): not in force within 1 s\n\(server.log.suffix(3_000))")
        if change != .copiedToAnotherWorkspace && change != .symlinkSwapped {
            #expect(try HTTPProbe.status(auth, bearer: bystander) == 204, "other tokens still answer")
        }
        #expect(server.stop() == 0)
    }

    /// Makes `change` to the data folder of `repository`.
    private func make(_ change: Change, targetFile: String, repository: GitRepository, scratch: String) throws {
        let workspace = "\(repository.path)/workspace"
        switch change {
        case .tombstoneAppended:
            try FileHandle.append(Self.tombstone, to: targetFile)
        case .rewrittenInPlace:
            let revoked = try String(contentsOfFile: targetFile, encoding: .utf8) + Self.tombstone
            let file = try FileHandle(forUpdating: URL(fileURLWithPath: targetFile))
            try file.truncate(atOffset: 0)
            try file.write(contentsOf: Data(revoked.utf8))
            try file.close()
        case .replacedByRename:
            let revoked = try String(contentsOfFile: targetFile, encoding: .utf8) + Self.tombstone
            try Data(revoked.utf8).write(to: URL(fileURLWithPath: "\(workspace)/acme/.replacement"))
            try FileManager.default.moveItem(
                atPath: "\(workspace)/acme/.replacement", toPath: "\(targetFile).moved")
            #expect(rename("\(targetFile).moved", targetFile) == 0)
        case .deleted:
            try FileManager.default.removeItem(atPath: targetFile)
        case .newFile, .newWorkspace:
            let staged = "\(scratch)/staged/gamma"
            let name = try FileManager.default.contentsOfDirectory(atPath: staged).first { $0.hasSuffix(".yaml") } ?? ""
            let folder = change == .newFile ? "\(workspace)/acme" : "\(workspace)/gamma"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Written in place, not renamed: created, then written and closed.
            try FileManager.default.contents(atPath: "\(staged)/\(name)")?.write(
                to: URL(fileURLWithPath: "\(folder)/\(name)"))
        case .gitCheckout:
            try CommandRunner.git(["checkout", "-q", "main"], in: repository.path)
        case .copiedToAnotherWorkspace:
            try FileManager.default.copyItem(
                atPath: targetFile, toPath: "\(workspace)/beta/\(URL(fileURLWithPath: targetFile).lastPathComponent)")
        case .submoduleEntryAdded:
            try Data("gitdir: ../../.git/modules/acme\n".utf8).write(to: URL(fileURLWithPath: "\(workspace)/acme/.git"))
        case .symlinkSwapped:
            try FileManager.default.createSymbolicLink(
                atPath: "\(scratch)/current.new", withDestinationPath: "\(scratch)/second")
            #expect(rename("\(scratch)/current.new", "\(scratch)/current") == 0)
        }
    }
}

extension FileHandle {
    /// Appends `text` to the file at `path`, in place.
    fileprivate static func append(_ text: String, to path: String) throws {
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try file.seekToEnd()
        try file.write(contentsOf: Data(text.utf8))
        try file.close()
    }
}

/// When inotify runs out of watches, at start or later, `serve` polls instead, says so in its log
/// and on `/healthz`, and changes are still in force within a second.
@Suite("Polling when inotify runs out of watches")
struct WatchLimitTests {
    /// Starts `tokenctl serve` in a user namespace of its own whose inotify watch limit is `watches`
    /// (the limit is per user namespace), so no other process is affected.
    private func server(in repository: GitRepository, watches: Int) throws -> ServerProcess {
        let launcher =
            "unshare --user --map-root-user bash -c 'echo \(watches) > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\"'"
        return try ServerProcess(dataFolder: "workspace", in: repository.path, launcher: launcher)
    }

    @Test("Too few watches for the folder at start: polling from the start")
    func outOfWatchesAtStart() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "One")
        _ = try repository.generate(workspace: "beta", name: "Two")
        let server = try server(in: repository, watches: 2)
        #expect(try HTTPProbe.request(server.url("/healthz")).body.contains(#""change_notification":"polling""#))
        #expect(server.log.contains("out of inotify watches"), "\(server.log)")
        #expect(try repository.tokenctl("delete", "--workspace", "acme", "One").status == 0)
        let took = try HTTPProbe.waitFor(401, within: 1) { try HTTPProbe.status(server.url("/v1/auth"), bearer: token) }
        #expect(took != nil)
    }

    @Test("Out of watches for a new workspace: polling from then on, and its token answers")
    func outOfWatchesLater() throws {
        let repository = try GitRepository()
        _ = try repository.generate(workspace: "acme", name: "One")
        let server = try server(in: repository, watches: 2)
        #expect(try HTTPProbe.request(server.url("/healthz")).body.contains(#""change_notification":"inotify""#))
        let token = try repository.generate(workspace: "beta", name: "Two")
        let took = try HTTPProbe.waitFor(204, within: 1) { try HTTPProbe.status(server.url("/v1/auth"), bearer: token) }
        #expect(took != nil, "\(server.log)")
        #expect(try HTTPProbe.request(server.url("/healthz")).body.contains(#""change_notification":"polling""#))
        #expect(server.log.contains("inotify stopped; polling instead"), "\(server.log)")
    }
}

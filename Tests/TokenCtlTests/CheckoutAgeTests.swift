import Foundation
import TestSupport
import Testing
import TokenGitOps

/// The checkout age `serve` reports, on real clones: a pull that brings commits or finds none
/// resets it; a pull that cannot fetch or cannot merge leaves it growing.
@Suite("Checkout age of a data folder's git checkout")
struct CheckoutAgeTests {
    /// An hour, the age every git file is set back to before each step.
    static let hour = 3_600.0

    /// A repository with a data folder, and a clone of it with its own identity.
    final class Clones {
        let origin: GitRepository
        let scratch: TemporaryDirectory
        var clone: String { "\(scratch.path)/clone" }
        var dataFolder: String { "\(clone)/workspace" }

        init() throws {
            origin = try GitRepository()
            try origin.directory.write("workspace/acme/README", "tokens\n")
            try origin.commitAll("first")
            scratch = try TemporaryDirectory()
            try CommandRunner.git(["clone", "-q", origin.path, clone], in: scratch.path)
            try CommandRunner.git(["config", "user.email", "replica@example.com"], in: clone)
            try CommandRunner.git(["config", "user.name", "Replica"], in: clone)
            try CommandRunner.git(["config", "pull.ff", "only"], in: clone)
        }

        /// Commits a change in the origin.
        func commitUpstream(_ name: String) throws {
            try origin.directory.write("workspace/acme/\(name)", "\(name)\n")
            try origin.commitAll(name)
        }

        /// `git pull` in `directory` (the clone by default); its exit status.
        func pull(in directory: String? = nil) throws -> Int32 {
            try CommandRunner.run("git", ["pull", "-q"], in: directory ?? clone).status
        }

        /// The checkout age of `folder` (the data folder by default), in seconds.
        func age(of folder: String? = nil) -> Double? {
            CheckoutAge.seconds(dataFolder: folder ?? dataFolder)
        }
    }

    /// Sets every file and folder under `path` to have been modified an hour ago.
    static func setBack(_ path: String) throws {
        let past = Date().addingTimeInterval(-hour)
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let relative = enumerator?.nextObject() as? String {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: "\(path)/\(relative)")
        }
    }

    /// Whether `age` is about an hour: set back, and not reset since.
    static func isAboutAnHour(_ age: Double?) -> Bool {
        guard let age else { return false }
        return age >= hour - 5 && age < hour + 120
    }

    /// Whether `age` is fresh: reset by the step just taken.
    static func isFresh(_ age: Double?) -> Bool {
        guard let age else { return false }
        return age < 120
    }

    @Test("A data folder in no git work tree has no checkout age")
    func outsideGit() throws {
        let directory = try TemporaryDirectory()
        try directory.write("workspace/acme/README", "tokens\n")
        #expect(CheckoutAge.seconds(dataFolder: "\(directory.path)/workspace") == nil)
        #expect(CheckoutAge.seconds(dataFolder: "\(directory.path)/missing") == nil)
    }

    @Test("A pull that brings commits, and one that finds none, reset the age")
    func successfulPulls() throws {
        let clones = try Clones()
        try Self.setBack("\(clones.clone)/.git")
        #expect(Self.isAboutAnHour(clones.age()), "\(String(describing: clones.age()))")
        try clones.commitUpstream("second")
        #expect(try clones.pull() == 0)
        #expect(Self.isFresh(clones.age()), "\(String(describing: clones.age()))")
        try Self.setBack("\(clones.clone)/.git")
        #expect(try clones.pull() == 0, "already up to date")
        #expect(Self.isFresh(clones.age()), "\(String(describing: clones.age()))")
    }

    @Test("A pull that cannot fetch, or fetches but cannot merge, leaves the age growing")
    func failingPulls() throws {
        let clones = try Clones()
        try Self.setBack("\(clones.clone)/.git")
        // Diverged history: the fetch succeeds, the fast-forward merge does not.
        try clones.commitUpstream("upstream")
        try FileManager.default.createDirectory(
            atPath: "\(clones.dataFolder)/local", withIntermediateDirectories: true)
        try "local\n".write(toFile: "\(clones.dataFolder)/local/README", atomically: true, encoding: .utf8)
        try CommandRunner.git(["add", "-A"], in: clones.clone)
        try CommandRunner.git(["commit", "-q", "-m", "local"], in: clones.clone)
        try Self.setBack("\(clones.clone)/.git")
        #expect(try clones.pull() != 0)
        let fetched = try FileManager.default.attributesOfItem(atPath: "\(clones.clone)/.git/FETCH_HEAD")
        let fetchedAt = try #require(fetched[.modificationDate] as? Date)
        #expect(Date().timeIntervalSince(fetchedAt) < 120, "the fetch itself succeeded")
        #expect(Self.isAboutAnHour(clones.age()), "\(String(describing: clones.age()))")
        // The origin gone: the fetch fails.
        try FileManager.default.moveItem(atPath: clones.origin.path, toPath: clones.origin.path + "-moved")
        defer { try? FileManager.default.moveItem(atPath: clones.origin.path + "-moved", toPath: clones.origin.path) }
        #expect(try clones.pull() != 0)
        #expect(Self.isAboutAnHour(clones.age()), "\(String(describing: clones.age()))")
    }

    @Test("A linked worktree: its own HEAD and FETCH_HEAD, the shared branch ref; a symbolic link is followed")
    func linkedWorktree() throws {
        let clones = try Clones()
        let linked = "\(clones.scratch.path)/linked"
        try CommandRunner.git(["worktree", "add", "-q", "-b", "replica", linked, "origin/main"], in: clones.clone)
        #expect(FileManager.default.fileExists(atPath: "\(linked)/.git"))
        try Self.setBack("\(clones.clone)/.git")
        #expect(Self.isAboutAnHour(clones.age(of: "\(linked)/workspace")))
        let link = "\(clones.scratch.path)/current"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "\(linked)/workspace")
        #expect(Self.isAboutAnHour(clones.age(of: link)))
        // A fetch in the main work tree that finds the linked one's commit current (as git-sync's).
        try CommandRunner.git(["fetch", "-q"], in: clones.clone)
        #expect(Self.isFresh(clones.age(of: link)))
        try Self.setBack("\(clones.clone)/.git")
        #expect(Self.isAboutAnHour(clones.age(of: link)))
        #expect(try clones.pull(in: linked) == 0, "already up to date")
        #expect(Self.isFresh(clones.age(of: link)))
        #expect(Self.isFresh(clones.age(of: "\(linked)/workspace")))
    }
}

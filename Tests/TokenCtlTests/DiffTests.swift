import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("diff: token changes between revisions")
struct DiffTests {
    /// A history with one base commit and one head commit that between them make every kind of change.
    struct History {
        let repository: GitRepository
        /// Kind → the id it must be reported for.
        var expected: [String: String] = [:]
    }

    static func history() throws -> History {
        let repository = try GitRepository()
        var history = History(repository: repository)
        let data = "\(repository.path)/workspace"
        let now = Date()
        func token(_ name: String, workspace: String = "acme", expires: Date? = now.addingTimeInterval(30 * 86_400))
            throws -> TokenRecord
        {
            let (secret, _) = try TestTokens.secret()
            var record = TestTokens.record(workspace: workspace, name: name, hash: secret.hash, expiresAt: expires)
            record.createdAt = now.addingTimeInterval(-86_400)
            try TestTokens.plant(record, in: data)
            return record
        }
        let revocation = TokenRecord.Revocation(revokedBy: "bob@example.com", revokedAt: now.addingTimeInterval(-3_600))
        var toRevoke = try token("To Revoke")
        var tombstoned = try token("Tombstoned")
        tombstoned.revocation = revocation
        try TestTokens.plant(tombstoned, in: data)
        let toDelete = try token("To Delete")
        var toExtend = try token("To Extend")
        var toRename = try token("Old Name")
        var toShorten = try token("To Shorten")
        var revokedElsewhere = try token("Revoked Here", workspace: "beta")
        revokedElsewhere.revocation = revocation
        try TestTokens.plant(revokedElsewhere, in: data)
        var toRotate = try token("Rotating")
        try repository.commitAll("base")
        _ = try repository.git("tag", "base")

        history.expected["generated"] = try token("Fresh").id
        history.expected["never_expiring_added"] = try token("Forever", expires: nil).id
        toRevoke.revocation = revocation
        try TestTokens.plant(toRevoke, in: data)
        history.expected["revoked"] = toRevoke.id
        tombstoned.revocation = nil
        try TestTokens.plant(tombstoned, in: data)
        history.expected["tombstone_removed"] = tombstoned.id
        try FileManager.default.removeItem(atPath: "\(data)/acme/\(toDelete.id).yaml")
        history.expected["file_deleted"] = toDelete.id
        toExtend.expiresAt = now.addingTimeInterval(365 * 86_400)
        try TestTokens.plant(toExtend, in: data)
        history.expected["expiry_extended"] = toExtend.id
        toRename.name = "New Name"
        try TestTokens.plant(toRename, in: data)
        history.expected["renamed"] = toRename.id
        toShorten.expiresAt = now.addingTimeInterval(86_400)
        try TestTokens.plant(toShorten, in: data)
        history.expected["expiry_shortened"] = toShorten.id
        var copied = revokedElsewhere
        copied.workspace = "gamma"
        copied.revocation = nil
        try TestTokens.plant(copied, in: data)
        history.expected["reactivated"] = copied.id
        let (successorSecret, _) = try TestTokens.secret()
        var successor = TestTokens.record(name: "Rotating", hash: successorSecret.hash)
        successor.rotatedFrom = toRotate.id
        try TestTokens.plant(successor, in: data)
        toRotate.revocation = revocation
        try TestTokens.plant(toRotate, in: data)
        history.expected["rotated"] = successor.id
        try repository.directory.write("workspace/acme/0123456789ab.yaml", "version: 1\n")
        history.expected["unreadable_file"] = "0123456789ab"
        _ = try repository.git("add", "-A")
        _ = try repository.git("commit", "-q", "--no-verify", "-m", "head")
        return history
    }

    @Test("JSON reports every kind of change, each for the right token, with a stable shape")
    func json() throws {
        let history = try Self.history()
        let result = try history.repository.tokenctl("diff", "base", "HEAD", "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        struct Report: Decodable {
            struct Change: Decodable {
                var kind: String
                var warning: Bool
                var workspace: String
                var id: String
                var actor: String?
            }
            var base: String
            var head: String
            var summary: [String: Int]
            var changes: [Change]
        }
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.base == "base" && report.head == "HEAD")
        for (kind, id) in history.expected {
            #expect(report.changes.contains { $0.kind == kind && $0.id == id }, "\(kind)")
        }
        #expect(Set(report.changes.map(\.kind)) == Set(history.expected.keys))
        #expect(report.summary["warnings"] == report.changes.filter(\.warning).count)
        #expect(report.summary["warnings"] == 6)
        #expect(report.changes.first { $0.kind == "revoked" }?.actor == "bob@example.com")
        #expect(!result.stdout.contains("sha256:"), "never a whole hash")
    }

    @Test("Text and Markdown name every kind; Markdown is a summary line and a table per section")
    func textAndMarkdown() throws {
        let history = try Self.history()
        let text = try history.repository.tokenctl("diff", "base", "HEAD")
        #expect(text.status == 0)
        for label in [
            "generated", "revoked", "rotated", "expiry shortened", "renamed", "warning: tombstone removed",
            "warning: revoked token re-activated", "warning: token file deleted", "warning: expiry extended",
            "warning: never-expiring token added", "warning: unreadable token file",
        ] {
            #expect(text.stdout.contains("  \(label) "), "\(label)")
        }
        // Generated: "Fresh", "Forever" and the re-activated copy in gamma, which is a new file too.
        #expect(
            text.stdout.hasPrefix(
                "tokens base..HEAD: 3 generated, 2 revoked, 1 rotated, 1 expiry shortened, 1 renamed, 6 warnings\n"))

        let markdown = try history.repository.tokenctl("diff", "base", "HEAD", "--format", "markdown")
        let lines = markdown.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("**tokenctl diff** `base` → `HEAD`: "))
        for section in ["⚠️ Warnings", "Generated", "Revoked", "Rotated", "Expiry shortened", "Renamed"] {
            #expect(lines.contains("#### \(section)"), "\(section)")
        }
        #expect(lines.filter { $0 == "| Workspace | Token | Name | Change |" }.count == 6)
        #expect(lines.filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Workspace") }.count == 14)
        #expect(!markdown.stdout.contains("bob@example.com"), "@ is escaped so it cannot mention anyone")
    }

    @Test("HEAD defaults to the work tree; an unknown revision is one clear error")
    func workTreeAndErrors() throws {
        let history = try Self.history()
        _ = try history.repository.tokenctl("generate", "--workspace", "delta", "--name", "Uncommitted")
        let result = try history.repository.tokenctl("diff", "HEAD")
        #expect(result.stdout.hasPrefix("tokens HEAD..working tree: 1 generated"))
        let unknown = try history.repository.tokenctl("diff", "no-such-branch")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "tokenctl: error: unknown revision no-such-branch\n")
    }
}

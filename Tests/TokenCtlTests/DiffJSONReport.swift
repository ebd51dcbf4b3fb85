import Foundation
import TestSupport

/// `tokenctl diff --format json` as the tests read it.
struct DiffJSONReport: Decodable {
    struct Change: Decodable, CustomStringConvertible {
        var kind: String
        var warning: Bool
        var workspace: String
        var id: String
        var name: String
        var key: String?
        var path: String?
        var before: String?
        var after: String?
        var scopes: [String]?
        var affected: Int?

        var description: String {
            "\(kind)\(warning ? "!" : "") \(workspace) \(id) \(key ?? "") \(path ?? "") \(before ?? "") -> \(after ?? "")"
                + (affected.map { " (\($0))" } ?? "")
        }
    }

    /// `tokenctl diff` exited non-zero.
    struct DiffFailed: Error {
        var stderr: String
    }

    var summary: [String: Int]
    var changes: [Change]

    /// Runs `tokenctl diff <revisions> --format json` in the repository at `path` and decodes what it printed.
    static func run(_ path: String, _ revisions: String...) throws -> DiffJSONReport {
        let result = try CommandRunner.tokenctl(["diff"] + revisions + ["--format", "json"], in: path)
        guard result.status == 0 else {
            throw DiffFailed(stderr: result.stderr)
        }
        return try JSONDecoder().decode(DiffJSONReport.self, from: result.stdoutData)
    }

    /// The changes of one kind.
    func changes(_ kind: String) -> [Change] {
        changes.filter { $0.kind == kind }
    }
}

import Foundation
import TestSupport
import Testing

@Suite("check --staged scans every kind of staged change")
struct StagedChangeTests {
    /// A kind of change git can stage, each bringing a plaintext token into `config/app.env`.
    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case added, copied, modified, renamed, typeChanged

        var testDescription: String { rawValue }

        /// The letter `git diff --name-status` gives it, copies and renames detected.
        var letter: String {
            switch self {
            case .added: "A"
            case .copied: "C"
            case .modified: "M"
            case .renamed: "R"
            case .typeChanged: "T"
            }
        }

        /// Commits what comes before the change, then stages the change itself.
        func stage(_ token: String, in repository: GitRepository) throws {
            let line = "API_TOKEN=\(token)\n"
            switch self {
            case .added:
                try repository.commitAll("start")
            case .copied, .renamed:
                // The token was committed once under another name (with --no-verify, say).
                try repository.directory.write("legacy/app.env", line)
                try repository.commitAll("start")
                if self == .renamed {
                    try FileManager.default.createDirectory(
                        atPath: "\(repository.path)/config", withIntermediateDirectories: true)
                    _ = try repository.git("mv", "legacy/app.env", "config/app.env")
                    return
                }
            case .modified:
                try repository.directory.write("config/app.env", "API_TOKEN=read-from-the-vault\n")
                try repository.commitAll("start")
            case .typeChanged:
                try FileManager.default.createDirectory(
                    atPath: "\(repository.path)/config", withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(
                    atPath: "\(repository.path)/config/app.env", withDestinationPath: "../README.md")
                try repository.commitAll("start")
                try FileManager.default.removeItem(atPath: "\(repository.path)/config/app.env")
            }
            try repository.directory.write("config/app.env", line)
            _ = try repository.git("add", "config/app.env")
        }
    }

    @Test("The staged token is reported, masked, whatever kind of change brought it", arguments: Change.allCases)
    func stagedChange(_ change: Change) throws {
        let repository = try GitRepository()
        // Rename and copy detection switched on, as a user's config may do.
        _ = try repository.git("config", "diff.renames", "copies")
        try repository.directory.write("README.md", "tokens\n")
        let (_, token) = try TestTokens.secret()
        try change.stage(token, in: repository)
        let staged = try repository.git("diff", "--cached", "--name-status", "-C", "--find-copies-harder").stdout
        #expect(staged.hasPrefix(change.letter), "git stages it as \(change.letter): \(staged)")

        let result = try repository.tokenctl("check", "--staged")
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "config/app.env:1: plaintext token \(token.prefix(7))… (not a known token)\n")
        #expect(!(result.stdout + result.stderr).contains(token.dropFirst(4).prefix(8)))
    }
}

import Foundation
import TestSupport
import Testing

/// SPEC §10: `.gitkeep` files are the only non-token entries allowed under the data folder, and
/// `check` flags every other one git tracks — a submodule, a symlink, any other file — since a
/// replica that checks out recursively, or follows links, could read tokens nobody reviewed.
@Suite("check: entries in the data folder that are not token files")
struct DataFolderEntryTests {
    @Test("A junk file, a symlink and a submodule in the data folder are errors; .gitkeep files are not")
    func nonTokenEntries() throws {
        let repository = try GitRepository()
        _ = try repository.generate(workspace: "acme", name: "Live")
        try repository.directory.write("workspace/.gitkeep", "")
        try repository.directory.write("workspace/acme/.gitkeep", "")
        try repository.commitAll("tokens")
        #expect(try repository.tokenctl("check").status == 0, "the project's own layout stays green")

        try repository.directory.write("workspace/acme/notes.txt", "remember\n")
        try FileManager.default.createSymbolicLink(
            atPath: "\(repository.path)/workspace/acme/0123456789ab.yaml", withDestinationPath: "/etc/hostname")
        try repository.commitAll("junk")
        let head = try CommandRunner.git(["rev-parse", "HEAD"], in: repository.path).trimmingCharacters(
            in: .whitespacesAndNewlines)
        try CommandRunner.git(
            ["update-index", "--add", "--cacheinfo", "160000,\(head),workspace/newco"], in: repository.path)
        for staged in [false, true] {
            let result = staged ? try repository.tokenctl("check", "--staged") : try repository.tokenctl("check")
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            for (path, words) in [
                ("workspace/acme/notes.txt", "not a token file"), ("workspace/acme/0123456789ab.yaml", "symbolic link"),
                ("workspace/newco", "submodule"),
            ] {
                #expect(
                    lines.contains { $0.hasPrefix("\(path): ") && $0.contains(words) },
                    "\(staged ? "--staged" : ""): \(path) named with \(words): \(lines)")
            }
            #expect(!lines.contains { $0.hasPrefix("workspace/.gitkeep") || $0.hasPrefix("workspace/acme/.gitkeep") })
        }
    }
}

import Foundation
import TestSupport
import Testing
import TokenGitOps
import TokenVerification

@Suite("Reading the data folder from git")
struct GitDataFolderTests {
    @Test("The index and a commit read exactly like the work tree: records, problems and paths")
    func sameAsWorkTree() throws {
        let repository = try GitRepository()
        let data = "\(repository.path)/workspace"
        for number in 0..<40 {
            let (secret, _) = try TestTokens.secret()
            try TestTokens.plant(
                TestTokens.record(workspace: "ws\(number % 3)", name: "token \(number)", hash: secret.hash), in: data)
        }
        try repository.directory.write("workspace/.gitkeep", "")
        try repository.directory.write("workspace/README.md", "not a token\n")
        try repository.directory.write("workspace/stray.yaml", "version: 1\n")
        try repository.directory.write("workspace/Bad_Name/0123456789ab.yaml", "version: 1\n")
        try repository.directory.write("workspace/ws0/broken.yaml", "version: 1\nname: [\n")
        try repository.directory.write("workspace/ws0/.0123456789ab.yaml.tmp-1-2", "half")
        try repository.directory.write("workspace/ws1/nested.yaml/0123456789ab.yaml", "version: 1\n")
        try repository.directory.write("workspace/ws1/big.yaml", String(repeating: "#", count: 70_000))
        try FileManager.default.createSymbolicLink(
            atPath: "\(data)/ws2/linked.yaml", withDestinationPath: "../stray.yaml")
        try FileManager.default.createSymbolicLink(atPath: "\(data)/linked-ws", withDestinationPath: "ws0")
        _ = try repository.git("add", "-A")

        let workTree = try DataFolderLoader.load(data)
        let gitRepository = try Repository(dataFolder: data)
        let staged = try DataFolderInGit.staged(in: gitRepository)
        try repository.commitAll("corpus")
        let committed = try DataFolderInGit.at(tree: "HEAD", in: gitRepository)

        #expect(workTree.records.count == 40)
        #expect(workTree.problems.count == 7, "\(workTree.problems)")
        for snapshot in [staged, committed] {
            #expect(Set(snapshot.records) == Set(workTree.records))
            #expect(Set(snapshot.problems.map(\.path)) == Set(workTree.problems.map(\.path)))
            #expect(Set(snapshot.problems.map(\.description)) == Set(workTree.problems.map(\.description)))
        }
    }
}

import Foundation
import TestSupport
import Testing
import TokenGitOps
import TokenVerification

@Suite("Reading the data folder from git")
struct GitDataFolderTests {
    @Test("The index and a commit read exactly like the work tree: tokens, problems and paths")
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

        let workTree = try TokenIndex(loading: data)
        let gitRepository = try Repository(dataFolder: data)
        let staged = try DataFolderInGit.staged(in: gitRepository)
        try repository.commitAll("corpus")
        let committed = try DataFolderInGit.at(tree: "HEAD", in: gitRepository)

        #expect(workTree.tokens().count == 40)
        #expect(workTree.problems.count == 7, "\(workTree.problems)")
        for index in [staged, committed] {
            #expect(index.tokens().map(\.record) == workTree.tokens().map(\.record))
            #expect(Set(index.problems) == Set(workTree.problems))
            #expect(Set(index.problems.map(\.description)) == Set(workTree.problems.map(\.description)))
        }
    }

    @Test("Every bad file of the table reads from git exactly as from the work tree", arguments: BadTokenFiles.all)
    func badFileFromGit(_ bad: BadFile) throws {
        let repository = try GitRepository()
        let data = "\(repository.path)/workspace"
        let (secret, token) = try TestTokens.secret()
        try TestTokens.plant(TestTokens.record(name: "Good", hash: secret.hash), in: data)
        try repository.directory.write("workspace/\(bad.relativePath)", bad.contents)
        let workTree = try TokenIndex(loading: data)
        let gitRepository = try Repository(dataFolder: data)
        _ = try repository.git("add", "-A")
        let staged = try DataFolderInGit.staged(in: gitRepository)
        try repository.commitAll("a bad file")
        let committed = try DataFolderInGit.at(tree: "HEAD", in: gitRepository)

        let problem = try #require(workTree.problems.first)
        #expect(workTree.problems.count == 1)
        #expect(problem.path == "\(data)/\(bad.reportedPath)")
        #expect(problem.message.contains(bad.mentions), "\(problem)")
        for index in [staged, committed] {
            #expect(index.problems == workTree.problems, "\(bad)")
            #expect(index.tokens().map(\.record) == workTree.tokens().map(\.record))
            #expect(index.verify(token, at: Date(timeIntervalSince1970: 1_800_000_000)).isValid)
        }
    }
}

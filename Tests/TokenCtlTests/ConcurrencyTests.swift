import Foundation
import TestSupport
import Testing
import TokenGitOps
import TokenVerification

@Suite("Concurrency: 32 writers and 4 readers on one workspace", .serialized)
struct ConcurrencyTests {
    @Test("The result equals a serial run of the commands that succeeded", arguments: 1...3)
    func writersAndReaders(_ round: Int) throws {
        let directory = try TemporaryDirectory()
        let data = "\(directory.path)/workspace"
        var seeds: [(id: String, token: String)] = []
        for number in 0..<60 {
            let (secret, token) = try TestTokens.secret()
            try TestTokens.plant(TestTokens.record(name: "seed \(number)", hash: secret.hash), in: data)
            seeds.append((secret.hash.id, token))
        }
        var commands: [[String]] = []
        var inputs: [String] = []
        let names = (0..<10).map { "new \($0)" } + ["new 0", "new 1"]
        commands += names.map { ["generate", "--workspace", "acme", "--name", $0] }
        commands += seeds[0..<8].map { ["delete", "--workspace", "acme", $0.id] }
        commands += seeds[8..<16].map { ["rotate", "--workspace", "acme", $0.id] }
        for seed in seeds[16..<18] {
            commands += [["delete", "--workspace", "acme", seed.id], ["rotate", "--workspace", "acme", seed.id]]
        }
        #expect(commands.count == 32)
        inputs = Array(repeating: "", count: commands.count)
        commands += [["list"], ["list", "--all", "--json"], ["verify", "--batch"], ["verify", "--batch"]]
        inputs += [
            "", "", seeds.map(\.token).joined(separator: "\n") + "\n",
            seeds.map(\.token).joined(separator: "\n") + "\n",
        ]
        let results = try CommandRunner.tokenctlAtOnce(
            commands.map { $0 + ["--dir", data] }, in: directory.path, inputs: inputs)

        #expect(results.allSatisfy { $0.status == 0 || $0.status == 1 }, "no crash, no signal")
        #expect(results.allSatisfy { !$0.stderr.contains("Fatal error") })
        let index = try TokenIndex(loading: data)
        #expect(index.problems.isEmpty)
        #expect(TokenFolderAudit.problems(in: index, dataFolder: data, at: Date()).isEmpty, "no duplicate active name")

        var generated = 0
        for (offset, name) in names.enumerated() where results[offset].status == 0 {
            generated += 1
            let record = index.verify(String(results[offset].stdout.dropLast())).record
            #expect(record?.name == name)
        }
        #expect(generated == 10, "each name wins once: \(results[0..<12].map(\.status))")
        var rotated = 0
        for (offset, seed) in seeds[0..<8].enumerated() {
            #expect(results[12 + offset].status == 0)
            #expect(index.verify(seed.token).label == "revoked")
        }
        for (offset, seed) in seeds[8..<16].enumerated() where results[20 + offset].status == 0 {
            rotated += 1
            let successor = index.verify(String(results[20 + offset].stdout.dropLast())).record
            #expect(successor?.rotatedFrom == seed.id && successor?.name == "seed \(8 + offset)")
            #expect(index.verify(seed.token).label == "revoked")
        }
        #expect(rotated == 8)
        for (offset, seed) in seeds[16..<18].enumerated() {
            let delete = results[28 + 2 * offset]
            let rotate = results[29 + 2 * offset]
            #expect(index.verify(seed.token).label == "revoked")
            #expect(delete.status == 0, "a delete succeeds, or finds the token already revoked by the rotation")
            if rotate.status == 0 {
                rotated += 1
                #expect(index.verify(String(rotate.stdout.dropLast())).isValid)
                #expect(delete.stdout.hasPrefix("already revoked"), "serial order: rotate, then delete")
            } else {
                #expect(rotate.stderr.contains("revoked"), "serial order: delete, then rotate is refused")
            }
        }
        #expect(index.tokens().count == 60 + generated + rotated)
        #expect(results[35].stdout.split(separator: "\n").count == 60, "one verify line per presented token")
        print("concurrency round \(round): \(generated) generated, \(rotated) rotated, 10 deletes")
    }
}

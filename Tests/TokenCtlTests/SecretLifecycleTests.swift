import Foundation
import TestSupport
import Testing

@Suite("A secret appears on stdout once and nowhere else", .serialized)
struct SecretLifecycleTests {
    @Test("After a full lifecycle, no file, output, log or git object holds either secret")
    func fullLifecycle() throws {
        let repository = try GitRepository()
        var everythingElse: [String] = []
        func run(_ arguments: String..., stdin: String = "") throws -> CommandResult {
            let result = try CommandRunner.tokenctl(arguments, in: repository.path, stdin: stdin)
            everythingElse.append(result.stderr)
            return result
        }
        everythingElse.append(try run("init").stdout)
        try repository.commitAll("init")
        let first = try run("generate", "--workspace", "acme", "--name", "CRM", "--commit", "--json").stdout
        let secret = try #require(first.firstMatch(of: #/"token":"(tok_[0-9A-Za-z]+)"/#)).1
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        _ = try HTTPProbe.status(server.url("/v1/auth"), bearer: String(secret))
        _ = try HTTPProbe.request(server.url("/v1/verify"), method: "POST", body: #"{"token": "\#(secret)"}"#)
        for command in [
            ["list"], ["list", "--all", "--json"], ["check", "--warn-expiring", "90d"], ["diff", "HEAD~1"],
        ] {
            everythingElse.append(try CommandRunner.tokenctl(command, in: repository.path).stdout)
        }
        everythingElse.append(try run("verify", stdin: String(secret)).stdout)
        let second = try run("rotate", "--workspace", "acme", "CRM", "--commit").stdout
        let rotated = String(second.dropLast())
        everythingElse.append(try run("verify", "--batch", stdin: "\(secret)\n\(rotated)\n").stdout)
        everythingElse.append(try run("delete", "--workspace", "acme", "CRM", "--commit").stdout)
        everythingElse.append(try run("diff", "HEAD~3", "--format", "markdown").stdout)
        _ = try HTTPProbe.status(server.url("/v1/auth"), bearer: rotated)
        #expect(server.stop() == 0)
        everythingElse.append(server.log)
        everythingElse.append(try repository.everythingGitHolds())
        for (_, data) in repository.directory.snapshot(includingGit: true) {
            everythingElse.append(String(decoding: data, as: UTF8.self))
        }
        let haystack = everythingElse.joined(separator: "\n")
        for token in [String(secret), rotated] {
            #expect(token.count == 42)
            #expect(!haystack.contains(token.dropFirst(4).prefix(12)), "a secret leaked")
        }
        #expect(haystack.contains("tokens(acme): rotate"), "the search did cover the history")
    }
}

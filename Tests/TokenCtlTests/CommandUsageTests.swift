import Foundation
import TestSupport
import Testing

@Suite("Usage lines say what a command takes")
struct CommandUsageTests {
    @Test(
        "delete and rotate take exactly one <token>, and their usage lists every option",
        arguments: ["delete", "rotate"])
    func oneToken(_ command: String) throws {
        let directory = try TemporaryDirectory()
        let help = try CommandRunner.tokenctl([command, "--help"], in: directory.path)
        #expect(help.status == 0)
        let usage = try #require(help.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE: ") })
        #expect(usage.contains(" --workspace <workspace> <token> "))
        #expect(!usage.contains("..."))
        // The usage is written out by hand: every option the help lists must be in it.
        let options = help.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.firstMatch(of: #/^  (--[a-z-]+)/#) else { return nil }
            return String(match.1)
        }
        #expect(options.count >= 4)
        for option in options where option != "--help" && option != "--version" {
            #expect(usage.contains(option), "\(option)")
        }

        let none = try CommandRunner.tokenctl([command, "--workspace", "acme"], in: directory.path)
        let two = try CommandRunner.tokenctl([command, "--workspace", "acme", "a", "b"], in: directory.path)
        for result in [none, two] {
            #expect(result.status == 64)
            #expect(
                result.stderr
                    == "tokenctl: error: name exactly one token: its id or its name (quoted if it has spaces)\n")
        }
    }
}

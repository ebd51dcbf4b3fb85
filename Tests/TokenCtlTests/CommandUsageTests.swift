import Foundation
import TestSupport
import Testing

@Suite("Usage lines say what a command takes")
struct CommandUsageTests {
    @Test(
        "delete and rotate take exactly one <token>, and their usage (all its forms) lists every option",
        arguments: ["delete", "rotate"])
    func oneToken(_ command: String) throws {
        let directory = try TemporaryDirectory()
        let help = try CommandRunner.tokenctl([command, "--help"], in: directory.path)
        #expect(help.status == 0)
        let helpLines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(helpLines.firstIndex { $0.hasPrefix("USAGE: ") })
        // The usage's first line, then the lines of any other form (delete --leaked), up to a blank line.
        let usageLines = helpLines[start...].prefix { !$0.isEmpty }
        let usage = usageLines.joined(separator: "\n")
        #expect(usageLines[start].contains(" --workspace <workspace> <token> "))
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

import Foundation
import TestSupport
import Testing

@testable import tokenctl

@Suite("A mistyped command, option or shell names the closest real one and fails")
struct MistypedArgumentsTests {
    static let commands = "init, generate, list, delete, rotate, verify, check, diff, report, serve"

    @Test(
        "One stderr line, exit status 64, nothing written",
        arguments: [
            (["generat", "--workspace", "acme", "--name", "x"], "unknown command 'generat': did you mean 'generate'?"),
            (["lst"], "unknown command 'lst': did you mean 'list'?"),
            (["lsit", "--all"], "unknown command 'lsit': did you mean 'list'?"),
            (["help", "generat"], "unknown command 'generat': did you mean 'generate'?"),
            (["help", "frobnicate"], "unknown command 'frobnicate': the commands are \(commands)"),
            (["frobnicate"], "unknown command 'frobnicate': the commands are \(commands)"),
            (["ls"], "unknown command 'ls': the commands are \(commands)"),
            (
                ["generate", "--workspac", "acme", "--name", "x"],
                "unknown option '--workspac': did you mean '--workspace'?"
            ),
            (["generate", "--workspace", "acme", "--nme", "x"], "unknown option '--nme': did you mean '--name'?"),
            (
                ["generate", "--workspace", "acme", "--name", "x", "--expire=7d"],
                "unknown option '--expire': did you mean '--expires'?"
            ),
            (["list", "--al"], "unknown option '--al': did you mean '--all'?"),
            (["list", "--bogus"], "unknown option '--bogus': see 'tokenctl list --help'"),
            (
                ["delete", "--workspace", "acme", "x", "--revoked-bi", "bob"],
                "unknown option '--revoked-bi': did you mean '--revoked-by'?"
            ),
            (["serve", "--prot", "9000"], "unknown option '--prot': did you mean '--port'?"),
            (
                ["--generate-completion-script", "fsh"],
                "no completion script for 'fsh': the shells are zsh, bash, fish"
            ),
            (
                ["--generate-completion-script=tcsh"],
                "no completion script for 'tcsh': the shells are zsh, bash, fish"
            ),
        ] as [([String], String)])
    func mistyped(_ arguments: [String], message: String) throws {
        let repository = try GitRepository()
        _ = try repository.tokenctl("init")
        let before = repository.directory.snapshot()
        let result = try CommandRunner.tokenctl(arguments, in: repository.path)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "tokenctl: error: \(message)\n")
        #expect(repository.directory.snapshot() == before)
    }

    @Test("A shell that cannot be told from $SHELL is one line naming the shells")
    func undetectedShell() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.tokenctl(
            ["--generate-completion-script"], in: directory.path, environment: ["SHELL": "/bin/tcsh"])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "tokenctl: error: cannot tell the shell from $SHELL: pass --generate-completion-script with one of "
                + "zsh, bash, fish\n")
    }

    @Test("Right spellings still work: help for a command, an option's value that starts with dashes")
    func rightSpellings() throws {
        let repository = try GitRepository()
        _ = try repository.tokenctl("init")
        let help = try repository.tokenctl("help", "generate")
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: tokenctl generate"))
        let dashed = try repository.tokenctl("generate", "--workspace", "acme", "--name", "--nme")
        #expect(dashed.status == 0, "\(dashed.stderr)")
        let completion = try repository.tokenctl("--generate-completion-script", "fish")
        #expect(completion.status == 0 && completion.stdout.contains("tokenctl"))
    }

    @Test(
        "Edit distance: insertions, deletions, replacements and swaps of neighbours count one each",
        arguments: [
            ("list", "list", 0), ("lst", "list", 1), ("lsit", "list", 1), ("generat", "generate", 1),
            ("", "init", 4), ("tcsh", "bash", 2), ("kitten", "sitting", 3),
        ])
    func editDistance(_ a: String, _ b: String, distance: Int) {
        #expect(Spelling.editDistance(Array(a), Array(b)) == distance)
        #expect(Spelling.editDistance(Array(b), Array(a)) == distance)
    }

    @Test("Only a close candidate is suggested")
    func closest() {
        let commands = ["init", "generate", "list", "delete", "rotate", "verify", "check", "diff", "serve"]
        #expect(Spelling.closest(to: "dif", among: commands) == "diff")
        #expect(Spelling.closest(to: "rotat", among: commands) == "rotate")
        #expect(Spelling.closest(to: "ls", among: commands) == nil)
        #expect(Spelling.closest(to: "xyz", among: commands) == nil)
        #expect(Spelling.closest(to: "tcsh", among: ["zsh", "bash", "fish"]) == nil)
    }
}

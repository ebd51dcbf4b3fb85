import Foundation
import TestSupport
import Testing

@Suite("A token typed into the command line never comes back in a message")
struct SecretInArgumentsTests {
    /// A repository with one token, whose secret the commands below are given.
    struct Fixture {
        let repository: GitRepository
        let token: String

        init() throws {
            repository = try GitRepository()
            _ = try repository.tokenctl("init")
            token = try repository.generate(workspace: "acme", name: "CRM Integration")
            try #require(token.hasPrefix("tok_") && token.count == 42)
        }

        /// The token's 32 random characters: the part a masked form must never show whole.
        var randomPart: String { String(token.dropFirst(4).prefix(32)) }

        /// Runs `tokenctl` and expects neither the token nor its random part in stdout or stderr.
        @discardableResult
        func expectMasked(_ arguments: [String], stdin: String = "") throws -> CommandResult {
            let result = try CommandRunner.tokenctl(arguments, in: repository.path, stdin: stdin)
            let shown = arguments.map { $0.replacingOccurrences(of: token, with: "TOKEN") }
            #expect(!result.killedBySignal, "\(shown)")
            for output in [result.stdout, result.stderr] {
                #expect(!output.contains(token) && !output.contains(randomPart), "\(shown): \(output.prefix(300))")
            }
            return result
        }
    }

    /// Each command's long options that take a value, read from the parser's own description of the
    /// command line, so that an option added later is covered too.
    static func optionsTakingValues(in repository: GitRepository) throws -> [String: [String]] {
        let dump = try repository.tokenctl("--experimental-dump-help")
        let root = try #require(try JSONSerialization.jsonObject(with: dump.stdoutData) as? [String: Any])
        let commands = try #require((root["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
        var options: [String: [String]] = [:]
        for command in commands {
            let name = try #require(command["commandName"] as? String)
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            options[name] = arguments.filter { $0["kind"] as? String == "option" }.flatMap { argument in
                (argument["names"] as? [[String: Any]] ?? []).compactMap { name in
                    name["kind"] as? String == "long" ? (name["name"] as? String).map { "--" + $0 } : nil
                }
            }
        }
        return options
    }

    /// What each command needs to get as far as reading its arguments; serve gets a data folder that
    /// does not exist and any free port, so that it exits instead of serving.
    static let required: [String: [String]] = [
        "generate": ["--workspace", "acme", "--name", "n"],
        "delete": ["--workspace", "acme"],
        "rotate": ["--workspace", "acme"],
        "serve": ["--dir", "no-such-folder", "--port", "0"],
    ]

    @Test("Every command, with the token in every place an argument can go, refuses it without repeating it")
    func everyCommandEveryPosition() throws {
        let fixture = try Fixture()
        let token = fixture.token
        let options = try Self.optionsTakingValues(in: fixture.repository)
        let commands = ["init", "generate", "list", "delete", "rotate", "verify", "check", "diff", "serve"]
        #expect(Set(options.keys).isSuperset(of: commands))
        var lines: [[String]] = [
            [token], ["help", token], ["help", "generate", token], [token, "--help"],
            ["--generate-completion-script", token], ["--generate-completion-script=\(token)"],
            ["list", "--generate-completion-script", token], ["diff", "HEAD", token],
        ]
        for command in commands {
            let base = [command] + (Self.required[command] ?? [])
            lines += [
                base + [token], base + ["--" + token], base + ["--\(token)=1"], base + ["--", token],
                [command, token] + (Self.required[command] ?? []), [command, "--help", token],
                base + ["--name=CRM \(token)"],
            ]
            for option in options[command] ?? [] {
                // The token replaces the option's value where the base already gives one.
                var arguments = base
                if let position = arguments.firstIndex(of: option) {
                    arguments[position + 1] = token
                } else {
                    arguments += [option, token]
                }
                lines.append(arguments)
            }
        }
        #expect(lines.count > 80)
        let before = fixture.repository.directory.snapshot()
        for arguments in lines {
            let result = try fixture.expectMasked(arguments)
            #expect(result.status == 64, "\(arguments.first ?? "")")
            #expect(result.stdout.isEmpty)
            let refusal =
                arguments.first == "verify"
                ? "verify reads the token from stdin, not from arguments: tokenctl verify < token.txt"
                : "an argument holds a token: a secret never goes on the command line, where shell history and ps "
                    + "keep it (to check one: tokenctl verify < token.txt)"
            #expect(result.stderr == "tokenctl: error: \(refusal)\n")
        }
        #expect(fixture.repository.directory.snapshot() == before)
    }

    /// Near misses of a token: a wrong checksum, a character short, a wrong checksum and a character too many.
    static func nearTokens(of token: String) -> [String] {
        [TestTokens.corrupted(token), String(token.dropLast()), TestTokens.corrupted(token) + "x"]
    }

    @Test("A mistyped secret is masked wherever the command line is quoted back: tok_ and three characters")
    func nearTokensAreMasked() throws {
        let fixture = try Fixture()
        for near in Self.nearTokens(of: fixture.token) {
            let masked = String(near.prefix(7)) + "…"
            let messages: [([String], String)] = [
                (["list", near], "unexpected argument '\(masked)'"),
                (["list", "--", near], "unexpected argument '\(masked)'"),
                (["list", "--" + near], "unknown option '--\(masked)': see 'tokenctl list --help'"),
                (["list", "--\(near)=1"], "unknown option '--\(masked)': see 'tokenctl list --help'"),
                ([near], "unknown command '\(masked)': the commands are \(Self.commands)"),
                (["help", near], "unknown command '\(masked)': the commands are \(Self.commands)"),
                (["serve", "--port", near], "the value '\(masked)' is invalid for '--port <port>'"),
                (["diff", near], "unknown revision \(masked)"),
                (
                    ["--generate-completion-script", near],
                    "no completion script for '\(masked)': the shells are zsh, bash, fish"
                ),
            ]
            for (arguments, message) in messages {
                let result = try fixture.expectMasked(arguments)
                #expect(result.status != 0)
                #expect(result.stderr == "tokenctl: error: \(message)\n")
            }
            let created = try fixture.expectMasked(["init", "--dir", near])
            #expect(created.status == 0)
            #expect(created.stdout.contains("created \(masked)/"))
        }
    }

    static let commands = "init, generate, list, delete, rotate, verify, check, diff, report, serve"

    @Test(
        "verify given the token as an argument says to use stdin, and does not repeat it",
        arguments: [["verify", "TOKEN"], ["verify", "--json", "TOKEN"], ["verify", "--", "TOKEN"], ["verify", "x"]])
    func verifyRefusesArguments(_ template: [String]) throws {
        let fixture = try Fixture()
        let result = try fixture.expectMasked(template.map { $0 == "TOKEN" ? fixture.token : $0 })
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "tokenctl: error: verify reads the token from stdin, not from arguments: tokenctl verify < token.txt\n"
        )
        let fromStdin = try fixture.expectMasked(["verify"], stdin: fixture.token)
        #expect(fromStdin.status == 0)
    }
}

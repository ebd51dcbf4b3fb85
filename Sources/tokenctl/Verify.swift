import ArgumentParser
import Foundation
import TokenVerification

extension TokenCtl {
    /// `tokenctl verify`: checks tokens read from stdin.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a token read from stdin: valid, expired, revoked, unknown or malformed.",
            discussion: """
                Reads the token from stdin, never from the command line, where it would leak into shell \
                history and ps. For a known token (valid, expired or revoked) prints its workspace, id \
                and name, which tells which token leaked. Exit status 0 only when valid (with --batch: \
                when every line is valid).

                Examples:
                  tokenctl verify < token.txt
                  pbpaste | tokenctl verify --json
                  grep -o 'tok_[0-9A-Za-z]*' app.log | tokenctl verify --batch
                """
        )

        @OptionGroup var data: DataFolderOptions

        @Flag(help: "Read one token per line and print one result per line, in order.")
        var batch = false

        @Flag(help: "Print JSON: {\"valid\": …, \"reason\"|\"workspace\", \"id\", \"name\", …}.")
        var json = false

        // Taken only to be refused: a token on the command line leaks into shell history and ps.
        @Argument(help: .private)
        var arguments: [String] = []

        func validate() throws {
            guard arguments.isEmpty else {
                throw ValidationError(CommandFailure.argumentsToVerify.description)
            }
        }

        func run() throws {
            let index: TokenIndex
            do {
                index = try TokenIndex(loading: data.dataFolder)
            } catch {
                throw CommandFailure.verifierUnavailable(error)
            }
            ProblemReport.warn(index.problems)
            let now = Date()
            var allValid = true
            if batch {
                var sawLine = false
                while let line = readLine(strippingNewline: true) {
                    sawLine = true
                    let result = index.verify(line.trimmingCharacters(in: .whitespaces), at: now)
                    allValid = allValid && result.isValid
                    Console.print(VerificationOutput.line(for: result, at: now, json: json))
                }
                allValid = allValid && sawLine
            } else {
                let result = index.verify(try Self.readSingleToken(), at: now)
                allValid = result.isValid
                Console.print(VerificationOutput.line(for: result, at: now, json: json))
            }
            if !allValid {
                throw ExitCode(1)
            }
        }

        /// The token on stdin: the first line on a terminal, else all of stdin (up to 64 KiB), trimmed.
        private static func readSingleToken() throws -> String {
            if isatty(STDIN_FILENO) == 1 {
                return (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
            }
            let data = FileHandle.standardInput.readData(ofLength: 64 * 1024 + 1)
            guard data.count <= 64 * 1024 else {
                throw CommandFailure.stdinTooLarge
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.contains(where: \.isNewline) else {
                throw CommandFailure.stdinHasSeveralLines
            }
            return text
        }
    }
}

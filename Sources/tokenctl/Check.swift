import ArgumentParser
import Foundation
import TextEscaping
import TokenGitOps
import TokenStore
import TokenVerification

extension TokenCtl {
    /// `tokenctl check`: validates token files and scans the repository for plaintext tokens.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every token and policy file and scan the repository for plaintext tokens.",
            discussion: """
                Prints every problem on its own line, as path:line:column: problem (or path: problem), \
                and exits 1 when there is any: a token or policy file the reader rejects, the same hash in two files, \
                two active tokens with one name in a workspace, a tracked .build/ folder, or a real \
                token (valid checksum) in any file git tracks or in its name, as text, base64 or \
                UTF-16, shown masked. An active token that breaks its workspace's policy is a warning, \
                which leaves the exit status alone: the verifier enforces the policy on it anyway. With \
                --staged, what git has staged is checked instead of the work tree: the pre-commit hook \
                runs this.

                Examples:
                  tokenctl check
                  tokenctl check --staged
                  tokenctl check --warn-expiring 14d
                """
        )

        @OptionGroup var data: DataFolderOptions

        @Flag(help: "Check the staged content (git's index) instead of the work tree.")
        var staged = false

        @Option(
            help:
                "Also warn about active tokens expiring within this DURATION (<N>d or <N>h), and those that never expire."
        )
        var warnExpiring: String?

        @Flag(help: "Print nothing when every check passes (no summary line on stderr).")
        var quiet = false

        func run() throws {
            let window = try warnExpiring.map { try DurationSpec.parse($0, option: "--warn-expiring") }
            let now = Date()
            let repository = try? Repository(dataFolder: data.dataFolder)
            let index = try loadIndex(repository)
            var errors = index.problems
            errors += TokenFolderAudit.problems(in: index, dataFolder: data.dataFolder, at: now)
            if let repository {
                // An entry in a folder already reported (a folder name that is not a slug) adds nothing.
                let reported = Set(errors.map(\.path))
                errors += try DataFolderEntries.problems(in: repository).filter { entry in
                    let parts = entry.path.split(separator: "/")
                    return !parts.indices.contains { reported.contains(parts[...$0].joined(separator: "/")) }
                }
                errors += try TrackedBuildOutput.problems(in: repository)
            }
            errors.forEach { Console.print(TerminalText.escaped(RepositoryScan.masked($0.description))) }

            let scan = try scan(repository)
            let findings = scan?.findings ?? []
            for finding in findings {
                let known = index.record(for: finding.hash).map { "id \($0.id) in workspace \($0.workspace)" }
                let location = finding.line == 0 ? finding.path : "\(finding.path):\(finding.line)"
                let places = [finding.line == 0 ? "in the file name" : nil, finding.encoding.map { "in \($0)" }]
                let place = places.compactMap { $0 }.joined(separator: ", ")
                Console.print(
                    TerminalText.escaped(
                        "\(location): plaintext token \(finding.masked)\(place.isEmpty ? "" : " " + place) "
                            + "(\(known ?? "not a known token"))"))
            }
            TokenFolderAudit.policyWarnings(in: index, dataFolder: data.dataFolder, at: now)
                .forEach { Console.print(TerminalText.escaped($0.description)) }
            if let window {
                TokenFolderAudit.expiryWarnings(in: index, dataFolder: data.dataFolder, within: window, at: now)
                    .forEach { Console.print(TerminalText.escaped($0.description)) }
            }
            let count = errors.count + findings.count
            if count > 0 {
                throw CommandFailure.checkFailed(problems: count)
            }
            if !quiet {
                Console.diagnostic(summary(of: index, scannedFiles: scan?.fileCount))
            }
        }

        /// `tokenctl: checked 12 token files in 3 workspaces; scanned 40 files for plaintext tokens`, with
        /// `and 2 policy files` after the token files when there are any.
        private func summary(of index: TokenIndex, scannedFiles: Int?) -> String {
            let what = staged ? "staged " : ""
            let policies = (index.policies.root == nil ? 0 : 1) + index.policies.workspaces.count
            let policyFiles = policies == 0 ? "" : " and \(Self.counted(policies, "policy file"))"
            let checked =
                "tokenctl: checked \(Self.counted(index.count, what + "token file"))\(policyFiles) in "
                + Self.counted(index.workspaces.count, "workspace")
            guard let scannedFiles else { return checked }
            return checked + "; scanned \(Self.counted(scannedFiles, what + "file")) for plaintext tokens"
        }

        private static func counted(_ count: Int, _ noun: String) -> String {
            "\(count) \(noun)\(count == 1 ? "" : "s")"
        }

        private func loadIndex(_ repository: Repository?) throws -> TokenIndex {
            if staged {
                guard let repository else {
                    throw CommandFailure.stagedWithoutRepository(dataFolder: data.dataFolder)
                }
                return try DataFolderInGit.staged(in: repository)
            }
            guard FileManager.default.fileExists(atPath: data.dataFolder) else {
                Console.warning("there is no data folder \(data.dataFolder): no token files to check")
                return .empty
            }
            return try TokenIndex(loading: data.dataFolder)
        }

        /// The plaintext scan, or nil when there is no repository to scan.
        private func scan(_ repository: Repository?) throws -> PlaintextScan? {
            guard let repository else {
                Console.warning("\(data.dataFolder) is not in a git repository: the plaintext scan was skipped")
                return nil
            }
            return staged
                ? try RepositoryScan.stagedFiles(in: repository) : try RepositoryScan.trackedFiles(in: repository)
        }
    }
}

import ArgumentParser
import Foundation
import TokenGitOps
import TokenStore
import TokenVerification

extension TokenCtl {
    /// `tokenctl report`: the active tokens that need a person's attention, for a scheduled job.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report active tokens that expire soon, sit idle, never expire or break their policy.",
            discussion: """
                Lists, among active tokens (neither revoked nor expired): those that expire within \
                --expiring (by expires_at or by their workspace's max_lifetime); those with no use within \
                --idle, or none since tracking began, by the usage files given (each replica's GET \
                /v1/usage or serve --usage-file, merged by latest use; without one, idle tokens are \
                unknown); those that never expire; and those that break their workspace's policy. A usage \
                file that cannot be read, is not a usage document or belongs to another data folder, an \
                entry naming no token of this folder, and a file of the data folder that does not load \
                are each reported on stderr and left out; an entry whose last_used is in the future \
                counts as a use now. The report is made from what is valid, and the exit status is then \
                1. Markdown is meant for an issue body.

                Examples:
                  tokenctl report
                  tokenctl report --usage a.json --usage b.json --format markdown
                  tokenctl report --expiring 30d --idle 60d --format json
                """
        )

        @OptionGroup var data: DataFolderOptions

        @Option(
            name: .customLong("usage"),
            help: ArgumentHelp(
                "A usage file: a replica's GET /v1/usage answer or serve --usage-file (repeatable).",
                valueName: "file"))
        var usageFiles: [String] = []

        @Option(
            help: ArgumentHelp(
                "List active tokens that expire within this DURATION (<N>d or <N>h).", valueName: "duration"))
        var expiring = "14d"

        @Option(
            help: ArgumentHelp(
                "List active tokens not used within this DURATION (<N>d or <N>h), or never since tracking began.",
                valueName: "duration"))
        var idle = "90d"

        @Option(help: "text, markdown (an issue body) or json.")
        var format: Diff.Format = .text

        func run() throws {
            let expiringSeconds = try DurationSpec.parse(expiring, option: "--expiring")
            let idleSeconds = try DurationSpec.parse(idle, option: "--idle")
            let now = Date()
            let index = try TokenIndex(loading: data.dataFolder)
            var usage = MergedUsage()
            if !usageFiles.isEmpty {
                let known = Set(index.tokens().map { TokenKey(workspace: $0.workspace, id: $0.id) })
                usage = MergedUsage(
                    reading: usageFiles, dataFolder: DataFolderIdentity.of(dataFolder: data.dataFolder), known: known,
                    at: now)
            }
            let report = TokenReport(
                index: index, usage: usage, usageFilesGiven: usageFiles.count,
                expiringWithin: (expiring, expiringSeconds), idleFor: (idle, idleSeconds), at: now)
            switch format {
            case .text: report.text().forEach(Console.print)
            case .markdown: report.markdown().forEach(Console.print)
            case .json: Console.print(report.json())
            }
            ProblemReport.warn(index.problems)
            usage.problems.forEach(Console.warning)
            let problems = index.problems.count + usage.problems.count
            if problems > 0 {
                throw CommandFailure.reportIncomplete(problems: problems)
            }
        }
    }
}

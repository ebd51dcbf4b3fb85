import Foundation
import TestSupport
import TokenGitOps
import TokenVerification

/// A repository of token and policy files, and a folder beside it for usage files, for running
/// `tokenctl report`.
struct ReportFixture {
    static let day: TimeInterval = 86_400

    let tokens: PolicyFixture
    let usageFolder: TemporaryDirectory
    /// The time usage files count back from, whole seconds.
    let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    init() throws {
        tokens = try PolicyFixture()
        usageFolder = try TemporaryDirectory()
    }

    /// The identity `serve` gives the data folder, as a usage file names it.
    var identity: String { DataFolderIdentity.of(dataFolder: tokens.data) }

    /// The time `age` seconds before ``start``.
    func ago(_ age: TimeInterval) -> Date {
        start.addingTimeInterval(-age)
    }

    /// Writes a usage file named `name` and returns its path: tracking since `trackingAge` ago, each of
    /// `uses` a token last used that long ago, for this data folder unless `dataFolder` names another.
    @discardableResult
    func usage(
        _ name: String, trackingAge: TimeInterval, uses: [(TokenRecord, TimeInterval)], dataFolder: String? = nil
    ) throws -> String {
        let document = UsageDocument(
            generatedAt: start, trackingSince: ago(trackingAge), dataFolder: dataFolder ?? identity,
            tokens: uses.map { UsageEntry(workspace: $0.0.workspace, id: $0.0.id, lastUsed: ago($0.1)) })
        return try usageFolder.write(name, Array(document.json()))
    }

    /// Runs `tokenctl report` with `arguments` in the repository.
    func report(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.tokenctl(["report"] + arguments, in: tokens.repository.path)
    }

    /// Runs `tokenctl report --format json` with `arguments` and decodes what it printed.
    func json(_ arguments: [String] = []) throws -> (report: ReportJSONOutput, result: CommandResult) {
        let result = try report(arguments + ["--format", "json"])
        return (try JSONDecoder().decode(ReportJSONOutput.self, from: result.stdoutData), result)
    }
}

/// `tokenctl report --format json` as the tests read it.
struct ReportJSONOutput: Decodable {
    struct Token: Decodable {
        var workspace: String
        var id: String
        var name: String
        var status: String
        var expiresAt: String
        var effectiveExpiresAt: String
        var scopes: [String]?
        var replacedBy: String?
        var lastUsed: String?
        var unusedSince: String?
        var violations: [Violation]?

        enum CodingKeys: String, CodingKey {
            case workspace, id, name, status, scopes, violations
            case expiresAt = "expires_at", effectiveExpiresAt = "effective_expires_at", replacedBy = "replaced_by"
            case lastUsed = "last_used", unusedSince = "unused_since"
        }
    }

    struct Violation: Decodable, Equatable {
        var key: String
        var path: String
        var message: String
    }

    struct Usage: Decodable {
        struct File: Decodable {
            var path: String
            var trackingSince: String
            var tokens: Int

            enum CodingKeys: String, CodingKey {
                case path, tokens
                case trackingSince = "tracking_since"
            }
        }

        var trackingSince: String?
        var filesGiven: Int
        var files: [File]

        enum CodingKeys: String, CodingKey {
            case files
            case trackingSince = "tracking_since", filesGiven = "files_given"
        }
    }

    var summary: [String: Int?]
    var usage: Usage
    var leftOut: [String]
    var expiring: [Token]
    var idle: [Token]?
    var neverExpiring: [Token]
    var breakingPolicy: [Token]

    enum CodingKeys: String, CodingKey {
        case summary, usage, expiring, idle
        case leftOut = "left_out", neverExpiring = "never_expiring", breakingPolicy = "breaking_policy"
    }
}

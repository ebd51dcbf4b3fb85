import Foundation
import TokenVerification

extension TokenReport {
    /// One JSON object with sorted keys: `generated_at`, the windows, `summary` (counts), `usage`,
    /// `left_out`, and a list per section whose tokens are as `list --json` prints them, with
    /// `effective_expires_at` and what the section adds (`idle` is `null` when there is no usage data).
    func json() -> String {
        let token = { (token: IndexedToken, section: ReportJSON.Token.Section) in
            ReportJSON.Token(
                base: TokenJSON(token, at: now), effectiveExpiresAt: token.effectiveExpiresAt, section: section)
        }
        let idleTokens = idle?.map {
            token($0.token, .idle(lastUsed: $0.lastUsed, unusedSince: $0.unusedSince))
        }
        return TokenJSON.encode(
            ReportJSON(
                generatedAt: UTCTimestamp.format(now), expiringWithin: expiringWithin, idleFor: idleFor,
                summary: [
                    "expiring": expiring.count, "idle": idle?.count, "never_expiring": neverExpiring.count,
                    "breaking_policy": breaches.count, "left_out": leftOut.count,
                ],
                usage: ReportJSON.Usage(
                    trackingSince: usage.trackingSince.map(UTCTimestamp.format), filesGiven: usageFilesGiven,
                    files: usage.files.map(ReportJSON.Usage.File.init)),
                leftOut: leftOut,
                expiring: expiring.map { token($0.token, .expiring(replacedBy: $0.replacedBy)) },
                idle: idleTokens,
                neverExpiring: neverExpiring.map { token($0, .neverExpiring) },
                breakingPolicy: breaches.map { token($0.token, .breach($0.violations)) }))
    }
}

/// The stable JSON shape of `report --format json`.
private struct ReportJSON: Encodable {
    /// A token: the keys of ``TokenJSON``, `effective_expires_at`, and its section's own keys.
    struct Token: Encodable {
        enum Section {
            case expiring(replacedBy: String?)
            case idle(lastUsed: Date?, unusedSince: Date)
            case neverExpiring
            case breach([PolicyViolation])
        }

        enum CodingKeys: String, CodingKey {
            case effectiveExpiresAt = "effective_expires_at", replacedBy = "replaced_by", lastUsed = "last_used"
            case unusedSince = "unused_since", violations
        }

        var base: TokenJSON
        var effectiveExpiresAt: Date?
        var section: Section

        func encode(to encoder: any Encoder) throws {
            try base.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(UTCTimestamp.formatExpiry(effectiveExpiresAt), forKey: .effectiveExpiresAt)
            switch section {
            case .expiring(let replacedBy):
                try container.encodeIfPresent(replacedBy, forKey: .replacedBy)
            case .idle(let lastUsed, let unusedSince):
                try container.encode(lastUsed.map(UTCTimestamp.format), forKey: .lastUsed)
                try container.encode(UTCTimestamp.format(unusedSince), forKey: .unusedSince)
            case .neverExpiring:
                break
            case .breach(let violations):
                try container.encode(violations.map(Violation.init), forKey: .violations)
            }
        }
    }

    /// A key a token breaks: `key`, the policy file's `path`, and `message`.
    struct Violation: Encodable {
        var key: String
        var path: String
        var message: String

        init(_ violation: PolicyViolation) {
            key = violation.key.description
            path = violation.path
            message = violation.message
        }
    }

    /// The usage data: the earliest `tracking_since` (`null` with no file merged), how many files were
    /// given, and each file merged.
    struct Usage: Encodable {
        struct File: Encodable {
            var path: String
            var trackingSince: String
            var generatedAt: String
            var tokens: Int

            enum CodingKeys: String, CodingKey {
                case path, tokens
                case trackingSince = "tracking_since", generatedAt = "generated_at"
            }

            init(_ file: MergedUsage.File) {
                path = file.path
                trackingSince = UTCTimestamp.format(file.trackingSince)
                generatedAt = UTCTimestamp.format(file.generatedAt)
                tokens = file.entries
            }
        }

        var trackingSince: String?
        var filesGiven: Int
        var files: [File]

        enum CodingKeys: String, CodingKey {
            case files
            case trackingSince = "tracking_since", filesGiven = "files_given"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trackingSince, forKey: .trackingSince)
            try container.encode(filesGiven, forKey: .filesGiven)
            try container.encode(files, forKey: .files)
        }
    }

    var generatedAt: String
    var expiringWithin: String
    var idleFor: String
    var summary: [String: Int?]
    var usage: Usage
    var leftOut: [String]
    var expiring: [Token]
    var idle: [Token]?
    var neverExpiring: [Token]
    var breakingPolicy: [Token]

    enum CodingKeys: String, CodingKey {
        case summary, usage, expiring, idle
        case generatedAt = "generated_at", expiringWithin = "expiring_within", idleFor = "idle_for"
        case leftOut = "left_out", neverExpiring = "never_expiring", breakingPolicy = "breaking_policy"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(expiringWithin, forKey: .expiringWithin)
        try container.encode(idleFor, forKey: .idleFor)
        try container.encode(summary, forKey: .summary)
        try container.encode(usage, forKey: .usage)
        try container.encode(leftOut, forKey: .leftOut)
        try container.encode(expiring, forKey: .expiring)
        try container.encode(idle, forKey: .idle)
        try container.encode(neverExpiring, forKey: .neverExpiring)
        try container.encode(breakingPolicy, forKey: .breakingPolicy)
    }
}

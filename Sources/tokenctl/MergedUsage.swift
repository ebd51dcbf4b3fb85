import Dispatch
import Foundation
import TokenVerification

/// The usage files given to `report` (one per replica), read and merged: each token's latest use in
/// any of them, and since when uses were tracked.
///
/// What is wrong with a file is one line in ``problems`` that names it, and only what is wrong is
/// left out: a file that cannot be read, is not a usage document, belongs to another data folder or
/// starts tracking in the future; an entry that is not an entry or names no loaded token. An entry whose `last_used` is in
/// the future is kept as a use at the report's time, so that it never makes a used token look idle.
struct MergedUsage {
    /// A usage file that was merged.
    struct File {
        /// The path as given.
        var path: String
        /// Its `generated_at`.
        var generatedAt: Date
        /// Its `tracking_since`.
        var trackingSince: Date
        /// How many entries it holds, merged or not.
        var entries: Int
    }

    /// How far past the report's time a `last_used` or `tracking_since` may be before it counts as in
    /// the future: replicas' clocks differ from the machine that runs the report.
    static let clockSkewAllowance: TimeInterval = 300

    /// The files merged, in the order given.
    private(set) var files: [File] = []
    /// Each token's latest use.
    private(set) var lastUsed: [TokenKey: Date] = [:]
    /// One line per problem, naming the file; the report is made without what it names.
    private(set) var problems: [String] = []

    /// When tracking began: the earliest `tracking_since` of the files merged, or `nil` when none was.
    var trackingSince: Date? { files.map(\.trackingSince).min() }

    /// No usage data: no file merged, nothing known of any token's use.
    init() {}

    /// Reads `paths` and merges what is valid.
    ///
    /// - Parameters:
    ///   - paths: The usage files, as given.
    ///   - dataFolder: The identity of the data folder reported on: a file naming another is left out.
    ///   - known: Every token loaded.
    ///   - now: The report's time.
    init(reading paths: [String], dataFolder: String, known: Set<TokenKey>, at now: Date) {
        for (path, read) in zip(paths, Self.documents(paths)) {
            let shown = TokenFormat.maskingTokenShapes(in: path)
            let document: UsageDocument
            switch read {
            case .success(let read):
                document = read
            case .failure(let error):
                problems.append("\(shown): \(error.reason); left out")
                continue
            }
            guard document.dataFolder == dataFolder else {
                problems.append(
                    "\(shown): usage of another data folder (\(Self.clipped(document.dataFolder))), "
                        + "not of this one (\(dataFolder)); left out")
                continue
            }
            guard document.trackingSince.timeIntervalSince(now) <= Self.clockSkewAllowance else {
                problems.append(
                    "\(shown): tracking_since \(UTCTimestamp.format(document.trackingSince)) is in the future; left out"
                )
                continue
            }
            merge(document, from: shown, known: known, at: now)
            files.append(
                File(
                    path: path, generatedAt: document.generatedAt, trackingSince: document.trackingSince,
                    entries: document.tokens.count + document.malformedEntries.count))
        }
    }

    /// The document in each file of `paths`, or why there is none (`cannot read: …` or `not a usage
    /// file: …`); the files are read and decoded on all cores.
    private static func documents(_ paths: [String]) -> [Result<UsageDocument, UsageDocumentError>] {
        let documents = Locked([Result<UsageDocument, UsageDocumentError>?](repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: paths.count) { number in
            let document = UsageFileReader.read(paths[number]).flatMap { bytes in
                Result { () throws(UsageDocumentError) in try UsageDocument(json: bytes) }
                    .mapError { UsageDocumentError(reason: "not a usage file: \($0.reason)") }
            }
            documents.withLock { $0[number] = document }
        }
        return documents.withLock { $0.compactMap { $0 } }
    }

    /// Merges the entries of `document` that name a known token, by latest use.
    private mutating func merge(_ document: UsageDocument, from shown: String, known: Set<TokenKey>, at now: Date) {
        if !document.malformedEntries.isEmpty {
            let count = document.malformedEntries.count
            problems.append(
                "\(shown): \(Self.counted(count, "entry is", "entries are")) not a usage entry "
                    + "(\(Self.examples(document.malformedEntries))); left out")
        }
        var unknown: [String] = []
        var future: [String] = []
        for (number, entry) in document.tokens.enumerated() {
            let key = TokenKey(workspace: entry.workspace, id: entry.id)
            guard known.contains(key) else {
                unknown.append(Self.describe(entry, at: number))
                continue
            }
            var used = entry.lastUsed
            if used.timeIntervalSince(now) > Self.clockSkewAllowance {
                future.append("\(Self.describe(entry, at: number)) at \(UTCTimestamp.format(used))")
                used = now
            }
            if let seen = lastUsed[key], seen >= used { continue }
            lastUsed[key] = used
        }
        if !unknown.isEmpty {
            problems.append(
                "\(shown): \(Self.counted(unknown.count, "entry", "entries")) name no token of this data folder "
                    + "(\(Self.examples(unknown))); left out")
        }
        if !future.isEmpty {
            problems.append(
                "\(shown): \(Self.counted(future.count, "entry has", "entries have")) last_used in the future "
                    + "(\(Self.examples(future))); counted as used at the report's time")
        }
    }

    /// `tokens[3] (acme/5e884898da28)`, or just `tokens[3]` when the workspace or id is not of the
    /// form a token has: a file's text never reaches a message beyond those two short forms.
    private static func describe(_ entry: UsageEntry, at number: Int) -> String {
        guard WorkspaceSlug.isValid(entry.workspace), Hex.isLowercaseHex(entry.id, count: 12) else {
            return "tokens[\(number)]"
        }
        return "tokens[\(number)] (\(TokenKey(workspace: entry.workspace, id: entry.id)))"
    }

    /// The first three of `items`, and how many more.
    private static func examples(_ items: [String]) -> String {
        let shown = items.prefix(3).joined(separator: ", ")
        return items.count > 3 ? "\(shown) and \(items.count - 3) more" : shown
    }

    /// A data folder identity from a file, masked and cut to 200 characters.
    private static func clipped(_ text: String) -> String {
        let masked = TokenFormat.maskingTokenShapes(in: text)
        return masked.count > 200 ? String(masked.prefix(200)) + "…" : masked
    }

    private static func counted(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }
}

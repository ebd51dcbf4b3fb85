import Foundation
import Logging
import TokenVerification

/// What `serve` knows of token use: the verifier's last use per token, since when it has been
/// recorded, and for which data folder, as `GET /v1/usage` answers and the usage file keeps it.
final class UsageLedger: Sendable {
    private let verifier: TokenVerifier
    private let dataFolder: String
    /// Since when uses have been recorded: the start, or the usage file's own start when it was
    /// read at start.
    let trackingSince: Date
    /// Where the usage is kept across restarts, if anywhere.
    let file: UsageFile?

    /// A ledger for `verifier`'s uses of the data folder named `dataFolder`, taking over the uses
    /// in `file` when it holds usage of that folder; a file that cannot be used is logged and set
    /// aside, and recording starts afresh.
    init(verifier: TokenVerifier, dataFolder: String, file: UsageFile?, logger: Logger, now: Date = Date()) {
        self.verifier = verifier
        self.dataFolder = dataFolder
        self.file = file
        var since = now
        if let earlier = file?.read(forDataFolder: dataFolder, logger: logger, now: now) {
            verifier.restoreLastUses(earlier.tokens)
            since = min(since, earlier.trackingSince)
        }
        trackingSince = since
    }

    /// The usage document as of `now`.
    func document(at now: Date = Date()) -> UsageDocument {
        UsageDocument(
            generatedAt: now, trackingSince: trackingSince, dataFolder: dataFolder, tokens: verifier.lastUses())
    }
}

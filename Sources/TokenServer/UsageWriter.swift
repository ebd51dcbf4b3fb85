import Foundation
import Logging
import ServiceLifecycle
import TokenVerification

/// Writes the usage file at most once a minute, when a use was noted since the last write, and
/// once more at shutdown (SIGTERM or SIGINT).
struct UsageWriter: Service {
    /// How often the usage file is brought up to date.
    static let interval = Duration.seconds(60)

    let ledger: UsageLedger
    let file: UsageFile
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
            var written = Set<UsageEntry>()
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                guard !Task.isCancelled else { break }
                written = write(unlessAlready: written)
            }
        }
        _ = write(unlessAlready: nil)
    }

    /// Writes the usage file unless its uses are `written`, the ones last written.
    ///
    /// - Returns: The uses now in the file.
    private func write(unlessAlready written: Set<UsageEntry>?) -> Set<UsageEntry> {
        let document = ledger.document()
        let uses = Set(document.tokens)
        guard uses != written else { return uses }
        do {
            try file.write(document)
            return uses
        } catch {
            logger.error(
                "usage file cannot be written",
                metadata: ["usage_file": "\(file.path)", "error": "\(error.localizedDescription)"])
            return written ?? []
        }
    }
}

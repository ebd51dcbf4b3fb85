import Foundation
import Logging
import TokenVerification

/// The file `serve --usage-file` keeps usage in across restarts: the ``UsageDocument`` JSON,
/// replaced whole by a rename, so a crash leaves the old file or the new one.
struct UsageFile: Sendable {
    /// The file's path.
    let path: String

    /// The usage in the file, when it holds usage of `dataFolder`.
    ///
    /// A missing file is a first start. A file that cannot be read, is not a usage document, or is
    /// another data folder's is logged as an error and renamed to `<path>.unusable`, so that the
    /// next write does not destroy it; entries that are not usage entries and uses dated after `now`
    /// are dropped with a warning.
    func read(forDataFolder dataFolder: String, logger: Logger, now: Date) -> UsageDocument? {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch CocoaError.fileReadNoSuchFile {
            logger.info("no usage file yet: recording starts now", metadata: ["usage_file": "\(path)"])
            return nil
        } catch {
            return setAside(because: "cannot be read", logger: logger)
        }
        var document: UsageDocument
        do {
            document = try UsageDocument(json: bytes)
        } catch {
            return setAside(because: error.reason, logger: logger)
        }
        guard document.dataFolder == dataFolder else {
            return setAside(
                because: "it records the data folder \(document.dataFolder), not \(dataFolder)", logger: logger)
        }
        if let first = document.malformedEntries.first {
            logger.warning(
                "usage file: entries that are not usage entries are left out",
                metadata: [
                    "usage_file": "\(path)", "count": "\(document.malformedEntries.count)", "first": "\(first)",
                ])
        }
        let latest = now.addingTimeInterval(60)
        let future = document.tokens.filter { $0.lastUsed > latest }
        if !future.isEmpty {
            logger.warning(
                "usage file: uses dated in the future are left out",
                metadata: ["usage_file": "\(path)", "count": "\(future.count)"])
            document.tokens.removeAll { $0.lastUsed > latest }
        }
        logger.info("usage file read", metadata: ["usage_file": "\(path)", "tokens": "\(document.tokens.count)"])
        return document
    }

    /// Replaces the file with `document`.
    ///
    /// - Throws: When the file cannot be written; the old file stays.
    func write(_ document: UsageDocument) throws {
        try document.json().write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private func setAside(because reason: String, logger: Logger) -> UsageDocument? {
        let aside = "\(path).unusable"
        let moved = rename(path, aside) == 0
        logger.error(
            "usage file not used: starting with empty usage",
            metadata: [
                "usage_file": "\(path)", "reason": "\(reason)", "kept_as": "\(moved ? aside : path)",
            ])
        return nil
    }
}

import Foundation

/// A throwaway copy of a one-workspace corpus, for the benchmarks that write (`generate`, `delete`).
public final class ScratchWorkspace: @unchecked Sendable {
    /// The copy's data folder.
    public let dataFolder: String
    /// Its one workspace.
    public let name: String
    private let ids: [String]
    private let lock = NSLock()
    private var used = 0

    /// Copies `corpus` (which must have one workspace) to a fresh temporary folder.
    public init(copying corpus: Corpus) {
        dataFolder = NSTemporaryDirectory() + "tokenctl-bench-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.copyItem(atPath: corpus.dataFolder, toPath: dataFolder)
        name = corpus.workspaces.first ?? "none"
        ids = corpus.tokenIDs(inWorkspace: name)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dataFolder)
    }

    /// A token id not handed out before (revoking an already revoked token is an error-free no-op,
    /// but a fresh one each time measures a real write).
    public func nextID() -> String {
        lock.withLock {
            used += 1
            return ids.isEmpty ? "" : ids[(used - 1) % ids.count]
        }
    }
}

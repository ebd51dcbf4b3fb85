import Foundation

/// Verifies tokens against a data folder, with a reload that swaps in a new index atomically.
///
/// Any number of threads may call ``verify(_:at:)`` while another calls ``reload(_:parallelism:)``:
/// each verification sees either the whole old index or the whole new one. A reload builds the new
/// index off to the side; if the data folder cannot be read at all, the last good index stays.
/// A load frees its scratch memory when it ends; whether the heap then hands those pages back to
/// the system (glibc's `malloc_trim`) is the embedding process's choice.
///
/// ```swift
/// let verifier = try TokenVerifier(dataFolder: "workspace")
/// switch verifier.verify(bearerToken) {
/// case .valid(let token): print("request for workspace \(token.workspace)")
/// default: print("401")
/// }
/// ```
public final class TokenVerifier: Sendable {
    /// The data folder the index is loaded from.
    public let dataFolder: String
    /// Whether each valid verification notes the token's last use (``lastUses()``).
    public let tracksLastUse: Bool
    private let current: Locked<TokenIndex>
    private let reader: Locked<DataFolderReader>
    /// Last uses of tokens that are not in the index in service (their files went away or went
    /// bad), by workspace and id, so that a reload loses none.
    private let usesOfAbsentTokens = Locked<[String: UsageEntry]>([:])

    /// Loads a data folder.
    ///
    /// - Parameters:
    ///   - dataFolder: The folder holding `<workspace>/<id>.yaml` token files.
    ///   - parallelism: How many threads parse files; defaults to the number of active cores.
    ///   - tracksLastUse: Whether each valid verification notes the minute of the token's use, in
    ///     one atomic per token (no lock, no allocation), kept across reloads.
    /// - Throws: ``DataFolderError`` when the folder cannot be read. Bad token files do not throw:
    ///   they are left out and listed in ``TokenIndex/problems``.
    public init(
        dataFolder: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
        tracksLastUse: Bool = false
    ) throws(DataFolderError) {
        self.dataFolder = dataFolder
        self.tracksLastUse = tracksLastUse
        var reader = DataFolderReader(remembersFiles: true)
        let index = try TokenIndex(
            reading: WorkTreeSource(dataFolder), with: &reader, scope: .everything, parallelism: parallelism)
        self.current = Locked(index)
        self.reader = Locked(reader)
    }

    /// The index in service now.
    public var index: TokenIndex {
        current.withLock { $0 }
    }

    /// Reads the data folder again and swaps the new index in.
    ///
    /// Files whose size, times and inode are unchanged since the last load are not parsed again
    /// (unless `scope` is ``ReloadScope/everything``). Reloads are serialized; verification goes on
    /// against the old index until the new one is complete.
    /// - Parameters:
    ///   - scope: How much to re-read; by default every file whose stamp changed.
    ///   - parallelism: How many threads parse files; defaults to the number of active cores.
    /// - Returns: The new index.
    /// - Throws: ``DataFolderError`` when the folder cannot be read; the previous index stays in service.
    @discardableResult
    public func reload(
        _ scope: ReloadScope = .changedFiles, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(DataFolderError) -> TokenIndex {
        let fresh = try reader.withLock { (reader) throws(DataFolderError) -> TokenIndex in
            try TokenIndex(reading: WorkTreeSource(dataFolder), with: &reader, scope: scope, parallelism: parallelism)
        }
        let older = current.withLock { current in
            defer { current = fresh }
            return current
        }
        if tracksLastUse {
            keepUsesOfAbsentTokens(fresh.carryLastUses(from: older))
        }
        return fresh
    }

    /// The last use of every token used since this verifier started (or since the uses given to
    /// ``restoreLastUses(_:)``), including tokens no longer in the index; empty unless it
    /// ``tracksLastUse``.
    public func lastUses() -> [UsageEntry] {
        var latest = usesOfAbsentTokens.withLock { $0 }
        for entry in index.lastUses() {
            latest[Self.key(entry), default: entry].keepLater(entry)
        }
        return Array(latest.values)
    }

    /// Takes over uses recorded earlier, such as a usage file's: each is noted on the token with
    /// that workspace and id, or kept aside while no such token is in the index.
    public func restoreLastUses(_ entries: [UsageEntry]) {
        keepUsesOfAbsentTokens(index.restoreLastUses(entries))
    }

    private func keepUsesOfAbsentTokens(_ entries: [UsageEntry]) {
        guard !entries.isEmpty else { return }
        usesOfAbsentTokens.withLock { kept in
            for entry in entries {
                kept[Self.key(entry), default: entry].keepLater(entry)
            }
        }
    }

    private static func key(_ entry: UsageEntry) -> String {
        "\(entry.workspace)/\(entry.id)"
    }

    /// What differs in the data folder from what the index in service was read from, by stamps
    /// (inode, size, times; no file is read): for a sweep that then reloads only what it names,
    /// with ``ReloadScope/changes(_:)``. The folder is stat'ed without holding the lock that
    /// reloads take, so a reload meanwhile is not delayed.
    ///
    /// - Throws: ``DataFolderError`` when the data folder cannot be read.
    public func changesSinceLastRead() throws(DataFolderError) -> DataFolderChanges {
        let reader = reader.withLock { $0 }
        return try reader.changes(in: WorkTreeSource(dataFolder))
    }

    /// How many files the last load or reload parsed; the others were reused unchanged.
    public var lastParsedFileCount: Int {
        reader.withLock { $0.lastParsedCount }
    }

    /// Verifies a presented token against the index in service.
    ///
    /// - Parameters:
    ///   - token: The token as presented; its UTF-8 is read in place, so a `Substring` is not copied.
    ///   - required: The scopes the request requires; none by default.
    ///   - date: The time to judge expiry at; now by default.
    /// - Returns: valid, expired, revoked, insufficient scope (with metadata), unknown or malformed.
    @inlinable
    public func verify(
        _ token: some StringProtocol, requiring required: RequiredScopes = RequiredScopes(), at date: Date = Date()
    ) -> VerificationResult {
        let result = index.verify(token, requiring: required, at: date)
        if tracksLastUse, case .valid(let token) = result {
            token.noteUse(at: date)
        }
        return result
    }
}

internal import CMemory
import Foundation

/// Verifies tokens against a data folder, with a reload that swaps in a new index atomically.
///
/// Any number of threads may call ``verify(_:at:)`` while another calls ``reload()``: each
/// verification sees either the whole old index or the whole new one. A reload builds the new
/// index off to the side; if the data folder cannot be read at all, the last good index stays.
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
    private let current: Locked<TokenIndex>
    private let cache: Locked<DataFolderReader>

    /// Loads a data folder.
    ///
    /// - Parameter dataFolder: The folder holding `<workspace>/<id>.yaml` token files.
    /// - Throws: ``DataFolderError`` when the folder cannot be read. Bad token files do not throw:
    ///   they are left out and listed in ``TokenIndex/problems``.
    public init(dataFolder: String) throws(DataFolderError) {
        self.dataFolder = dataFolder
        var cache = DataFolderReader(remembersFiles: true)
        let started = Date()
        let (table, problems) = try cache.read(
            WorkTreeSource(dataFolder), scope: .everything, parallelism: ProcessInfo.processInfo.activeProcessorCount)
        self.current = Locked(TokenIndex(table: table, problems: problems, loadedAt: started))
        self.cache = Locked(cache)
        cmemory_release_free_pages()
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
    /// - Parameter scope: How much to re-read; by default every file whose stamp changed.
    /// - Returns: The new index.
    /// - Throws: ``DataFolderError`` when the folder cannot be read; the previous index stays in service.
    @discardableResult
    public func reload(_ scope: ReloadScope = .changedFiles) throws(DataFolderError) -> TokenIndex {
        let fresh = try cache.withLock { (cache) throws(DataFolderError) -> TokenIndex in
            let started = Date()
            let (table, problems) = try cache.read(
                WorkTreeSource(dataFolder), scope: scope, parallelism: ProcessInfo.processInfo.activeProcessorCount)
            return TokenIndex(table: table, problems: problems, loadedAt: started)
        }
        current.withLock { $0 = fresh }
        cmemory_release_free_pages()
        return fresh
    }

    /// How many files the last load or reload parsed; the others were reused unchanged.
    public var lastParsedFileCount: Int {
        cache.withLock { $0.lastParsedCount }
    }

    /// Verifies a presented token against the index in service.
    ///
    /// - Parameters:
    ///   - token: The token as presented.
    ///   - date: The time to judge expiry at; now by default.
    /// - Returns: valid, expired, revoked (with metadata), unknown or malformed.
    public func verify(_ token: String, at date: Date = Date()) -> VerificationResult {
        index.verify(token, at: date)
    }
}

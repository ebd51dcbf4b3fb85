import Foundation

/// An immutable in-memory index of tokens keyed by hash: one SHA-256 and one lookup per verification.
///
/// When a hash appears in more than one file, a revoked copy wins over any active one; with no
/// revoked copy, the hash grants nothing (it is unknown): which workspace would it be?
public final class TokenIndex: Sendable {
    let table: TokenTable
    /// The files and folders that were left out, with where and why.
    public let problems: [LoadProblem]
    /// When the files were read.
    public let loadedAt: Date
    /// The workspaces that have at least one token, sorted.
    public let workspaces: [String]

    /// An index with no tokens.
    public static let empty = TokenIndex(
        snapshot: DataFolderSnapshot(records: [], problems: []), loadedAt: .distantPast)

    /// Builds an index from a loaded data folder.
    ///
    /// - Parameters:
    ///   - snapshot: The records and problems of a data folder.
    ///   - loadedAt: When the snapshot was read.
    public convenience init(snapshot: DataFolderSnapshot, loadedAt: Date = Date()) {
        self.init(
            table: TokenTableBuilder(records: snapshot.records).build(), problems: snapshot.problems, loadedAt: loadedAt
        )
    }

    init(table: TokenTable, problems: [LoadProblem], loadedAt: Date) {
        self.table = table
        self.problems = problems
        self.loadedAt = loadedAt
        var workspaces = Set<UInt32>()
        for entry in table.occupiedSlots {
            workspaces.insert(entry.workspace)
        }
        self.workspaces = workspaces.map { table.strings[Int($0)] }.sorted()
    }

    /// Loads a data folder and builds its index.
    ///
    /// - Parameters:
    ///   - dataFolder: The data folder, such as `workspace`.
    ///   - parallelism: How many threads parse files; defaults to the number of active cores.
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read.
    public convenience init(
        loading dataFolder: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(DataFolderError) {
        let started = Date()
        let (table, problems) = try DataFolderCache.loadOnce(dataFolder, parallelism: parallelism)
        self.init(table: table, problems: problems, loadedAt: started)
    }

    /// How many distinct tokens the index holds (active, expired and revoked).
    public var count: Int { table.count }

    /// How many tokens are neither revoked nor expired at `date`.
    public func activeCount(at date: Date = Date()) -> Int {
        table.answeringSlots.reduce(0) {
            let token = IndexedToken(table, slot: $1)
            return $0 + (!token.isRevoked && !token.isExpired(at: date) ? 1 : 0)
        }
    }

    /// The record for a hash, if any file holds it (and it is not active in two files).
    public func record(for hash: TokenDigest) -> TokenRecord? {
        table.find(hash).map { table.record(slot: $0) }
    }

    /// Verifies a presented token.
    ///
    /// Malformed input is rejected on its shape alone; anything else costs one SHA-256 and one lookup.
    /// - Parameters:
    ///   - token: The token as presented, such as the value of an `Authorization: Bearer` header.
    ///   - date: The time to judge expiry at.
    /// - Returns: valid, expired, revoked (each with the token's metadata), unknown or malformed.
    public func verify(_ token: String, at date: Date = Date()) -> VerificationResult {
        if let result = token.utf8.withContiguousStorageIfAvailable({ verify(UnsafeRawBufferPointer($0), at: date) }) {
            return result
        }
        return Array(token.utf8).withUnsafeBytes { verify($0, at: date) }
    }

    /// Verifies a presented token's bytes.
    package func verify(_ token: UnsafeRawBufferPointer, at date: Date) -> VerificationResult {
        guard TokenFormat.isWellFormed(token) else { return .malformed }
        guard let slot = table.find(SHA256Digester.digest(token)) else { return .unknown }
        let token = IndexedToken(table, slot: slot)
        if token.isRevoked { return .revoked(token) }
        if token.isExpired(at: date) { return .expired(token) }
        return .valid(token)
    }
}

import Foundation

/// An immutable in-memory index of tokens keyed by hash: one SHA-256 and one lookup per verification.
///
/// When a hash appears in more than one file, a revoked copy wins over any active one.
public final class TokenIndex: Sendable {
    private let tokens: [TokenDigest: TokenRecord]
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
    public init(snapshot: DataFolderSnapshot, loadedAt: Date = Date()) {
        var tokens = [TokenDigest: TokenRecord](minimumCapacity: snapshot.records.count)
        var workspaces = Set<String>()
        for record in snapshot.records {
            workspaces.insert(record.workspace)
            if let existing = tokens[record.hash], existing.revocation != nil || record.revocation == nil {
                continue
            }
            tokens[record.hash] = record
        }
        self.tokens = tokens
        self.problems = snapshot.problems
        self.loadedAt = loadedAt
        self.workspaces = workspaces.sorted()
    }

    /// Loads a data folder and builds its index.
    ///
    /// - Parameter dataFolder: The data folder, such as `workspace`.
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read.
    public convenience init(loading dataFolder: String) throws(DataFolderError) {
        let started = Date()
        self.init(snapshot: try DataFolderLoader.load(dataFolder), loadedAt: started)
    }

    /// How many distinct tokens the index holds (active, expired and revoked).
    public var count: Int { tokens.count }

    /// How many tokens are neither revoked nor expired at `date`.
    public func activeCount(at date: Date = Date()) -> Int {
        tokens.values.reduce(0) { $0 + ($1.isActive(at: date) ? 1 : 0) }
    }

    /// The record for a hash, if any file holds it.
    public func record(for hash: TokenDigest) -> TokenRecord? {
        tokens[hash]
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
        guard let record = tokens[SHA256Digester.current.digest(token)] else { return .unknown }
        if record.revocation != nil { return .revoked(record) }
        if record.isExpired(at: date) { return .expired(record) }
        return .valid(record)
    }
}

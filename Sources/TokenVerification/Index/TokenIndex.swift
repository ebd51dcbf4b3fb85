import Foundation

/// What reading a data folder gives: every token whose file loaded, the policy files, the problems
/// of the files and folders that did not load, and an immutable hash index for verification (one
/// SHA-256 and one lookup).
///
/// When a hash appears in more than one file, a revoked copy wins over any active one; with no
/// revoked copy, the hash grants nothing (it is unknown): which workspace would it be? Each
/// workspace's policy (SPEC §8) is enforced: `max_lifetime` expires a token early, only scopes in
/// `allowed_scopes` are granted, and a bad policy file makes the tokens it governs grant nothing.
public final class TokenIndex: Sendable {
    let table: TokenTable
    /// The files and folders that were left out, with where and why.
    public let problems: [LoadProblem]
    /// When the files were read.
    public let loadedAt: Date
    /// The workspaces that have at least one token, sorted.
    public let workspaces: [String]
    /// The policy files.
    public let policies: DataFolderPolicies
    /// The rules of each workspace, by the number of its name in the table's strings; empty when
    /// there is no policy file, so that every workspace is open.
    private let rulesByString: [WorkspaceRules]
    /// The expiry times of the tokens that answer and are not revoked, sorted, and how many are
    /// revoked, so that counting the tokens in each state at any time is a binary search: made by
    /// the first count, which a load does not wait for.
    private let expiries = Locked<SortedExpiries?>(nil)

    /// An index with no tokens.
    public static let empty = TokenIndex(
        DataFolderRead(table: TokenTableBuilder().build(), problems: [], workspaces: [], policies: .none),
        loadedAt: .distantPast)

    init(_ read: DataFolderRead, loadedAt: Date) {
        self.table = read.table
        self.problems = read.problems
        self.workspaces = read.workspaces
        self.policies = read.policies
        self.loadedAt = loadedAt
        self.rulesByString = Self.rules(read.policies, strings: read.table.strings)
    }

    /// Each string's rules, should it be a workspace's name: the root policy's, or the workspace's
    /// own merged over it.
    private static func rules(_ policies: DataFolderPolicies, strings: [String]) -> [WorkspaceRules] {
        guard !policies.isEmpty else { return [] }
        let rootRules =
            policies.root == nil
            ? WorkspaceRules.open : WorkspaceRules(EffectivePolicy(root: policies.root, workspace: nil))
        var rules = [WorkspaceRules](repeating: rootRules, count: strings.count)
        guard !policies.workspaces.isEmpty else { return rules }
        for (number, string) in strings.enumerated() where policies.workspaces[string] != nil {
            rules[number] = WorkspaceRules(policies.effective(forWorkspace: string))
        }
        return rules
    }

    /// The rules of the workspace whose name is string `number`.
    @inline(__always)
    private func rules(forWorkspace number: UInt32) -> WorkspaceRules {
        rulesByString.isEmpty ? .open : rulesByString[Int(number)]
    }

    /// The token in `slot`, with its workspace's rules.
    private func token(slot: Int) -> IndexedToken {
        IndexedToken(table, slot: slot, rules: rules(forWorkspace: table.slot(slot).workspace))
    }

    /// What `workspace` allows: its policy file's keys over the root file's, and any bad file among them.
    public func policy(forWorkspace workspace: String) -> EffectivePolicy {
        policies.effective(forWorkspace: workspace)
    }

    /// Reads a whole data folder from the work tree.
    ///
    /// - Parameters:
    ///   - dataFolder: The data folder, such as `workspace`.
    ///   - parallelism: How many threads read files; defaults to the number of active cores.
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read. Bad files do not
    ///   throw: they are left out and listed in ``problems``.
    public convenience init(
        loading dataFolder: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(DataFolderError) {
        try self.init(reading: WorkTreeSource(dataFolder), parallelism: parallelism)
    }

    /// Reads one workspace of a data folder from the work tree; a workspace with no folder yet has
    /// no tokens.
    ///
    /// - Throws: ``DataFolderError`` when the workspace folder exists but cannot be read.
    public convenience init(
        loading dataFolder: String, workspace: String,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(DataFolderError) {
        try self.init(reading: WorkTreeSource(dataFolder, extent: .workspace(workspace)), parallelism: parallelism)
    }

    /// Reads a data folder from `source`.
    ///
    /// - Throws: `Source.Failure` when the source cannot list or read the folder.
    package convenience init<Source: DataFolderSource>(
        reading source: Source, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(Source.Failure) {
        var reader = DataFolderReader(remembersFiles: false)
        try self.init(reading: source, with: &reader, scope: .everything, parallelism: parallelism)
    }

    /// Reads `source` with `reader`, which parses what `scope` asks for and reuses the rest.
    convenience init<Source: DataFolderSource>(
        reading source: Source, with reader: inout DataFolderReader, scope: ReloadScope, parallelism: Int
    ) throws(Source.Failure) {
        let started = Date()
        self.init(try reader.read(source, scope: scope, parallelism: parallelism), loadedAt: started)
    }

    /// Whether this index was made by patching the previous one with a few changed files, rather
    /// than built whole.
    package var isPatched: Bool { !table.isInFolderOrder }

    /// How many distinct tokens the index holds (active, expired and revoked).
    public var count: Int { table.count }

    /// Every token whose file loaded, in data-folder order (workspace, then file name), revoked and
    /// expired ones too, each copy of a hash held by several files on its own.
    ///
    /// - Parameter includingRefusedCopies: Whether to include the copies of a hash that stands
    ///   active in two files with no revoked copy: they grant nothing and are each in ``problems``.
    public func tokens(includingRefusedCopies: Bool = false) -> [IndexedToken] {
        let refused = includingRefusedCopies ? [] : Set(table.ambiguousEntries)
        let tokens = (0..<table.entryCount).compactMap {
            refused.contains($0) || !table.isPresent(entry: $0)
                ? nil : token(slot: table.slot(ofEntry: $0))
        }
        guard !table.isInFolderOrder else { return tokens }
        return tokens.sorted {
            $0.workspace == $1.workspace
                ? $0.id < $1.id : $0.workspace.utf8.lexicographicallyPrecedes($1.workspace.utf8)
        }
    }

    /// How many tokens are neither revoked nor expired at `date`, and not denied by a bad policy.
    public func activeCount(at date: Date = Date()) -> Int {
        sortedExpiries().count(validAt: date.timeIntervalSince1970)
    }

    /// How many distinct tokens are active, expired and revoked at `date`, and how many of the
    /// active ones reach the end of their life within `window` seconds. After the first call on an
    /// index, no call walks the table: each is a few binary searches.
    public func stateCounts(at date: Date = Date(), expiringWithin window: TimeInterval) -> TokenStateCounts {
        sortedExpiries().counts(at: date.timeIntervalSince1970, expiringWithin: window)
    }

    /// The tokens' ends of life, sorted by the first caller and kept.
    private func sortedExpiries() -> SortedExpiries {
        expiries.withLock { sorted in
            if let sorted { return sorted }
            var revoked = 0
            let ends = table.answeringSlots.compactMap { index -> Double? in
                let slot = table.slot(index)
                guard slot.revokedBy == TokenTable.notRevoked else {
                    revoked += 1
                    return nil
                }
                let rules = rules(forWorkspace: slot.workspace)
                guard !rules.deniesAll else { return nil }
                return rules.expiry(createdAt: slot.createdAt, expiresAt: slot.expiresAt)
            }
            let made = SortedExpiries(unsorted: ends, revokedCount: revoked)
            sorted = made
            return made
        }
    }

    /// The record for a hash, if any file holds it (and it is not active in two files).
    public func record(for hash: TokenDigest) -> TokenRecord? {
        table.find(hash).map { table.record(slot: $0) }
    }

    /// Verifies a presented token.
    ///
    /// Malformed input is rejected on its shape alone; anything else costs one SHA-256 and one lookup.
    /// The token's UTF-8 is read in place: a `Substring` of a header value is not copied.
    /// - Parameters:
    ///   - token: The token as presented, such as the value of an `Authorization: Bearer` header.
    ///   - required: The scopes the request requires; none by default.
    ///   - date: The time to judge expiry at.
    /// - Returns: valid, expired, revoked, insufficient scope (each with the token's metadata),
    ///   unknown or malformed. A token whose workspace's policy file is bad is unknown: it grants
    ///   nothing, as if its own file were bad.
    @inlinable
    public func verify(
        _ token: some StringProtocol, requiring required: RequiredScopes = RequiredScopes(), at date: Date = Date()
    ) -> VerificationResult {
        if let result = token.utf8.withContiguousStorageIfAvailable({
            verify(UnsafeRawBufferPointer($0), requiring: required, at: date)
        }) {
            return result
        }
        return Array(token.utf8).withUnsafeBytes { verify($0, requiring: required, at: date) }
    }

    /// Verifies a presented token's bytes.
    @usableFromInline
    package func verify(
        _ token: UnsafeRawBufferPointer, requiring required: RequiredScopes, at date: Date
    ) -> VerificationResult {
        guard TokenFormat.isWellFormed(token) else { return .malformed }
        guard let slot = table.find(SHA256Digester.digest(token)) else { return .unknown }
        let token = self.token(slot: slot)
        if token.isRevoked { return .revoked(token) }
        if token.isDeniedByPolicy { return .unknown }
        if token.isExpired(at: date) { return .expired(token) }
        if !token.grants(required) { return .insufficientScope(token) }
        return .valid(token)
    }
}

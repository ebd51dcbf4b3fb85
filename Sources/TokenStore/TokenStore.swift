import Foundation
import TokenVerification

/// The writing side: generates and revokes tokens in a data folder.
///
/// Every change takes the workspace's lock, checks what it must against the files on disk, and
/// writes one file atomically, so concurrent writers take turns and a crash loses nothing.
public struct TokenStore: Sendable {
    /// The data folder, such as `workspace`.
    public let dataFolder: String

    /// Creates a store for `dataFolder`.
    public init(dataFolder: String) {
        self.dataFolder = dataFolder
    }

    /// A freshly generated token: the secret (to show once) and what was written.
    public struct GeneratedToken {
        /// The secret, to print once and forget.
        public let secret: TokenSecret
        /// The metadata written to the token file.
        public let record: TokenRecord
        /// The token file's path.
        public let path: String
        /// Files of the workspace that could not be read (they were ignored for the name check).
        public let problems: [LoadProblem]
    }

    /// Generates a token, writes its file and delivers its secret.
    ///
    /// The token is held to its workspace's effective policy (the root `policy.yaml` and the
    /// workspace's own, key by key) before anything is written, even the workspace's folder.
    /// - Parameters:
    ///   - workspace: The workspace slug; its folder is created if absent.
    ///   - name: The token's label, unique among the workspace's active tokens.
    ///   - expiry: How long the token lives; `nil` for the policy's `default_expiry`, else 30 days.
    ///   - scopes: The token's scope names (repeats are dropped; written sorted); `nil` or empty for
    ///     an unscoped token.
    ///   - createdBy: Who generates it.
    ///   - now: The creation time (rounded down to the second).
    ///   - deliver: Hands the secret over once the file is written (by default, nothing: the caller
    ///     takes the secret from the result); when it throws, the file is removed.
    /// - Returns: The secret and the written record.
    /// - Throws: ``TokenStoreError`` for invalid input, a name in use, what the policy forbids (or
    ///   a bad policy file), a failed write or a failed delivery; nothing is kept.
    public func generate(
        workspace: String, name: String, expiry: ExpiryRequest?, scopes: [String]? = nil, createdBy: String,
        now: Date = Date(), deliver: Delivery = { _ in }
    ) throws(TokenStoreError) -> GeneratedToken {
        let now = Self.wholeSeconds(now)
        try Self.checkWorkspace(workspace)
        try Self.checkLabel(name, field: "name")
        try Self.checkLabel(createdBy, field: "created_by")
        let scopes = try Self.scopeList(scopes ?? [])
        func template(in existing: TokenIndex) throws(TokenStoreError) -> TokenRecord {
            let policy = try NewTokenPolicy(existing.policy(forWorkspace: workspace))
            let chosen = policy.expiry(expiry)
            let record = TokenRecord(
                workspace: workspace, name: name, createdBy: createdBy, createdAt: now,
                expiresAt: try chosen.request.expiresAt(generatedAt: now), scopes: scopes,
                hash: TokenDigest.placeholder)
            try policy.check(record, expiry: chosen, scopes: .option)
            return record
        }
        // A new workspace has no tokens yet: refuse what the root policy forbids before making its
        // folder. When the data folder cannot be read, making the folder below says why.
        if !FileManager.default.fileExists(atPath: "\(dataFolder)/\(workspace)"),
            let empty = try? loadWorkspace(workspace)
        {
            _ = try template(in: empty)
        }
        let folder = try createWorkspaceFolder(workspace)
        let lock = try WorkspaceLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }

        let existing = try loadWorkspace(workspace)
        let checked = try template(in: existing)
        try Self.checkNameIsFree(name, in: existing, at: now, except: [])
        let generated = try writeNewToken(checked, in: folder, problems: existing.problems)
        try self.deliver(generated, in: folder, with: deliver)
        return generated
    }

    /// `names` as a token's `scopes`: sorted byte by byte without repeats, or `nil` when empty.
    ///
    /// - Throws: ``TokenStoreError/invalidScopes(problem:)`` for a name that is not a scope name, or
    ///   more than ``TokenScope/maximumCount`` names.
    static func scopeList(_ names: [String]) throws(TokenStoreError) -> [String]? {
        if let problem = TokenScope.problem(withNames: names) {
            throw .invalidScopes(problem: problem)
        }
        return names.isEmpty ? nil : TokenScope.line(names).split(separator: " ").map(String.init)
    }

    /// Locks an existing workspace, loads it, finds the token `reference` names, and runs `body`
    /// under the lock with the token, the workspace's files and its folder.
    ///
    /// With `wholeWorkspace` false, a reference that is the id of a valid token file is resolved by
    /// reading that one file, and `body` gets an index of just that token: what a revocation needs,
    /// in the time of one file instead of the workspace's.
    /// - Throws: ``TokenStoreError`` for a bad or missing workspace, or no single matching token.
    func withToken<Result>(
        _ reference: String, in workspace: String, wholeWorkspace: Bool = true,
        _ body: (TokenRecord, TokenIndex, String) throws(TokenStoreError) -> Result
    ) throws(TokenStoreError) -> Result {
        try Self.checkWorkspace(workspace)
        let folder = "\(dataFolder)/\(workspace)"
        guard FileManager.default.fileExists(atPath: folder) else {
            throw .noWorkspace(workspace, dataFolder: dataFolder)
        }
        let lock = try WorkspaceLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        if !wholeWorkspace, Hex.isLowercaseHex(reference, count: 12),
            let byID = try? TokenIndex(
                reading: WorkTreeSource(dataFolder, extent: .file(workspace: workspace, id: reference))),
            let token = byID.tokens().first
        {
            return try body(token.record, byID, folder)
        }
        let existing = try loadWorkspace(workspace)
        return try body(try TokenReference.resolve(reference, in: existing, workspace: workspace), existing, folder)
    }

    /// Draws a secret whose id no file of the workspace has, and writes `template` with its hash.
    ///
    /// The caller holds the workspace's lock.
    func writeNewToken(
        _ template: TokenRecord, in folder: String, problems: [LoadProblem]
    ) throws(TokenStoreError) -> GeneratedToken {
        var secret = try TokenSecretGenerator.generate()
        // Ids are 48 bits: on the rare collision with any file of the workspace, draw another secret.
        while FileManager.default.fileExists(atPath: "\(folder)/\(secret.hash.id).yaml") {
            secret = try TokenSecretGenerator.generate()
        }
        var record = template
        record.hash = secret.hash
        try AtomicFileWriter.write(try TokenFileEncoder.encode(record), folder: folder, fileName: "\(record.id).yaml")
        return GeneratedToken(secret: secret, record: record, path: "\(folder)/\(record.id).yaml", problems: problems)
    }

    /// Refuses `name` when an active token of the workspace, other than those in `exceptions`, has it.
    static func checkNameIsFree(
        _ name: String, in existing: TokenIndex, at now: Date, except exceptions: Set<String>
    ) throws(TokenStoreError) {
        let clash = existing.tokens().first {
            $0.name == name && $0.isActive(at: now) && !exceptions.contains($0.id)
        }
        if let clash {
            throw .nameInUse(heldBy: clash.id, workspace: clash.workspace)
        }
    }

    /// `date` rounded down to the second, as token files store times.
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// What a revocation did.
    public struct Revocation: Sendable {
        /// The token's record, with its tombstone.
        public let record: TokenRecord
        /// The token file's path.
        public let path: String
        /// Whether the token was revoked already, in which case nothing was written.
        public let wasAlreadyRevoked: Bool
    }

    /// Revokes a token by adding the tombstone keys to its file.
    ///
    /// - Parameters:
    ///   - workspace: The workspace slug.
    ///   - reference: The token's id, or the name of exactly one of the workspace's unrevoked tokens.
    ///   - revokedBy: Who revokes it, evaluated and checked only once the token is found (also when
    ///     it is revoked already): a caller may still be finding it out meanwhile (the CLI reads
    ///     `git config`).
    ///   - now: The revocation time (rounded down to the second).
    /// - Returns: The revoked record.
    /// - Throws: ``TokenStoreError`` when no token or more than one matches, `revokedBy` is not a
    ///   valid label, or the write fails.
    public func revoke(
        workspace: String, reference: String, revokedBy: @autoclosure () -> String, now: Date = Date()
    ) throws(TokenStoreError) -> Revocation {
        let now = Self.wholeSeconds(now)
        return try withToken(reference, in: workspace, wholeWorkspace: false) {
            (found, _, folder) throws(TokenStoreError) in
            try revoke(found, in: folder, revokedBy: revokedBy(), now: now)
        }
    }

    /// Writes the tombstone into `found`'s file in `folder`, unless it has one already; `revokedBy`
    /// is checked either way. The caller holds the workspace's lock.
    func revoke(
        _ found: TokenRecord, in folder: String, revokedBy: @autoclosure () -> String, now: Date
    ) throws(TokenStoreError) -> Revocation {
        let actor = revokedBy()
        try Self.checkLabel(actor, field: "revoked_by")
        var record = found
        let path = "\(folder)/\(record.id).yaml"
        if record.revocation != nil {
            return Revocation(record: record, path: path, wasAlreadyRevoked: true)
        }
        record.revocation = .init(revokedBy: actor, revokedAt: now)
        let location = TokenFileLocation(dataFolder: dataFolder, workspace: record.workspace, id: record.id)
        try AtomicFileWriter.write(
            try TombstoneAppender.revisedFile(at: location, revoked: record), folder: folder,
            fileName: "\(record.id).yaml")
        return Revocation(record: record, path: path, wasAlreadyRevoked: false)
    }

    func createWorkspaceFolder(_ workspace: String) throws(TokenStoreError) -> String {
        let folder = "\(dataFolder)/\(workspace)"
        for path in [dataFolder, folder] where mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .fileSystem(.createFolder, path: path, errno: errno)
        }
        return folder
    }

    func loadWorkspace(_ workspace: String) throws(TokenStoreError) -> TokenIndex {
        do throws(DataFolderError) {
            return try TokenIndex(loading: dataFolder, workspace: workspace)
        } catch {
            throw .unreadableDataFolder(error)
        }
    }

    static func checkWorkspace(_ workspace: String) throws(TokenStoreError) {
        guard WorkspaceSlug.isValid(workspace) else {
            throw .invalidWorkspace(workspace)
        }
    }

    static func checkLabel(_ text: String, field: String) throws(TokenStoreError) {
        if let problem = TokenLabel.problem(with: text, field: field) {
            throw .invalidLabel(field: field, problem: problem)
        }
    }
}

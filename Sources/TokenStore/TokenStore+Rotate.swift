import Foundation
import TokenVerification

extension TokenStore {
    /// What a rotation did: the successor (whose secret to show once) and the changed predecessor.
    public struct Rotation {
        /// The new token, `rotated_from` the old one.
        public let successor: GeneratedToken
        /// The old token after the change: revoked, or with its expiry shortened to the overlap.
        public let predecessor: TokenRecord
        /// The old token's file.
        public let predecessorPath: String
    }

    /// Replaces a token with a new one of the same name, expiry period and scopes, unless other ones
    /// are given.
    ///
    /// The successor is written first and its secret delivered, so a crash in between leaves both
    /// tokens working rather than neither, and a failed delivery removes the successor before the
    /// old token's file is touched. Then the old token is revoked now, or, with `overlap`, its
    /// `expires_at` is brought forward to now + overlap (never pushed back). The successor is held
    /// to the workspace's effective policy before anything is written; when what it would carry over
    /// breaks it, the refusal names the option to give instead.
    /// - Parameters:
    ///   - workspace: The workspace slug.
    ///   - reference: The old token's id, or the name of exactly one unrevoked token.
    ///   - overlap: How long the old token keeps working, or `nil` to revoke it now.
    ///   - expiry: How long the successor lives; `nil` to carry the old token's period
    ///     (`expires_at` − `created_at`) over.
    ///   - scopes: The successor's scope names (repeats are dropped); `nil` or empty to carry the old
    ///     token's over.
    ///   - actor: Who rotates: the successor's `created_by` and the old token's `revoked_by`.
    ///   - now: The time of the rotation (rounded down to the second).
    ///   - deliver: Hands the successor's secret over (by default, nothing: the caller takes it from
    ///     the result); when it throws, the successor's file is removed and the old file left as it was.
    /// - Throws: ``TokenStoreError`` when the token is missing, ambiguous or revoked, the scopes are
    ///   invalid, the policy forbids the successor (or a policy file is bad), a write fails, or the
    ///   delivery fails.
    public func rotate(
        workspace: String, reference: String, overlap: TimeInterval?, expiry: ExpiryRequest? = nil,
        scopes: [String]? = nil, actor: String, now: Date = Date(), deliver: Delivery = { _ in }
    ) throws(TokenStoreError) -> Rotation {
        let now = Self.wholeSeconds(now)
        try Self.checkLabel(actor, field: "created_by")
        let scopes = try Self.scopeList(scopes ?? [])
        return try withToken(reference, in: workspace) { (found, existing, folder) throws(TokenStoreError) in
            try rotate(
                found, existing: existing, folder: folder, overlap: overlap, expiry: expiry, scopes: scopes,
                actor: actor, now: now, deliver: deliver)
        }
    }

    private func rotate(
        _ found: TokenRecord, existing: TokenIndex, folder: String, overlap: TimeInterval?, expiry: ExpiryRequest?,
        scopes: [String]?, actor: String, now: Date, deliver: Delivery
    ) throws(TokenStoreError) -> Rotation {
        var old = found
        guard old.revocation == nil else {
            throw .tokenRevoked(id: old.id)
        }
        let policy = try NewTokenPolicy(existing.policy(forWorkspace: old.workspace))
        // The old token and its own predecessor (still in a rotation's overlap) may share the name.
        try Self.checkNameIsFree(old.name, in: existing, at: now, except: [old.id, old.rotatedFrom ?? ""])
        let period = old.expiresAt.map { ExpiryRequest.period($0.timeIntervalSince(old.createdAt)) } ?? .never
        let chosen: (request: ExpiryRequest, origin: NewTokenPolicy.ExpiryOrigin) =
            expiry.map { ($0, .option) } ?? (period, .carried(from: old.id))
        let template = TokenRecord(
            workspace: old.workspace, name: old.name, createdBy: actor, createdAt: now,
            expiresAt: try chosen.request.expiresAt(generatedAt: now), scopes: scopes ?? old.scopes,
            hash: TokenDigest.placeholder, rotatedFrom: old.id)
        try policy.check(template, expiry: chosen, scopes: scopes == nil ? .carried(from: old.id) : .option)
        let successor = try writeNewToken(template, in: folder, problems: existing.problems)
        try self.deliver(successor, in: folder, with: deliver)

        let location = TokenFileLocation(dataFolder: dataFolder, workspace: old.workspace, id: old.id)
        if let overlap {
            let end = now.addingTimeInterval(overlap)
            if old.expiresAt.map({ end < $0 }) ?? true {
                old.expiresAt = end
                try AtomicFileWriter.write(try TokenFileEncoder.encode(old), folder: folder, fileName: "\(old.id).yaml")
            }
        } else {
            old.revocation = .init(revokedBy: actor, revokedAt: now)
            try AtomicFileWriter.write(
                try TombstoneAppender.revisedFile(at: location, revoked: old), folder: folder,
                fileName: "\(old.id).yaml")
        }
        return Rotation(successor: successor, predecessor: old, predecessorPath: location.path)
    }
}

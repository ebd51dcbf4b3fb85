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

    /// Replaces a token with a new one of the same name and expiry period.
    ///
    /// The successor is written first and its secret delivered, so a crash in between leaves both
    /// tokens working rather than neither, and a failed delivery removes the successor before the
    /// old token's file is touched. Then the old token is revoked now, or, with `overlap`, its
    /// `expires_at` is brought forward to now + overlap (never pushed back).
    /// - Parameters:
    ///   - workspace: The workspace slug.
    ///   - reference: The old token's id, or the name of exactly one unrevoked token.
    ///   - overlap: How long the old token keeps working, or `nil` to revoke it now.
    ///   - actor: Who rotates: the successor's `created_by` and the old token's `revoked_by`.
    ///   - now: The time of the rotation (rounded down to the second).
    ///   - deliver: Hands the successor's secret over (by default, nothing: the caller takes it from
    ///     the result); when it throws, the successor's file is removed and the old file left as it was.
    /// - Throws: ``TokenStoreError`` when the token is missing, ambiguous or revoked, a write fails, or
    ///   the delivery fails.
    public func rotate(
        workspace: String, reference: String, overlap: TimeInterval?, actor: String, now: Date = Date(),
        deliver: Delivery = { _ in }
    ) throws(TokenStoreError) -> Rotation {
        let now = Self.wholeSeconds(now)
        try Self.checkLabel(actor, field: "created_by")
        return try withToken(reference, in: workspace) { (found, existing, folder) throws(TokenStoreError) in
            try rotate(
                found, existing: existing, folder: folder, overlap: overlap, actor: actor, now: now, deliver: deliver)
        }
    }

    private func rotate(
        _ found: TokenRecord, existing: TokenIndex, folder: String, overlap: TimeInterval?, actor: String,
        now: Date, deliver: Delivery
    ) throws(TokenStoreError) -> Rotation {
        var old = found
        guard old.revocation == nil else {
            throw .tokenRevoked(id: old.id)
        }
        // The old token and its own predecessor (still in a rotation's overlap) may share the name.
        try Self.checkNameIsFree(old.name, in: existing, at: now, except: [old.id, old.rotatedFrom ?? ""])
        let template = TokenRecord(
            workspace: old.workspace, name: old.name, createdBy: actor, createdAt: now,
            expiresAt: old.expiresAt.map { now.addingTimeInterval($0.timeIntervalSince(old.createdAt)) },
            hash: TokenDigest.placeholder, rotatedFrom: old.id)
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

import Foundation
import TokenVerification

extension TokenStore {
    /// Revokes the token with hash `hash` in `workspace`, whatever its state: an expired token is
    /// revoked too, so that a leak is on record.
    ///
    /// The token's file is found by the hash's id and read under the workspace's lock; it must hold
    /// that hash, so a file replaced since the caller looked is never revoked in its place.
    /// - Parameters:
    ///   - hash: The token's SHA-256, such as the hash of a token found in a leaked log.
    ///   - workspace: The workspace whose file holds it.
    ///   - revokedBy: Who revokes it.
    ///   - now: The revocation time (rounded down to the second).
    /// - Returns: The revoked record, or the record as it was when it had a tombstone already.
    /// - Throws: ``TokenStoreError`` when the workspace has no file with that hash, or the write fails.
    public func revoke(
        hash: TokenDigest, workspace: String, revokedBy: String, now: Date = Date()
    ) throws(TokenStoreError) -> Revocation {
        let now = Self.wholeSeconds(now)
        try Self.checkLabel(revokedBy, field: "revoked_by")  // refused up front, even for a token revoked already
        return try withToken(hash.id, in: workspace, wholeWorkspace: false) {
            (found, _, folder) throws(TokenStoreError) in
            guard found.hash == hash else {
                throw .noSuchToken(reference: hash.id, workspace: workspace)
            }
            return try revoke(found, in: folder, revokedBy: revokedBy, now: now)
        }
    }
}

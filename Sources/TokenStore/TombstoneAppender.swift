import Foundation
import TokenVerification

/// Revokes a token with the smallest diff: the tombstone lines appended to the file as it is.
///
/// A file that tokenctl wrote gets the same bytes either way. A file written by hand or by another
/// tool keeps its own quoting and layout, so the pull request shows two added lines and nothing
/// else. When appending would not read back as exactly the revoked record (a flow mapping, say),
/// the whole file is re-encoded instead.
enum TombstoneAppender {
    /// The new bytes of the token file at `location`, holding `revoked`.
    ///
    /// - Throws: ``TokenStoreError`` when the file cannot be read or libyaml fails.
    static func revisedFile(at location: TokenFileLocation, revoked: TokenRecord) throws(TokenStoreError) -> [UInt8] {
        guard let revocation = revoked.revocation,
            let original = FileManager.default.contents(atPath: location.path),
            original.count <= TokenFileLimits.maximumFileSize
        else {
            return try TokenFileEncoder.encode(revoked)
        }
        var candidate = Array(original)
        if candidate.last != UInt8(ascii: "\n") {
            candidate.append(UInt8(ascii: "\n"))
        }
        candidate += try TokenFileEncoder.tombstone(revocation)
        let reread = candidate.withUnsafeBytes { bytes in
            try? TokenFileParser.record(parsing: bytes, location: location)
        }
        return reread == revoked ? candidate : try TokenFileEncoder.encode(revoked)
    }
}

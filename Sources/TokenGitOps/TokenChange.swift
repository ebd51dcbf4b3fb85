import Foundation
import TokenVerification

/// One change to one token between two revisions of the data folder.
public struct TokenChange: Hashable, Sendable {
    /// What happened. Cases from ``tombstoneRemoved`` on are warnings: changes a reviewer must look at.
    public enum Kind: String, CaseIterable, Sendable, Comparable {
        /// A new token file (not a rotation's successor).
        case generated
        /// A tombstone was added.
        case revoked
        /// A new token replaces an old one (`rotated_from`).
        case rotated
        /// `expires_at` moved earlier.
        case expiryShortened = "expiry_shortened"
        /// The name changed.
        case renamed
        /// A token file lost its tombstone: the token works again.
        case tombstoneRemoved = "tombstone_removed"
        /// A hash revoked at the base is active at the head in another file.
        case reactivated
        /// A token file was deleted instead of revoked: the audit trail is gone.
        case fileDeleted = "file_deleted"
        /// `expires_at` moved later, or became `never`.
        case expiryExtended = "expiry_extended"
        /// A new token that never expires.
        case neverExpiring = "never_expiring_added"
        /// A token file at the head that does not load (it grants nothing).
        case unreadable = "unreadable_file"

        /// Whether this kind is flagged as a warning.
        public var isWarning: Bool {
            self >= .tombstoneRemoved
        }

        /// The order of the cases as declared.
        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            let order = Kind.allCases
            return order.firstIndex(of: lhs) ?? 0 < order.firstIndex(of: rhs) ?? 0
        }
    }

    /// What happened.
    public var kind: Kind
    /// The workspace.
    public var workspace: String
    /// The token's id (or, for an unreadable file, its file name without `.yaml`).
    public var id: String
    /// The token's name at the head (at the base for a deleted file).
    public var name: String
    /// Who made the change, when the file says: `created_by` or `revoked_by`.
    public var actor: String?
    /// The value before: the old name, the old expiry, or the replaced token's id.
    public var before: String?
    /// The value after: the new name, the new expiry, or the problem of an unreadable file.
    public var after: String?

    /// Creates a change.
    public init(
        kind: Kind, workspace: String, id: String, name: String, actor: String? = nil, before: String? = nil,
        after: String? = nil
    ) {
        self.kind = kind
        self.workspace = workspace
        self.id = id
        self.name = name
        self.actor = actor
        self.before = before
        self.after = after
    }
}

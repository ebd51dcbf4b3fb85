import Foundation
import TokenVerification

/// One change between two revisions: to a token, to a policy file or a workspace's effective policy,
/// to another entry under the data folder, or to a repository file that changes how the data folder
/// is read.
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
        /// Another key changed (``TokenChange/key`` names it): `created_by`, `created_at` moved
        /// earlier, `rotated_from`, `revoked_by`, `revoked_at`, `scopes` narrowed.
        case keyChanged = "key_changed"
        /// A token or policy file's bytes or mode changed while every value stayed the same.
        case fileRewritten = "file_rewritten"
        /// A `.gitkeep` file was added, changed or deleted: the one kind of non-token entry allowed.
        case gitkeepChanged = "gitkeep_changed"
        /// A policy file was added (its keys are ``policyKeyChanged`` changes).
        case policyAdded = "policy_added"
        /// A key of a policy file was set, changed or removed (``TokenChange/key`` names it).
        case policyKeyChanged = "policy_key_changed"
        /// A workspace's effective policy allows less under one key (``TokenChange/affected`` says how
        /// many active tokens it expires or denies), or a bad policy file now governs it.
        case policyTightened = "policy_tightened"
        /// A token file lost its tombstone: the token works again.
        case tombstoneRemoved = "tombstone_removed"
        /// A hash revoked at the base is active at the head in another file.
        case reactivated
        /// A new or changed active token's hash was revoked somewhere in the repository's history.
        case revokedInHistory = "revoked_in_history"
        /// A new or changed active token's hash also stands active in another workspace.
        case activeElsewhere = "active_in_another_workspace"
        /// `hash` changed under an existing id: a different secret.
        case hashChanged = "hash_changed"
        /// A token file was deleted instead of revoked: the audit trail is gone.
        case fileDeleted = "file_deleted"
        /// `expires_at` moved later, or became `never`.
        case expiryExtended = "expiry_extended"
        /// A token's scopes grew: a scope added, or the `scopes` key removed (unscoped passes every check).
        case scopesGrown = "scopes_grown"
        /// `created_at` moved later: the token's life under a `max_lifetime` grows.
        case createdAtLater = "created_at_later"
        /// A new token that never expires.
        case neverExpiring = "never_expiring_added"
        /// A new or changed active token breaks its workspace's policy (one change per key).
        case breaksPolicy = "breaks_policy"
        /// A workspace's effective policy allows more under one key, or a bad policy file that
        /// governed it is readable again.
        case policyLoosened = "policy_loosened"
        /// A policy file was deleted.
        case policyDeleted = "policy_file_deleted"
        /// An entry under the data folder that is not a regular token file nor a `.gitkeep`: any other
        /// file, a symlink, a submodule, a folder that is not a workspace, or a type change.
        case nonTokenEntry = "non_token_entry"
        /// A token file at the head that does not load (it grants nothing).
        case unreadable = "unreadable_file"
        /// A policy file at the head that does not load: every token it governs grants nothing.
        case policyUnreadable = "unreadable_policy_file"
        /// A `.gitattributes` file changed anywhere in the repository.
        case gitattributesChanged = "gitattributes_changed"
        /// A file under the repository's `hooks/` folder changed.
        case hooksChanged = "hooks_changed"
        /// The clone is shallow, so revocations older than its history could not be checked.
        case historyIncomplete = "history_incomplete"

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
    /// The workspace, or empty for an entry outside any workspace folder.
    public var workspace: String
    /// The token's id (for an unreadable file, its file name without `.yaml`); empty for an entry
    /// that is not a token file.
    public var id: String
    /// The token's name at the head (at the base for a deleted file).
    public var name: String
    /// Who made the change, when the file says: `created_by` or `revoked_by`.
    public var actor: String?
    /// The changed key: for ``Kind/keyChanged`` `created_by`, `created_at`, …; for a policy change
    /// `max_lifetime`, `allowed_scopes`, … (none when a bad policy file is the change).
    public var key: String?
    /// The entry's path in the repository, when the change is about one file.
    public var path: String?
    /// The value before: the old name, expiry, key value, hash or entry type, or the replaced token's id.
    public var before: String?
    /// The value after: the new name, expiry, key value, hash or entry type, or the problem of an
    /// unreadable file.
    public var after: String?
    /// The scopes of a generated or rotated token, sorted; `nil` for an unscoped token.
    public var scopes: [String]?
    /// For ``Kind/policyTightened`` and ``Kind/policyLoosened``: how many tokens active at the head
    /// the change expires, denies, or lets grant again.
    public var affected: Int?
}

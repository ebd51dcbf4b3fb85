import Foundation
import TokenVerification

/// Compares two snapshots of a data folder and lists what changed, token by token.
public enum TokenDiffer {
    /// The changes from `base` to `head`, sorted by workspace, kind and id.
    ///
    /// - Parameters:
    ///   - base: The data folder at the base revision.
    ///   - head: The data folder at the head revision (or the work tree).
    /// - Returns: Every change; a token can have several (renamed and expiry extended, say).
    public static func changes(from base: DataFolderSnapshot, to head: DataFolderSnapshot) -> [TokenChange] {
        let before = Dictionary(base.records.map { (key($0), $0) }) { first, _ in first }
        let after = Dictionary(head.records.map { (key($0), $0) }) { first, _ in first }
        let revokedAtBase = Set(base.records.filter { $0.revocation != nil }.map(\.hash))
        var changes: [TokenChange] = []
        for record in head.records {
            if let old = before[key(record)] {
                changes += compare(old, record)
            } else {
                changes += added(record, base: before)
                if revokedAtBase.contains(record.hash) && record.revocation == nil {
                    changes.append(change(.reactivated, record))
                }
            }
        }
        for record in base.records where after[key(record)] == nil {
            var deleted = change(.fileDeleted, record)
            deleted.before = record.revocation == nil ? "active" : "revoked"
            changes.append(deleted)
        }
        for problem in head.problems {
            let parts = problem.path.split(separator: "/")
            let file = parts.last.map { String($0.prefix { $0 != "." }) } ?? problem.path
            let workspace = parts.count >= 2 ? String(parts[parts.count - 2]) : ""
            changes.append(
                TokenChange(kind: .unreadable, workspace: workspace, id: file, name: "", after: problem.message))
        }
        return changes.sorted { ($0.workspace, $0.kind, $0.id) < ($1.workspace, $1.kind, $1.id) }
    }

    private static func key(_ record: TokenRecord) -> String {
        "\(record.workspace)/\(record.id)"
    }

    private static func change(_ kind: TokenChange.Kind, _ record: TokenRecord) -> TokenChange {
        TokenChange(kind: kind, workspace: record.workspace, id: record.id, name: record.name)
    }

    private static func added(_ record: TokenRecord, base: [String: TokenRecord]) -> [TokenChange] {
        var changes: [TokenChange] = []
        var created = change(.generated, record)
        created.actor = record.createdBy
        created.after = expiry(record.expiresAt)
        if let predecessor = record.rotatedFrom, base["\(record.workspace)/\(predecessor)"] != nil {
            created.kind = .rotated
            created.before = predecessor
        }
        changes.append(created)
        if let revocation = record.revocation {
            var revoked = change(.revoked, record)
            revoked.actor = revocation.revokedBy
            changes.append(revoked)
        } else if record.expiresAt == nil {
            changes.append(change(.neverExpiring, record))
        }
        return changes
    }

    private static func compare(_ old: TokenRecord, _ new: TokenRecord) -> [TokenChange] {
        var changes: [TokenChange] = []
        if old.revocation == nil, let revocation = new.revocation {
            var revoked = change(.revoked, new)
            revoked.actor = revocation.revokedBy
            changes.append(revoked)
        } else if let revocation = old.revocation, new.revocation == nil {
            var removed = change(.tombstoneRemoved, new)
            removed.actor = revocation.revokedBy
            changes.append(removed)
        }
        if old.name != new.name {
            var renamed = change(.renamed, new)
            renamed.before = old.name
            renamed.after = new.name
            changes.append(renamed)
        }
        if old.expiresAt != new.expiresAt {
            let extended = new.expiresAt.map { end in old.expiresAt.map { end > $0 } ?? true } ?? true
            var moved = change(extended ? .expiryExtended : .expiryShortened, new)
            moved.before = expiry(old.expiresAt)
            moved.after = expiry(new.expiresAt)
            changes.append(moved)
        }
        return changes
    }

    private static func expiry(_ date: Date?) -> String {
        date.map(UTCTimestamp.format) ?? "never"
    }
}

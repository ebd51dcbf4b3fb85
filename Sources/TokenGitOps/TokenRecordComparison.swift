import Foundation
import TokenVerification

/// The changes between two versions of one token file, key by key.
enum TokenRecordComparison {
    /// Every key that differs from `old` to `new`, as changes of `new`'s token.
    static func changes(from old: TokenRecord, to new: TokenRecord, path: String) -> [TokenChange] {
        var changes: [TokenChange] = []
        func add(
            _ kind: TokenChange.Kind, actor: String? = nil, key: String? = nil, before: String? = nil,
            after: String? = nil
        ) {
            changes.append(
                TokenChange(
                    kind: kind, workspace: new.workspace, id: new.id, name: new.name, actor: actor, key: key,
                    path: path, before: before, after: after))
        }
        switch (old.revocation, new.revocation) {
        case (nil, let revocation?):
            add(.revoked, actor: revocation.revokedBy)
        case (let revocation?, nil):
            add(.tombstoneRemoved, actor: revocation.revokedBy)
        case (let before?, let after?):
            if before.revokedBy != after.revokedBy {
                add(.keyChanged, key: "revoked_by", before: before.revokedBy, after: after.revokedBy)
            }
            if before.revokedAt != after.revokedAt {
                add(
                    .keyChanged, key: "revoked_at", before: UTCTimestamp.format(before.revokedAt),
                    after: UTCTimestamp.format(after.revokedAt))
            }
        case (nil, nil):
            break
        }
        if old.hash != new.hash {
            add(.hashChanged, before: old.hash.hex, after: new.hash.hex)
        }
        if old.name != new.name {
            add(.renamed, before: old.name, after: new.name)
        }
        if old.expiresAt != new.expiresAt {
            let extended = new.expiresAt.map { end in old.expiresAt.map { end > $0 } ?? true } ?? true
            add(
                extended ? .expiryExtended : .expiryShortened, before: UTCTimestamp.formatExpiry(old.expiresAt),
                after: UTCTimestamp.formatExpiry(new.expiresAt))
        }
        if old.createdAt != new.createdAt {
            let kind: TokenChange.Kind = new.createdAt > old.createdAt ? .createdAtLater : .keyChanged
            add(
                kind, key: "created_at", before: UTCTimestamp.format(old.createdAt),
                after: UTCTimestamp.format(new.createdAt))
        }
        if old.scopes != new.scopes {
            let grown = new.scopes.map { names in old.scopes.map { !Set(names).isSubset(of: $0) } ?? false } ?? true
            add(
                grown ? .scopesGrown : .keyChanged, key: "scopes", before: old.scopes.map { TokenScope.line($0) },
                after: new.scopes.map { TokenScope.line($0) })
        }
        if old.createdBy != new.createdBy {
            add(.keyChanged, key: "created_by", before: old.createdBy, after: new.createdBy)
        }
        if old.rotatedFrom != new.rotatedFrom {
            add(.keyChanged, key: "rotated_from", before: old.rotatedFrom, after: new.rotatedFrom)
        }
        return changes
    }
}

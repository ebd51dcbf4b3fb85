import Foundation
import TokenGitOps
import TokenVerification

/// What `report` finds in a data folder at one time, among its active tokens (neither revoked nor
/// expired, by `expires_at` or by `max_lifetime`): those that expire soon, those not used lately,
/// those that never expire, and those that break their workspace's policy.
struct TokenReport {
    /// An active token that stops being valid within ``TokenReport/expiringWithin``.
    struct Expiring {
        var token: IndexedToken
        /// When it stops being valid: its `expires_at`, or sooner when its workspace's `max_lifetime` ends it.
        var expiresAt: Date
        /// The id of the active token that replaced it in a rotation: its expiry ends the overlap.
        var replacedBy: String?
    }

    /// An active token with no known use within ``TokenReport/idleFor``, or none since tracking began.
    struct Idle {
        var token: IndexedToken
        /// Its latest use in any usage file; `nil` when none names it.
        var lastUsed: Date?
        /// Since when no use of it is known: ``lastUsed``, else the later of its `created_at` and the
        /// start of tracking.
        var unusedSince: Date
    }

    /// An active token that breaks its workspace's policy, with each key it breaks.
    struct Breach {
        var token: IndexedToken
        var violations: [PolicyViolation]
    }

    /// The report's time.
    var now: Date
    /// `--expiring` as given, such as `14d`.
    var expiringWithin: String
    /// `--idle` as given, such as `90d`.
    var idleFor: String
    /// Soonest first.
    var expiring: [Expiring] = []
    /// Longest unused first; `nil` when no usage file was merged, so nothing is known of use.
    var idle: [Idle]?
    /// In workspace, `created_at` and id order.
    var neverExpiring: [IndexedToken] = []
    /// In workspace and id order.
    var breaches: [Breach] = []
    /// The usage files merged.
    var usage: MergedUsage
    /// How many usage files were given, merged or not.
    var usageFilesGiven: Int
    /// What the report was made without, one line each: the usage problems, and the data folder's files
    /// that did not load.
    var leftOut: [String]

    /// The report on `index` at `now`.
    ///
    /// A token is idle when its latest use is at least `idleSeconds` ago; when no usage file names it,
    /// when it was created before tracking began (it has not been used since), or when it was
    /// created at least `idleSeconds` ago, after tracking began.
    ///
    /// - Parameters:
    ///   - index: The data folder, read.
    ///   - usage: The usage files, merged; tracking began at their earliest `tracking_since`.
    ///   - usageFilesGiven: How many usage files were given.
    ///   - expiringWithin: `--expiring` as given and in seconds.
    ///   - idleFor: `--idle` as given and in seconds.
    ///   - now: The report's time.
    init(
        index: TokenIndex, usage: MergedUsage, usageFilesGiven: Int,
        expiringWithin: (text: String, seconds: TimeInterval), idleFor: (text: String, seconds: TimeInterval),
        at now: Date
    ) {
        self.now = now
        self.expiringWithin = expiringWithin.text
        self.idleFor = idleFor.text
        self.usage = usage
        self.usageFilesGiven = usageFilesGiven
        let badFiles = ReportWording.counted(index.problems.count, "file")
        let folderLine = "\(badFiles) of the data folder did not load (tokenctl check lists them); left out"
        leftOut = usage.problems + (index.problems.isEmpty ? [] : [folderLine])
        // Each token's workspace and id are read once: they are the sort keys and the usage files' keys.
        let active = index.tokens().compactMap { token in
            token.isActive(at: now) ? (token: token, key: TokenKey(workspace: token.workspace, id: token.id)) : nil
        }
        var successors: [TokenKey: String] = [:]
        for (token, key) in active {
            if let old = token.rotatedFrom {
                successors[TokenKey(workspace: key.workspace, id: old)] = key.id
            }
        }
        var expiring: [(entry: Expiring, key: TokenKey)] = []
        var neverExpiring: [(token: IndexedToken, key: TokenKey)] = []
        for (token, key) in active {
            guard let end = token.effectiveExpiresAt else {
                neverExpiring.append((token, key))
                continue
            }
            if end.timeIntervalSince(now) <= expiringWithin.seconds {
                expiring.append((Expiring(token: token, expiresAt: end, replacedBy: successors[key]), key))
            }
        }
        self.expiring = expiring.sorted { ($0.entry.expiresAt, $0.key) < ($1.entry.expiresAt, $1.key) }.map(\.entry)
        self.neverExpiring = neverExpiring.sorted {
            ($0.key.workspace, $0.token.createdAt, $0.key.id) < ($1.key.workspace, $1.token.createdAt, $1.key.id)
        }.map(\.token)
        idle = usage.trackingSince.map { Self.idle(active, usage: usage, since: $0, for: idleFor.seconds, at: now) }
        breaches = TokenFolderAudit.policyBreaches(in: index, at: now).map {
            Breach(token: $0.token, violations: $0.violations)
        }
    }

    /// The idle tokens among `active`, longest unused first.
    private static func idle(
        _ active: [(token: IndexedToken, key: TokenKey)], usage: MergedUsage, since trackingSince: Date,
        for seconds: TimeInterval, at now: Date
    ) -> [Idle] {
        let cutoff = now.addingTimeInterval(-seconds)
        var idle: [(entry: Idle, key: TokenKey)] = []
        for (token, key) in active {
            if let used = usage.lastUsed[key] {
                if used <= cutoff {
                    idle.append((Idle(token: token, lastUsed: used, unusedSince: used), key))
                }
            } else if token.createdAt < trackingSince {
                idle.append((Idle(token: token, lastUsed: nil, unusedSince: trackingSince), key))
            } else if token.createdAt <= cutoff {
                idle.append((Idle(token: token, lastUsed: nil, unusedSince: token.createdAt), key))
            }
        }
        return idle.sorted { ($0.entry.unusedSince, $0.key) < ($1.entry.unusedSince, $1.key) }.map(\.entry)
    }
}

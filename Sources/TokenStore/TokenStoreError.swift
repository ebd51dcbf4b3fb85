import Foundation
import TokenVerification

/// Why a change to the data folder was refused or failed; nothing was written.
///
/// Each case carries what a caller needs to act on it. The description is one lowercase line that
/// names the problem and never holds a secret.
public enum TokenStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The workspace name is not a slug.
    case invalidWorkspace(String)
    /// A name or actor is not an acceptable label; `problem` says why without repeating it.
    case invalidLabel(field: String, problem: String)
    /// The `--expires` text is not `<N>d`, a date `YYYY-MM-DD` or `never`.
    case unreadableExpiry(String)
    /// The `--expires` text is `<N>d` with N zero or negative.
    case expiryNotPositive(String)
    /// The `--expires` text is `<N>d` with N over ``ExpiryRequest/maximumDays``.
    case expiryTooLong(String)
    /// The expiry date is not after the time the token is generated.
    case expiryDayPassed(Date)
    /// The expiry date is more than ``ExpiryRequest/maximumDays`` days after the token is generated.
    case expiryDayTooFar(Date)
    /// The `--scope` names cannot be a token's scopes; `problem` says why without repeating a
    /// name that could be a secret.
    case invalidScopes(problem: String)
    /// The workspace's policy forbids the new token: the policy file at `path` sets `key`, and
    /// `reason` is the rest of the line (`is 90d: --expires 180d is longer`).
    case refusedByPolicy(path: String, key: PolicyKey, reason: String)
    /// A policy file that governs the workspace cannot be read: no token is made there until it is fixed.
    case unreadablePolicy(LoadProblem)
    /// The argument of `option` is not `<N>d` or `<N>h`.
    case unreadableDuration(option: String)
    /// The argument of `option` is zero or negative.
    case durationNotPositive(option: String)
    /// The argument of `option` is over ``DurationSpec/maximum``.
    case durationTooLong(option: String)
    /// The data folder has no folder for the workspace.
    case noWorkspace(String, dataFolder: String)
    /// The workspace has no token whose id is `reference`, nor an unrevoked token with that name.
    case noSuchToken(reference: String, workspace: String)
    /// The token file that `reference` names does not read as a token.
    case invalidTokenFile(LoadProblem)
    /// The name belongs to more than one unrevoked token of the workspace, those of `ids`.
    case ambiguousName(String, workspace: String, ids: [String])
    /// An active token of the workspace, the one with id `heldBy`, already has the name.
    case nameInUse(heldBy: String, workspace: String)
    /// The token to rotate is revoked.
    case tokenRevoked(id: String)
    /// The data folder could not be read.
    case unreadableDataFolder(DataFolderError)
    /// A file-system call on `path` failed with `errno`.
    case fileSystem(FileOperation, path: String, errno: Int32)
    /// OpenSSL's random generator failed with this error code.
    case randomGeneratorFailed(openSSLError: UInt)
    /// libyaml could not allocate an emitter.
    case emitterUnavailable
    /// libyaml could not create an event.
    case emitterEventUnavailable
    /// libyaml's emitter failed; `problem` is its own words.
    case emitterFailed(problem: String)
    /// A new token's secret could not be written to `destination`, with `errno`.
    case secretNotWritten(destination: String, errno: Int32)
    /// A new token's secret reached nobody, for `cause`, so its token file was discarded as `discard` says.
    indirect case notDelivered(TokenStoreError, discard: Discard)

    /// The one-line message.
    public var description: String {
        switch self {
        case .invalidWorkspace:
            "workspace name is not a valid slug: 1-63 of a-z, 0-9 and inner hyphens, such as acme-prod"
        case .invalidLabel(_, let problem):
            problem
        case .unreadableExpiry:
            "expiry is not 7d, 30d, 90d, <N>d, YYYY-MM-DD or never"
        case .expiryNotPositive(let text):
            "expiry \(text) is not in the future: use a positive number of days"
        case .expiryTooLong(let text):
            "expiry \(text) is over \(ExpiryRequest.maximumDays) days: use never"
        case .expiryDayPassed(let date):
            "expiry \(UTCTimestamp.format(date).prefix(10)) is in the past: a token expires at 00:00 UTC that day"
        case .expiryDayTooFar(let date):
            "expiry \(UTCTimestamp.format(date).prefix(10)) is over \(ExpiryRequest.maximumDays) days away: use never"
        case .invalidScopes(let problem):
            "--scope: \(problem)"
        case .refusedByPolicy(let path, let key, let reason):
            "\(path): \(key) \(reason)"
        case .unreadablePolicy(let problem):
            problem.description
        case .unreadableDuration(let option):
            "\(option) takes <N>d or <N>h, such as 7d or 12h"
        case .durationNotPositive(let option):
            "\(option) must be a positive duration"
        case .durationTooLong(let option):
            "\(option) is over 36500 days"
        case .noWorkspace(let workspace, let dataFolder):
            "no workspace \(workspace) in \(dataFolder)"
        case .noSuchToken(_, let workspace):
            "no token with that id or unrevoked token with that name in workspace \(workspace)"
        case .invalidTokenFile(let problem):
            "cannot revoke a token whose file is not valid: \(problem)"
        case .ambiguousName(_, let workspace, let ids):
            "name matches \(ids.count) tokens in workspace \(workspace): \(ids.joined(separator: ", ")); use an id"
        case .nameInUse(let id, let workspace):
            "name is already used by active token \(id) in workspace \(workspace)"
        case .tokenRevoked(let id):
            "token \(id) is revoked: generate a new token instead"
        case .unreadableDataFolder(let error):
            error.description
        case .fileSystem(let operation, let path, let code):
            "\(operation.rawValue) \(path): \(SystemError.describe(code))"
        case .randomGeneratorFailed(let code):
            "the random generator failed (OpenSSL error \(code))"
        case .emitterUnavailable:
            "libyaml could not allocate an emitter"
        case .emitterEventUnavailable:
            "libyaml could not create an event"
        case .emitterFailed(let problem):
            "libyaml could not write the token file: \(problem)"
        case .secretNotWritten(let destination, let code):
            "cannot write the token to \(destination): \(SystemError.describe(code))"
        case .notDelivered(let cause, let discard):
            "\(cause); \(discard)"
        }
    }
}

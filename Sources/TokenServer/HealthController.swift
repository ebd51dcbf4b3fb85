import Foundation
import Hummingbird
import TokenVerification

/// `GET /healthz`: what is loaded, when, how changes are noticed, and which files grant nothing; 200 `"ok"` while the index
/// reflects the data folder, 503 `"degraded"` while the last reload failed (the last good index
/// keeps serving, but a load balancer should prefer another replica).
struct HealthController {
    let verifier: TokenVerifier
    let reloads: ReloadState

    /// The path.
    static let path = "/healthz"

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ in
            let health = Health(
                verifier.index, reloads.snapshot, changeNotification: reloads.changeNotification, now: Date())
            return JSONResponse.make(health.lastReloadError == nil ? .ok : .serviceUnavailable, health)
        }
    }
}

/// The `/healthz` body: counts, the last reload, and every bad file with its error.
struct Health: Encodable {
    struct BadFile: Encodable {
        var path: String
        var line: Int?
        var column: Int?
        var error: String
    }

    var status: String
    var workspaces: Int
    var tokens: Int
    var activeTokens: Int
    var lastReload: String
    var lastReloadSeconds: Double
    var lastReloadError: String?
    var changeNotification: String
    var badFiles: [BadFile]

    enum CodingKeys: String, CodingKey {
        case status, workspaces, tokens
        case activeTokens = "active_tokens", lastReload = "last_reload", lastReloadSeconds = "last_reload_seconds"
        case lastReloadError = "last_reload_error", changeNotification = "change_notification"
        case badFiles = "bad_files"
    }

    init(_ index: TokenIndex, _ reload: ReloadState.Snapshot, changeNotification: ChangeNotification, now: Date) {
        workspaces = index.workspaces.count
        tokens = index.count
        activeTokens = index.activeCount(at: now)
        lastReload = UTCTimestamp.format(reload.loadedAt)
        lastReloadSeconds = (reload.duration * 1_000).rounded() / 1_000
        lastReloadError = reload.lastError
        self.changeNotification = changeNotification.rawValue
        status = reload.lastError == nil ? "ok" : "degraded"
        badFiles = index.problems.map {
            BadFile(
                path: TokenFormat.maskingTokens(in: $0.path), line: $0.line, column: $0.column,
                error: TokenFormat.maskingTokens(in: $0.message))
        }
    }
}

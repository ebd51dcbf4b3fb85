import Foundation
import TokenVerification

/// What the last reloads did, for `/healthz` and the log.
public final class ReloadState: Sendable {
    /// One reload's outcome.
    public struct Snapshot: Sendable {
        /// When the index in service was loaded.
        public var loadedAt: Date
        /// How long that load took, in seconds.
        public var duration: Double
        /// Why the latest attempt failed (the previous index stayed in service), if it did.
        public var lastError: String?
        /// How many attempts in a row have failed.
        public var failures = 0
    }

    private let state: Locked<Snapshot>
    private let notification = Locked(ChangeNotification.polling)

    /// Starts with the initial load.
    public init(loadedAt: Date, duration: Double) {
        state = Locked(Snapshot(loadedAt: loadedAt, duration: duration, lastError: nil))
    }

    /// The latest outcome.
    public var snapshot: Snapshot {
        state.withLock { $0 }
    }

    /// How changes to the data folder are noticed now.
    public internal(set) var changeNotification: ChangeNotification {
        get { notification.withLock { $0 } }
        set { notification.withLock { $0 = newValue } }
    }

    /// Records a successful reload.
    func succeeded(at date: Date, duration: Double) {
        state.withLock { $0 = Snapshot(loadedAt: date, duration: duration, lastError: nil) }
    }

    /// Records a failed reload; the previous index stays.
    ///
    /// - Returns: How many attempts in a row have now failed.
    func failed(_ error: String) -> Int {
        state.withLock {
            $0.lastError = error
            $0.failures += 1
            return $0.failures
        }
    }
}

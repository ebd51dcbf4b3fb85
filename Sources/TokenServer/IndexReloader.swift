import Foundation
import Logging
import ServiceLifecycle
import TextEscaping
import TokenVerification
import UnixSignals

/// Keeps the verifier's index current: reloads when the data folder changes and on SIGHUP.
///
/// It learns of changes from inotify, which names the files to read again, or, where inotify is
/// unavailable or not wanted, by comparing the folders' signatures every poll interval; either way
/// every file's stamp is compared at the sweep interval too, as a safety net. It reloads on
/// threads of its own, so the event loops keep answering while a new index is built off to the
/// side. A reload that cannot read the folder keeps the last good index, is shown on `/healthz` as
/// degraded, and is retried with backoff until one succeeds.
final class IndexReloader: Service, Sendable {
    /// The wait before the first retry of a failed reload; it doubles with each further failure.
    static let firstRetryDelay = Duration.milliseconds(250)
    /// The longest wait between retries.
    static let longestRetryDelay = Duration.seconds(30)

    private let verifier: TokenVerifier
    private let state: ReloadState
    private let metrics: ServerMetrics
    private let configuration: ServerConfiguration
    private let logger: Logger
    /// Builds whole indexes, yielding to the event loops (requests come first).
    private let reloads = BackgroundWorker(name: "tokenctl.reload", niceness: 10)
    /// Reloads named changes: small, and a revocation should not wait behind other work (a `git
    /// checkout` writing its index, say).
    private let changeReloads = BackgroundWorker(name: "tokenctl.changes", niceness: 0)
    /// Compares every file's stamp, below everything else.
    private let sweeps = BackgroundWorker(name: "tokenctl.sweep", niceness: 19)
    private let nextRetry = Locked<ContinuousClock.Instant?>(nil)
    /// When to hand free memory back to the system, after patches: not at once, since the table a
    /// patch frees is what the next patch of a burst reuses.
    private let memoryReleaseDue = Locked<ContinuousClock.Instant?>(nil)
    /// How long after the last patch free memory goes back to the system.
    static let memoryReleaseDelay = Duration.seconds(1)
    /// The inotify watcher, started before the first load so that no change is missed, or why
    /// there is none; `nil` when polling was asked for.
    private let watcher: Result<DataFolderWatcher, WatchFailure>?

    /// A reloader for `verifier`, following changes with `watcher` (polling when there is none),
    /// recording each reload in `state` and counting it in `metrics`.
    init(
        verifier: TokenVerifier, watcher: Result<DataFolderWatcher, WatchFailure>?, state: ReloadState,
        metrics: ServerMetrics, configuration: ServerConfiguration, logger: Logger
    ) {
        self.verifier = verifier
        self.watcher = watcher
        self.state = state
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
    }

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in hangups.cancelOnGracefulShutdown() {
                    await self.reload(.everything, reason: "SIGHUP")
                }
            }
            group.addTask {
                await self.followChanges()
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    /// Follows the data folder's changes until cancelled: with inotify when configured and
    /// available, else (or once inotify fails) by polling.
    private func followChanges() async {
        if let watcher {
            switch watcher {
            case .success(let watcher):
                announce(.inotify)
                let failure = await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.tick(polling: false, catchingUpBecause: nil) }
                    let failure = await self.follow(watcher)
                    group.cancelAll()
                    return failure
                }
                guard let failure else { return }
                logger.warning("inotify stopped; polling instead", metadata: ["reason": "\(failure)"])
                announce(.polling)
                await tick(polling: true, catchingUpBecause: "inotify stopped")
                return
            case .failure(let failure):
                logger.warning(
                    "inotify cannot watch the data folder; polling instead", metadata: ["reason": "\(failure.reason)"])
            }
        }
        announce(.polling)
        await tick(polling: true, catchingUpBecause: "polling started")
    }

    /// Records and logs how changes are noticed now.
    private func announce(_ mode: ChangeNotification) {
        state.changeNotification = mode
        logger.info("watching the data folder", metadata: ["change_notification": "\(mode.rawValue)"])
    }

    /// Reloads what `watcher` names whenever it wakes, until cancelled or the watcher fails.
    ///
    /// - Returns: Why the watcher failed, or `nil` when cancelled.
    private func follow(_ watcher: DataFolderWatcher) async -> String? {
        defer { watcher.stop() }
        for await _ in watcher.wakeUps {
            let notice = watcher.take()
            if let reason = notice.rereadAllBecause {
                await reload(notice.folderReplaced ? .everything : .changedFiles, reason: reason)
            } else if !notice.changes.isEmpty {
                await reload(.changes(notice.changes), reason: "files changed")
            }
            if let failure = notice.failure {
                return failure
            }
        }
        return nil
    }

    /// Every poll interval until cancelled: retries a failed reload when due, sweeps every file's
    /// stamp at the sweep interval, and, when `polling`, compares the folders' signatures.
    ///
    /// - Parameter catchingUpBecause: Why to compare every file's stamp once the first signatures
    ///   are taken, so that a change made before them is not missed; `nil` when nothing can have been.
    private func tick(polling: Bool, catchingUpBecause: String?) async {
        let folder = configuration.dataFolder
        let sweepInterval =
            configuration.sweepInterval
            ?? (polling ? ServerConfiguration.pollingSweepInterval : ServerConfiguration.inotifySweepInterval)
        let sweeping = sweepInterval > 0
        let sweepEvery = sweeping ? max(1, Int((sweepInterval / configuration.pollInterval).rounded())) : 0
        var quick = polling ? DataFolderSignature(folder) : nil
        var polls = 0
        if let reason = catchingUpBecause {
            await reload(.changedFiles, reason: reason)
        }
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(configuration.pollInterval * 1_000)))
            polls += 1
            if let before = quick {
                let now = DataFolderSignature(folder)
                if now != before {
                    quick = now
                    await reload(.changedFolders, reason: "a folder changed")
                }
            }
            if let due = nextRetry.withLock({ $0 }), ContinuousClock.now >= due {
                await reload(.everything, reason: "retrying a failed reload")
            }
            if sweeping && polls % sweepEvery == 0 {
                await sweep()
            }
            if let due = memoryReleaseDue.withLock({ $0 }), ContinuousClock.now >= due {
                memoryReleaseDue.withLock { $0 = nil }
                await reloads.run { TokenIndex.releaseFreeMemory() }
            }
        }
    }

    /// Compares every token file's stamp with what the index in service was read from, on a thread
    /// of its own (so a reload of named changes meanwhile is not held up), and reloads only what
    /// differs.
    private func sweep() async {
        let found = await sweeps.run {
            Result { () throws(DataFolderError) in try self.verifier.changesSinceLastRead() }
        }
        switch found {
        case .success(let changes) where !changes.isEmpty:
            await reload(.changes(changes), reason: "the sweep found changes")
        case .failure:
            await reload(.changedFiles, reason: "the sweep could not read the data folder")
        case .success:
            break
        }
    }

    /// Builds a new index on a worker thread and swaps it in; logs one line either way, with the
    /// seconds until the swap. Reloads take the verifier's lock, so they run one at a time.
    func reload(_ scope: ReloadScope, reason: String) async {
        let worker: BackgroundWorker
        if case .changes = scope {
            worker = changeReloads
        } else {
            worker = reloads
        }
        let (outcome, seconds) = await worker.run {
            let started = ContinuousClock.now
            let outcome = Result { () throws(DataFolderError) in try self.verifier.reload(scope) }
            let seconds = (ContinuousClock.now - started).inSeconds
            // The new index is in service; readying it can wait until then.
            if case .success(let index) = outcome {
                index.prepareForService(releasingMemory: !index.isPatched)
                self.memoryReleaseDue.withLock { $0 = index.isPatched ? .now + Self.memoryReleaseDelay : nil }
            }
            return (outcome, seconds)
        }
        switch outcome {
        case .success(let index):
            metrics.reloaded(succeeded: true, seconds: seconds)
            nextRetry.withLock { $0 = nil }
            state.succeeded(at: index.loadedAt, duration: seconds)
            logger.info(
                "reloaded",
                metadata: [
                    "reason": "\(reason)", "tokens": "\(index.count)", "workspaces": "\(index.workspaces.count)",
                    "files_parsed": "\(verifier.lastParsedFileCount)",
                    "bad_files": "\(index.problems.count)", "seconds": "\(String(format: "%.3f", seconds))",
                ])
            logger.warnOfBadFiles(in: index)
        case .failure(let error):
            metrics.reloaded(succeeded: false, seconds: seconds)
            let delay = Self.retryDelay(afterFailures: state.failed(error.description))
            nextRetry.withLock { $0 = .now + delay }
            logger.error(
                "reload failed; the previous index stays in service",
                metadata: [
                    "error": "\(TerminalText.escaped(error.description))",
                    "retry_in": "\(String(format: "%.2f", delay.inSeconds))",
                ])
        }
    }

    /// The wait before retrying after `failures` failed reloads in a row: 0.25 s, doubling, at most 30 s.
    static func retryDelay(afterFailures failures: Int) -> Duration {
        let doublings = min(max(failures - 1, 0), 16)
        return min(firstRetryDelay * (1 << doublings), longestRetryDelay)
    }
}

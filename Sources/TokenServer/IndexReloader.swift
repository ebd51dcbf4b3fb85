import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import TextEscaping
import TokenVerification
import UnixSignals

/// Keeps the verifier's index current: reloads when the data folder changes and on SIGHUP.
///
/// It compares the folders' signatures every poll interval (and every file's at the sweep
/// interval), and reloads on a dedicated queue, so the event loops keep answering while a new index
/// is built off to the side. A reload that cannot read the folder keeps the last good index, is
/// shown on `/healthz` as degraded, and is retried with backoff until one succeeds.
final class IndexReloader: Service, Sendable {
    /// The wait before the first retry of a failed reload; it doubles with each further failure.
    static let firstRetryDelay = Duration.milliseconds(250)
    /// The longest wait between retries.
    static let longestRetryDelay = Duration.seconds(30)

    private let verifier: TokenVerifier
    private let state: ReloadState
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let queue = DispatchQueue(label: "tokenctl.reload")
    private let nextRetry = Locked<ContinuousClock.Instant?>(nil)

    init(verifier: TokenVerifier, state: ReloadState, configuration: ServerConfiguration, logger: Logger) {
        self.verifier = verifier
        self.state = state
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
                await self.watch()
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    /// Polls the data folder's signatures and reloads when they change, until cancelled.
    private func watch() async {
        let folder = configuration.dataFolder
        let sweeps = configuration.sweepInterval > 0
        let sweepEvery = sweeps ? max(1, Int(configuration.sweepInterval / configuration.pollInterval)) : 0
        var quick = DataFolderSignature(folder, full: false)
        var full = sweeps ? DataFolderSignature(folder, full: true) : nil
        var polls = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(configuration.pollInterval * 1_000)))
            polls += 1
            let nowQuick = DataFolderSignature(folder, full: false)
            if nowQuick != quick {
                quick = nowQuick
                await reload(.changedFolders, reason: "a folder changed")
            }
            if let due = nextRetry.withLock({ $0 }), ContinuousClock.now >= due {
                await reload(.everything, reason: "retrying a failed reload")
            }
            if sweeps && polls % sweepEvery == 0 {
                let nowFull = DataFolderSignature(folder, full: true)
                if nowFull != full {
                    full = nowFull
                    await reload(.changedFiles, reason: "a file changed")
                }
            }
        }
    }

    /// Builds a new index on the reload queue and swaps it in; logs one line either way. The
    /// outcome comes back under a lock, which race detectors can see, not through the continuation.
    func reload(_ scope: ReloadScope, reason: String) async {
        let started = ContinuousClock.now
        let handoff = Locked<Result<TokenIndex, DataFolderError>?>(nil)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                // Requests come first: the thread building the new index yields to the event loops.
                // (On Linux, who = 0 names the calling thread, not the whole process.)
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                let outcome = Result { () throws(DataFolderError) in
                    let index = try self.verifier.reload(scope)
                    index.prepareForService()
                    return index
                }
                handoff.withLock { $0 = outcome }
                continuation.resume()
            }
        }
        guard let outcome = handoff.withLock({ $0 }) else { return }
        let seconds = (ContinuousClock.now - started).inSeconds
        switch outcome {
        case .success(let index):
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

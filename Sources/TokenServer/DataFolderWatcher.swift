import Foundation
import Glibc
import TokenVerification

/// Watches a data folder with inotify (the folder and each workspace folder in it) and gathers what
/// changed, for reloads that read only that.
///
/// A thread of its own waits for events. A burst of events is gathered until the folder has been
/// quiet for ``quietPeriod`` (or ``longestDelay`` has passed since the first), then the reloader is
/// woken; events that arrive while it reloads wait for the next batch, merged. When the data-folder
/// path resolves to another folder (a symbolic link along it swapped to a new checkout, seen at once
/// through a watch on the link's own folder, else within ``resolveInterval``), or the folder itself
/// is deleted or moved, or the kernel's queue overflows, the watcher asks for every file to be
/// compared again. When the kernel runs out of watches, it stops and says so: the reloader then
/// polls instead.
final class DataFolderWatcher: Sendable {
    /// What the watcher has seen since the reloader last took it.
    struct Notice {
        /// Files and folders named by events.
        var changes = DataFolderChanges()
        /// Why every file should be compared again, when something beyond named files changed.
        var rereadAllBecause: String?
        /// Whether the data folder itself was replaced (a swapped link, the folder deleted or moved):
        /// its files are new, so there is nothing to compare stamps with.
        var folderReplaced = false
        /// Why the watcher stopped (out of watches, for one), when it has: polling should take over.
        var failure: String?
    }

    /// How long the folder stays quiet before a batch of changes is handed over.
    static let quietPeriod = Duration.milliseconds(2)
    /// The longest a change waits for quiet before it is handed over anyway.
    static let longestDelay = Duration.milliseconds(10)
    /// How often an idle watcher checks whether the data-folder path resolves elsewhere.
    static let resolveInterval = Duration.milliseconds(250)

    /// Woken (at most one wake-up waiting) whenever a notice is ready to ``take()``.
    let wakeUps: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let notice = Locked(Notice())
    private let stopped = Locked(false)
    private let dataFolder: String
    /// Written to, to stop the thread's wait at once.
    private let stopPipe: (read: Int32, write: Int32)

    /// Starts watching `dataFolder`, or gives the reason inotify cannot watch it.
    static func start(_ dataFolder: String) -> Result<DataFolderWatcher, WatchFailure> {
        guard let inotify = Inotify() else {
            return .failure(WatchFailure("inotify is not available (\(String(cString: strerror(errno))))"))
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return .failure(WatchFailure("no pipe for the watcher")) }
        var watches = WatchTable(dataFolder: dataFolder)
        if let failure = watches.establish(with: inotify) {
            close(pipeEnds[0])
            close(pipeEnds[1])
            return .failure(failure)
        }
        let watcher = DataFolderWatcher(dataFolder: dataFolder, stopPipe: (pipeEnds[0], pipeEnds[1]))
        let thread = Thread { [watches] in watcher.watch(inotify, watches) }
        thread.name = "tokenctl.watch"
        thread.start()
        return .success(watcher)
    }

    private init(dataFolder: String, stopPipe: (read: Int32, write: Int32)) {
        self.dataFolder = dataFolder
        self.stopPipe = stopPipe
        (wakeUps, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Takes what was seen since the last call, leaving nothing.
    func take() -> Notice {
        notice.withLock { notice in
            defer { notice = Notice() }
            return notice
        }
    }

    /// Stops the thread and ends ``wakeUps``; does nothing once the thread has stopped. The pipe
    /// is written and closed under one lock, so a stop never writes to a descriptor number that
    /// has since been reused.
    func stop() {
        stopped.withLock { stopped in
            guard !stopped else { return }
            stopped = true
            var byte: UInt8 = 1
            _ = write(stopPipe.write, &byte, 1)
        }
    }

    /// The thread's loop: wait for events or the stop pipe, gather, hand over after quiet.
    private func watch(_ inotify: Inotify, _ initial: WatchTable) {
        var watches = initial
        var gathered = Notice()
        var firstEvent: ContinuousClock.Instant?
        var lastResolve = ContinuousClock.now
        defer {
            stopped.withLock { stopped in
                stopped = true
                close(stopPipe.read)
                close(stopPipe.write)
            }
            wake.finish()
        }
        while true {
            let waitFor = firstEvent == nil ? Self.resolveInterval : Self.quietPeriod
            var descriptors = [
                pollfd(fd: inotify.descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, Int32(waitFor.inSeconds * 1_000))
            if descriptors[1].revents != 0 || stopped.withLock({ $0 }) {
                return
            }
            if ready > 0 {
                inotify.readEvents { event in watches.note(event, in: &gathered, with: inotify) }
                firstEvent = firstEvent ?? .now
            }
            if ContinuousClock.now - lastResolve >= Self.resolveInterval {
                lastResolve = .now
                if watches.resolvesElsewhere() {
                    watches.needsEstablishing = true
                    gathered.folderReplaced = true
                    gathered.rereadAllBecause =
                        gathered.rereadAllBecause ?? "the data folder path leads to another folder"
                }
            }
            if watches.needsEstablishing {
                gathered.failure = watches.establish(with: inotify)?.reason
                firstEvent = firstEvent ?? .now
            }
            guard let first = firstEvent, ready <= 0 || ContinuousClock.now - first >= Self.longestDelay else {
                continue
            }
            firstEvent = nil
            let batch = gathered
            gathered = Notice()
            notice.withLock { $0.merge(batch) }
            wake.yield()
            if batch.failure != nil {
                return
            }
        }
    }
}

/// Why inotify cannot watch a data folder.
struct WatchFailure: Error {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

extension DataFolderWatcher.Notice {
    /// Adds `other` to this notice.
    fileprivate mutating func merge(_ other: Self) {
        changes.formUnion(other.changes)
        rereadAllBecause = rereadAllBecause ?? other.rereadAllBecause
        folderReplaced = folderReplaced || other.folderReplaced
        failure = failure ?? other.failure
    }
}

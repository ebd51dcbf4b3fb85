import Glibc

/// One Linux inotify instance: watches on folders, and the events they report, read without
/// blocking. Used by one thread at a time (handed over whole to the thread that reads it).
final class Inotify: @unchecked Sendable {
    /// One event: the watch it came from, what happened, and the entry's name within the watched
    /// folder (empty when the event is about the folder itself).
    struct Event {
        var watch: Int32
        var mask: UInt32
        var name: String

        /// Whether the event has any of `flags`.
        func has(_ flags: Int32) -> Bool {
            mask & UInt32(bitPattern: flags) != 0
        }
    }

    /// The instance's descriptor, for `poll`.
    let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    /// A new instance, or `nil` (with `errno` set) when the kernel refuses one: inotify is not
    /// available, or the user's instance limit is reached.
    init?() {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
    }

    deinit {
        close(descriptor)
    }

    /// Watches the folder at `path` for `mask`; returns the watch's number, or `nil` with `errno` set
    /// (`ENOSPC` when the user's watch limit is reached, `ENOENT` or `ENOTDIR` when it is gone).
    func watch(_ path: String, for mask: Int32) -> Int32? {
        let watch = inotify_add_watch(descriptor, path, UInt32(bitPattern: mask | IN_ONLYDIR))
        return watch >= 0 ? watch : nil
    }

    /// Stops watch `watch`; its `IN_IGNORED` event follows.
    func unwatch(_ watch: Int32) {
        _ = inotify_rm_watch(descriptor, watch)
    }

    /// Hands every event queued now to `body`, in order, without waiting for more.
    func readEvents(_ body: (Event) -> Void) {
        let headerSize = MemoryLayout<inotify_event>.size
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                while offset + headerSize <= count {
                    let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let nameSize = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = bytes[offset + headerSize..<min(offset + headerSize + nameSize, count)]
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    body(Event(watch: watch, mask: mask, name: name))
                    offset += headerSize + nameSize
                }
            }
        }
    }
}

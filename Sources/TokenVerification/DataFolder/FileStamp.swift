import Glibc

/// What `lstat` says of a file or folder: enough to tell that it changed without reading it.
///
/// Inode, size, and modification and change times to the nanosecond, in 32 bytes.
package struct FileStamp: Hashable, Sendable {
    private var inode: UInt64
    private var size: Int64
    private var modified: Int64
    private var changed: Int64

    /// The stamp of a file's status.
    package init(_ status: stat) {
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(status.st_mtim.tv_nsec)
        changed = Int64(status.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(status.st_ctim.tv_nsec)
    }

    /// The stamp of `path` (not following a symbolic link), or `nil` when it cannot be stat'ed.
    package init?(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        self.init(status)
    }
}

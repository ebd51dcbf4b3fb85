import Foundation
import TokenVerification

/// An exclusive `flock` on a workspace folder, so that writers of one workspace take turns.
///
/// The lock is on the folder itself, so it leaves no lock file behind. It is released when the
/// lock is deinitialised or the process ends, however it ends.
final class WorkspaceLock {
    private let descriptor: Int32

    /// Waits until this process holds the workspace folder's lock.
    ///
    /// - Parameter folder: The workspace folder, which must exist.
    /// - Throws: ``TokenStoreError`` when the folder cannot be opened or locked.
    init(folder: String) throws(TokenStoreError) {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .fileSystem(.openWorkspace, path: folder, errno: errno)
        }
        while flock(descriptor, LOCK_EX) != 0 {
            // Not closed here: a throwing init still runs `deinit` once `descriptor` is set, and a
            // second close could close a descriptor another thread opened meanwhile.
            guard errno == EINTR else { throw .fileSystem(.lockWorkspace, path: folder, errno: errno) }
        }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
        }
    }
}

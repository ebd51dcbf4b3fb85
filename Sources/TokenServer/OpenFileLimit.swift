import Foundation

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`), which every connection and every
/// file a reload opens count against.
enum OpenFileLimit {
    /// Raises the soft limit to the hard one, as far as the kernel allows.
    ///
    /// systemd starts services with a soft limit of 1024 and a hard limit far above it; at 1024, a
    /// few hundred idle connections left a reload unable to open the data folder.
    ///
    /// - Returns: The soft limit before and after.
    static func raiseSoftToHard() -> (before: Int, after: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (0, 0) }
        let before = Int(clamping: limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 else { return (before, before) }
        return (before, Int(clamping: raised.rlim_cur))
    }

    /// How many descriptors the process holds open now, or 0 when `/proc/self/fd` cannot be read.
    static func openCount() -> Int {
        // The listing's own descriptor is among the entries it reads.
        max(0, ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? 1) - 1)
    }
}

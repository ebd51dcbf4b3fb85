import Foundation

/// Keeping a secret out of places it could outlive the process.
enum SecretHygiene {
    /// Sets the core-dump size limit to zero, so a crash cannot write the secret to disk.
    static func disableCoreDumps() {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(RLIMIT_CORE_ID, &limit)
    }

    private static var RLIMIT_CORE_ID: __rlimit_resource_t { __rlimit_resource_t(UInt32(RLIMIT_CORE.rawValue)) }
}

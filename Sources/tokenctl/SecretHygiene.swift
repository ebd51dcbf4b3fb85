import Foundation

/// Keeping a secret out of places it could outlive the process.
enum SecretHygiene {
    /// Sets the core-dump size limit to zero, so a crash cannot write the secret to disk.
    static func disableCoreDumps() {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    }
}

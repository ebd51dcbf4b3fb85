import Glibc

/// Which sanitizer the tests and the `tokenctl` they run were built with (`swift test --sanitize`).
public enum Sanitizers {
    /// Whether ThreadSanitizer is on: its runtime is linked into every binary of the build, the
    /// tests' own too.
    ///
    /// A ThreadSanitizer binary cannot start under `ulimit -f 0` (its runtime faults with SIGBUS
    /// before `main`), so a test that runs `tokenctl` under that limit is off in such a build.
    public static let threadSanitizerIsOn = dlsym(nil, "__tsan_init") != nil  // nil: RTLD_DEFAULT

    /// Whether AddressSanitizer is on, found the same way.
    public static let addressSanitizerIsOn = dlsym(nil, "__asan_init") != nil  // nil: RTLD_DEFAULT
}

import Foundation

/// The release `tokenctl` the command-line benchmarks run: `$TOKENCTL_BIN`, or the main package's
/// `.build/release/tokenctl`.
public enum TokenctlBinary {
    /// The executable's path.
    public static var path: String {
        if let path = ProcessInfo.processInfo.environment["TOKENCTL_BIN"], !path.isEmpty { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/release/tokenctl")
            .path
    }
}

import Foundation

/// Debian's `prometheus` package, server and `promtool`, which `.ci/run` installs.
///
/// Locally, the suites that need it are skipped when it is absent; under CI (`CI=true`) they run
/// regardless, and its absence fails them.
enum PrometheusTools {
    /// The Prometheus server, if installed.
    static let server = executable("prometheus")
    /// `promtool`, if installed.
    static let promtool = executable("promtool")

    /// Whether the suites that need Prometheus run: when it is installed, and always under CI.
    static let runs = (server != nil && promtool != nil) || ProcessInfo.processInfo.environment["CI"] == "true"

    /// Why a suite is skipped, or fails under CI.
    static let missing = "Debian's prometheus package (server and promtool) is not installed; .ci/run installs it"

    /// The project's folder, where `deploy/prometheus` is.
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    private static func executable(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

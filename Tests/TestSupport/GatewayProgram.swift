import Foundation

/// A gateway program (nginx, Caddy) that end-to-end tests run in front of `tokenctl serve`.
public enum GatewayProgram {
    /// The first of `paths` that is an executable file, or `nil` when the gateway is not installed.
    public static func find(_ paths: [String]) -> String? {
        paths.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether a gateway that is not installed fails its tests rather than skipping them: under CI
    /// (`CI=true`), where `.ci/run` installs every gateway the tests run.
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true"
    }
}

import ArgumentParser
import Foundation

/// The `--dir` option every command shares.
struct DataFolderOptions: ParsableArguments {
    @Option(name: .customLong("dir"), help: "The data folder (default: $TOKENCTL_DIR, else ./workspace).")
    var directory: String?

    /// The data folder: `--dir`, then `TOKENCTL_DIR`, then `workspace`, without a trailing slash.
    var dataFolder: String {
        let chosen = directory ?? ProcessInfo.processInfo.environment["TOKENCTL_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        var folder = chosen ?? "workspace"
        while folder.count > 1 && folder.hasSuffix("/") {
            folder.removeLast()
        }
        return folder
    }
}

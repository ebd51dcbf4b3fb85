import ArgumentParser
import Foundation
import TokenGitOps

/// The `--dir` option every command shares.
struct DataFolderOptions: ParsableArguments {
    @Option(
        name: .customLong("dir"),
        help: """
            The data folder (default: $TOKENCTL_DIR, else workspace/ at the top of the git repository \
            around the current folder, else ./workspace).
            """)
    var directory: String?

    /// The data folder: `--dir`, then `TOKENCTL_DIR`, then ``discovered``, without a trailing slash.
    var dataFolder: String {
        let chosen = directory ?? ProcessInfo.processInfo.environment["TOKENCTL_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        var folder = chosen ?? Self.discovered
        while folder.count > 1 && folder.hasSuffix("/") {
            folder.removeLast()
        }
        return folder
    }

    /// `workspace` at the top level of the git work tree around the current folder, named relative
    /// to the current folder (`../../workspace` two folders down; absolute when git's variables put
    /// the work tree elsewhere), or `workspace` outside any work tree. Found once per process.
    private static let discovered: String = {
        let current = FileManager.default.currentDirectoryPath
        guard
            let top = WorkTreeDiscovery.topLevel(
                containing: current, environment: ProcessInfo.processInfo.environment)
        else {
            return "workspace"
        }
        let currentParts = current.split(separator: "/")
        let topParts = top.split(separator: "/")
        guard currentParts.starts(with: topParts) else {
            return "\(top)/workspace"
        }
        return String(repeating: "../", count: currentParts.count - topParts.count) + "workspace"
    }()
}

import Foundation
import TokenVerification

/// A cheap fingerprint of a data folder, compared between polls to notice changes: the stamps of
/// the data folder and each workspace folder. Creating, deleting or renaming a token file (as
/// tokenctl's writers and `git` do) changes its folder's time; an edit made in place does not
/// (the sweep catches that).
struct DataFolderSignature: Equatable {
    private var value = 0
    private var hasher = Hasher()

    /// The signature of `dataFolder`. Only equality within one process means anything (the hash is
    /// seeded per process).
    init(_ dataFolder: String) {
        append(dataFolder)
        guard let workspaces = try? FileManager.default.contentsOfDirectory(atPath: dataFolder) else {
            value = hasher.finalize()
            return
        }
        for workspace in workspaces.sorted() where !workspace.hasPrefix(".") {
            append("\(dataFolder)/\(workspace)")
        }
        value = hasher.finalize()
    }

    static func == (lhs: DataFolderSignature, rhs: DataFolderSignature) -> Bool {
        lhs.value == rhs.value
    }

    private mutating func append(_ path: String) {
        hasher.combine(path)
        hasher.combine(FileStamp(path))
    }
}

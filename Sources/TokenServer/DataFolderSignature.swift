import Foundation
import TokenVerification

/// A cheap fingerprint of a data folder, compared between polls to notice changes.
///
/// The quick form stats the data folder and each workspace folder: creating, deleting or renaming a
/// token file (as tokenctl's writers and `git` do) changes its folder's time. The full form also
/// stats every token file, catching an edit made in place.
struct DataFolderSignature: Equatable {
    private var value = 0
    private var hasher = Hasher()

    /// The signature of `dataFolder`; `full` adds every token file. Only equality within one process
    /// means anything (the hash is seeded per process).
    init(_ dataFolder: String, full: Bool) {
        append(dataFolder)
        guard let workspaces = try? FileManager.default.contentsOfDirectory(atPath: dataFolder) else {
            value = hasher.finalize()
            return
        }
        for workspace in workspaces.sorted() where !workspace.hasPrefix(".") {
            let folder = "\(dataFolder)/\(workspace)"
            append(folder)
            guard full, let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for file in files.sorted() where DataFolderLayout.isTokenFileName(utf8: file.utf8) {
                append("\(folder)/\(file)")
            }
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

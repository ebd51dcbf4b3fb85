/// What a file watcher saw change in a data folder, for a reload that reads only that.
///
/// Names are as they appear in the folder: workspace folder names, and token file names without
/// `.yaml` (the ids a file name claims).
/// A reload with these changes lists the data folder again, lists again every workspace named
/// here, and parses the files named (whatever their stamps say) and every file of a workspace
/// named whole; it keeps every other file as last read.
public struct DataFolderChanges: Sendable, Equatable {
    /// Whether entries of the data folder itself changed (a workspace folder or a stray file).
    public var dataFolderEntries = false
    /// Workspaces whose every file is read again: the folder was created, replaced or removed.
    public private(set) var wholeWorkspaces: Set<String> = []
    /// Per workspace listed again, the token files that changed in it, by name without `.yaml`.
    public private(set) var files: [String: Set<String>] = [:]

    /// No changes.
    public init() {}

    /// Whether nothing changed.
    public var isEmpty: Bool {
        !dataFolderEntries && wholeWorkspaces.isEmpty && files.isEmpty
    }

    /// Notes that every file of `workspace` is to be read again.
    public mutating func changedWhole(_ workspace: String) {
        wholeWorkspaces.insert(workspace)
        files[workspace] = nil
    }

    /// Notes that entries of `workspace` other than its token files changed (a `.git` entry, the
    /// folder's permissions): its listing is read again, and the files it gains are parsed.
    public mutating func changedEntries(in workspace: String) {
        guard !wholeWorkspaces.contains(workspace), files[workspace] == nil else { return }
        files[workspace] = []
    }

    /// Notes that the token file `<fileID>.yaml` of `workspace` changed.
    public mutating func changedFile(_ fileID: String, in workspace: String) {
        guard !wholeWorkspaces.contains(workspace) else { return }
        files[workspace, default: []].insert(fileID)
    }

    /// Adds `other`'s changes to these.
    public mutating func formUnion(_ other: DataFolderChanges) {
        dataFolderEntries = dataFolderEntries || other.dataFolderEntries
        for workspace in other.wholeWorkspaces {
            changedWhole(workspace)
        }
        for (workspace, names) in other.files where !wholeWorkspaces.contains(workspace) {
            files[workspace, default: []].formUnion(names)
        }
    }
}

/// How much of the data folder a reload re-reads.
public enum ReloadScope: Sendable, Equatable {
    /// Only what a file watcher named: see ``DataFolderChanges``. Nothing else is stat'ed, so this
    /// is as cheap as the change is small, and as complete as the watcher's notice.
    case changes(DataFolderChanges)
    /// Only workspaces whose folder changed (a file created, deleted or renamed in it, as tokenctl's
    /// writers and git do), and in those only the files whose size, times or inode changed. Misses
    /// a file edited in place.
    case changedFolders
    /// Every file whose size, times or inode changed, in every workspace: catches edits in place too.
    case changedFiles
    /// Every file, parsed again.
    case everything
}

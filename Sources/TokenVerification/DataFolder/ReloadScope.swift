/// How much of the data folder a reload re-reads.
public enum ReloadScope: Sendable {
    /// Only workspaces whose folder changed (a file created, deleted or renamed in it, as tokenctl's
    /// writers and git do), and in those only the files whose size, times or inode changed. The
    /// cheapest; misses a file edited in place.
    case changedFolders
    /// Every file whose size, times or inode changed, in every workspace: catches edits in place too.
    case changedFiles
    /// Every file, parsed again.
    case everything
}

extension TokenStoreError {
    /// The file-system call that failed, naming what it was for.
    public enum FileOperation: Hashable, Sendable {
        /// Creating the temporary file a new file's bytes go to; the path is its folder.
        case createTemporaryFile
        /// Writing, changing the mode of, or syncing a file.
        case write
        /// Renaming the temporary file over its target; the path is the target.
        case replace
        /// Opening a folder to sync it.
        case open
        /// Syncing a folder.
        case sync
        /// Creating the data folder or a workspace folder.
        case createFolder
        /// Opening a workspace folder to lock it.
        case openWorkspace
        /// Locking a workspace folder.
        case lockWorkspace

        /// The start of the message, before the path.
        var failure: String {
            switch self {
            case .createTemporaryFile: "cannot create a temporary file in"
            case .write: "cannot write"
            case .replace: "cannot replace"
            case .open: "cannot open"
            case .sync: "cannot sync"
            case .createFolder: "cannot create folder"
            case .openWorkspace: "cannot open workspace folder"
            case .lockWorkspace: "cannot lock workspace folder"
            }
        }
    }
}

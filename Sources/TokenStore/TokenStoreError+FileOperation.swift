extension TokenStoreError {
    /// The file-system call that failed, naming what it was for; its raw value starts the message,
    /// before the path.
    public enum FileOperation: String, Hashable, Sendable {
        /// Creating the temporary file a new file's bytes go to; the path is its folder.
        case createTemporaryFile = "cannot create a temporary file in"
        /// Writing, changing the mode of, or syncing a file.
        case write = "cannot write"
        /// Renaming the temporary file over its target; the path is the target.
        case replace = "cannot replace"
        /// Opening a folder to sync it.
        case open = "cannot open"
        /// Syncing a folder.
        case sync = "cannot sync"
        /// Creating the data folder or a workspace folder.
        case createFolder = "cannot create folder"
        /// Opening a workspace folder to lock it.
        case openWorkspace = "cannot open workspace folder"
        /// Locking a workspace folder.
        case lockWorkspace = "cannot lock workspace folder"
    }
}

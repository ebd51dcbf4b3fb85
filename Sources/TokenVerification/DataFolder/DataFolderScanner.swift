import Glibc

/// The token files found in a data folder, and the entries that are wrongly placed.
package struct DataFolderListing: Sendable {
    /// Token files, sorted by workspace and file name.
    package var files: [TokenFileLocation] = []
    /// The folder's `policy.yaml`, when it has one (a location named `policy`).
    package var policy: TokenFileLocation?
    /// Folders and files that look like tokens but cannot be: bad workspace names, stray files.
    package var problems: [LoadProblem] = []

    /// A listing of `files` and `problems`.
    package init(files: [TokenFileLocation] = [], problems: [LoadProblem] = [], policy: TokenFileLocation? = nil) {
        self.files = files
        self.problems = problems
        self.policy = policy
    }
}

/// Finds the token files of a data folder, `<data folder>/<workspace>/<name>.yaml`, and its policy
/// files, `<data folder>/policy.yaml` and `<data folder>/<workspace>/policy.yaml`.
///
/// Dot-files (such as `.gitkeep` and the writers' temporary files) and files not ending in `.yaml`
/// are not token files. Only this listing touches the directory tree, so the files it returns can
/// be read on as many threads as there are cores.
package enum DataFolderScanner {
    /// The data folder's workspace folders, sorted, and the problems of its other entries; the
    /// listing's policy is the root policy file.
    ///
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read.
    package static func scanTopLevel(_ dataFolder: String) throws(DataFolderError)
        -> (workspaces: [String], listing: DataFolderListing)
    {
        var workspaces: [String] = []
        var listing = DataFolderListing()
        for entry in try entries(of: dataFolder) {
            let path = "\(dataFolder)/\(entry.name)"
            let subject = LoadProblem.Subject.dataFolderEntry(entry.name)
            if entry.isPolicyFileName {
                // Whatever it is: reading it reports a link, folder or device as a bad policy.
                listing.policy = TokenFileLocation(folder: dataFolder, workspace: "", fileID: entry.stem)
            } else if entry.isDirectory {
                if WorkspaceSlug.isValid(entry.name) {
                    workspaces.append(entry.name)
                } else {
                    listing.problems.append(
                        LoadProblem(path: path, subject: subject, message: DataFolderLayout.badWorkspaceName))
                }
            } else if entry.isSymbolicLink {
                listing.problems.append(
                    LoadProblem(path: path, subject: subject, message: DataFolderLayout.linkedWorkspace))
            } else if entry.isTokenFileName {
                listing.problems.append(
                    LoadProblem(path: path, subject: subject, message: DataFolderLayout.outsideWorkspace))
            }
        }
        return (workspaces, listing)
    }

    /// Lists one workspace's token files; a workspace that does not exist has none.
    ///
    /// - Throws: ``DataFolderError`` when the workspace folder exists but cannot be read.
    /// A workspace with more than `maximumEntries` entries is refused whole, with one problem, before
    /// its names take more memory; so is one that holds a `.git` entry (file or folder): a submodule.
    package static func scanWorkspace(
        _ dataFolder: String, workspace: String, maximumEntries: Int = TokenFileLimits.maximumFilesPerWorkspace
    ) throws(DataFolderError) -> DataFolderListing {
        let folder = "\(dataFolder)/\(workspace)"
        var listing = DataFolderListing()
        var status = stat()
        guard lstat("\(folder)/\(DataFolderLayout.gitEntry)", &status) != 0 else {
            listing.problems.append(
                LoadProblem(path: folder, subject: .workspace(workspace), message: DataFolderLayout.submoduleWorkspace))
            return listing
        }
        let found = try entries(of: folder, missingIsEmpty: true, limit: maximumEntries)
        guard found.count <= maximumEntries else {
            listing.problems.append(
                LoadProblem(
                    path: folder, subject: .workspace(workspace),
                    message: "workspace has more than \(maximumEntries) entries: none of its tokens loaded"))
            return listing
        }
        for entry in found where entry.isTokenFileName {
            let location = TokenFileLocation(folder: folder, workspace: workspace, fileID: entry.stem)
            if entry.isPolicyFileName {
                listing.policy = location
            } else if entry.isDirectory {
                listing.problems.append(LoadProblem(location, message: DataFolderLayout.folderNotFile))
            } else if entry.isSpecial {
                listing.problems.append(LoadProblem(location, message: DataFolderLayout.notRegularFile))
            } else {
                listing.files.append(location)
            }
        }
        return listing
    }

    /// Throws when `folder` exists but cannot be listed; a folder that does not exist passes.
    ///
    /// - Throws: ``DataFolderError`` naming the folder and why.
    package static func checkReadable(folder: String) throws(DataFolderError) {
        guard let directory = opendir(folder) else {
            let code = errno
            if code == ENOENT { return }
            throw DataFolderError(path: folder, reason: SystemError.describe(code))
        }
        closedir(directory)
    }

    /// A folder entry. A token file's name is kept without `.yaml`, so that it (an id) fits in a
    /// string stored inline, with no allocation.
    private struct Entry {
        /// The name, without its `.yaml` suffix when it is a token file's.
        var stem: String
        /// Whether the name is a token file's (see ``DataFolderLayout/isTokenFileName(utf8:)``).
        var isTokenFileName: Bool
        /// The name's first eight bytes, big-endian: they order almost every pair of names without
        /// comparing strings.
        var sortKey: UInt64
        var isDirectory: Bool
        var isSymbolicLink: Bool
        /// A FIFO, socket or device: neither a regular file, a folder nor a symbolic link.
        var isSpecial: Bool

        /// Whether the entry is named `policy.yaml`.
        var isPolicyFileName: Bool { isTokenFileName && stem == PolicyFileParser.fileID }

        /// The entry's name, as it is in the folder.
        var name: String { isTokenFileName ? stem + ".yaml" : stem }

        /// Reads a `readdir` entry whose name is visible; `nil` for a dot-file.
        static func read(_ entry: UnsafeMutablePointer<dirent>, in folder: String) -> Entry? {
            var type = Int32(entry.pointee.d_type)
            return withUnsafeBytes(of: &entry.pointee.d_name) { tuple in
                let name = tuple[..<(tuple.firstIndex(of: 0) ?? tuple.count)]
                guard DataFolderLayout.isVisible(utf8: name) else { return nil }
                let isTokenFileName = DataFolderLayout.isTokenFileName(utf8: name)
                var key: UInt64 = 0
                withUnsafeMutableBytes(of: &key) {
                    $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: name.prefix(8)))
                }
                if type == DT_UNKNOWN {
                    var status = stat()
                    if lstat("\(folder)/\(String(decoding: name, as: UTF8.self))", &status) == 0 {
                        type = Int32(status.st_mode & S_IFMT) >> 12  // IFTODT
                    }
                }
                return Entry(
                    stem: String(decoding: isTokenFileName ? name.dropLast(5) : name, as: UTF8.self),
                    isTokenFileName: isTokenFileName, sortKey: UInt64(bigEndian: key), isDirectory: type == DT_DIR,
                    isSymbolicLink: type == DT_LNK,
                    isSpecial: Int(type) == DT_FIFO || Int(type) == DT_SOCK || Int(type) == DT_CHR
                        || Int(type) == DT_BLK)
            }
        }

        /// Whether this entry's name sorts before `other`'s, byte by byte.
        func precedes(_ other: Entry) -> Bool {
            sortKey != other.sortKey ? sortKey < other.sortKey : name.utf8.lexicographicallyPrecedes(other.name.utf8)
        }
    }

    /// The non-dot entries of a folder, sorted by name byte by byte; at most `limit` + 1 of them are read.
    private static func entries(
        of folder: String, missingIsEmpty: Bool = false, limit: Int = .max
    ) throws(DataFolderError) -> [Entry] {
        guard let directory = opendir(folder) else {
            let code = errno
            if missingIsEmpty && code == ENOENT { return [] }
            throw DataFolderError(path: folder, reason: SystemError.describe(code))
        }
        defer { closedir(directory) }
        var found: [Entry] = []
        while found.count <= limit, let entry = readdir(directory) {
            if let visible = Entry.read(entry, in: folder) {
                found.append(visible)
            }
        }
        return found.sorted { $0.precedes($1) }
    }
}

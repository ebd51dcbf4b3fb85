import Glibc

/// The data folder on disk: listed by ``DataFolderScanner``, read by ``TokenFileReader``.
package struct WorkTreeSource: DataFolderSource {
    /// How much of the data folder a read covers.
    package enum Extent: Sendable {
        /// Every workspace.
        case everything
        /// One workspace; one with no folder yet has no tokens.
        case workspace(String)
        /// One token file, by its workspace and id, read without listing its folder.
        case file(workspace: String, id: String)
        /// The files named by these ids in every workspace: every file that can hold a token with
        /// one of these ids (a file is named by its token's id), as revoking by value needs. Each
        /// workspace is listed by the same rules as a whole read (a submodule or an oversized
        /// workspace is refused whole), and only its files of these ids are read.
        case filesNamed(Set<String>)
    }

    /// Listing or reading the data folder itself fails this way.
    package typealias Failure = DataFolderError

    /// The data folder's path.
    package let dataFolder: String
    /// How much of it is read.
    package let extent: Extent

    /// A source for `extent` of `dataFolder`.
    package init(_ dataFolder: String, extent: Extent = .everything) {
        self.dataFolder = dataFolder
        self.extent = extent
    }

    /// One workspace, or one file's, is held to the rule the whole folder's listing applies: a
    /// symbolic link in place of the workspace folder is a problem, and nothing behind it is read.
    ///
    /// - Throws: ``DataFolderError`` when the data folder (or, for one workspace, its folder, if
    ///   it exists) cannot be read.
    package func topLevel() throws(DataFolderError) -> (workspaces: [String], listing: DataFolderListing) {
        let workspace: String
        switch extent {
        case .everything, .filesNamed:
            return try DataFolderScanner.scanTopLevel(dataFolder)
        case .workspace(let slug), .file(let slug, _):
            workspace = slug
        }
        let folder = "\(dataFolder)/\(workspace)"
        var status = stat()
        if lstat(folder, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK {
            let problem = LoadProblem(
                path: folder, subject: .dataFolderEntry(workspace), message: DataFolderLayout.linkedWorkspace)
            return ([], DataFolderListing(problems: [problem], policy: rootPolicy))
        }
        if case .workspace = extent {
            try DataFolderScanner.checkReadable(folder: folder)
        }
        return ([workspace], DataFolderListing(policy: rootPolicy))
    }

    /// The root policy file's location when there is an entry by its name (reading it reports a
    /// link, folder or device as a bad policy); a read of one workspace or file does not list the
    /// data folder.
    private var rootPolicy: TokenFileLocation? {
        let location = TokenFileLocation(folder: dataFolder, workspace: "", fileID: PolicyFileParser.fileID)
        return Self.exists(location) ? location : nil
    }

    /// Whether there is an entry at `location`'s path, of any type.
    private static func exists(_ location: TokenFileLocation) -> Bool {
        var status = stat()
        return lstat(location.path, &status) == 0
    }

    package func listing(ofWorkspace workspace: String) -> DataFolderListing {
        var listing: DataFolderListing
        switch extent {
        case .file(_, let id):
            let policy = TokenFileLocation(dataFolder: dataFolder, workspace: workspace, id: PolicyFileParser.fileID)
            return DataFolderListing(
                files: [TokenFileLocation(dataFolder: dataFolder, workspace: workspace, id: id)],
                policy: Self.exists(policy) ? policy : nil)
        case .everything, .workspace, .filesNamed:
            do throws(DataFolderError) {
                listing = try DataFolderScanner.scanWorkspace(dataFolder, workspace: workspace)
            } catch {
                let folder = "\(dataFolder)/\(workspace)"
                return DataFolderListing(
                    problems: [LoadProblem(path: folder, subject: .workspace(workspace), message: error.reason)])
            }
        }
        if case .filesNamed(let ids) = extent {
            listing.files.removeAll { !ids.contains($0.fileID) }
            listing.problems.removeAll {
                guard case .tokenFile(_, let fileID) = $0.subject else { return false }
                return !ids.contains(fileID)
            }
        }
        return listing
    }

    package func stamp(ofWorkspace workspace: String) -> FileStamp? {
        FileStamp("\(dataFolder)/\(workspace)")
    }

    package func stamp(of file: TokenFileLocation) -> FileStamp? {
        FileStamp(file.path)
    }

    package var readsInParallel: Bool { true }

    /// Reads each file with one ``TokenFileReader``. A file not from a folder listing (one file's
    /// extent) is always stamped, which is what refuses a FIFO or device in its place.
    package func read(
        _ files: ArraySlice<TokenFileLocation>, takingStamps: Bool, _ body: (TokenFileLocation, SourceFile) -> Void
    ) {
        var listed = true
        if case .file = extent {
            listed = false
        }
        let reader = TokenFileReader(takesStamps: takingStamps || !listed)
        for file in files {
            body(file, reader.read(file))
        }
    }
}

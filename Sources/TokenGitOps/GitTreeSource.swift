import Foundation
import TokenVerification

/// The data folder as a git tree or index lists it, read from git's object store: the same layout
/// rules and size limit as the work tree, and problems that name the files by their usual paths.
///
/// Listing happens once, from `git ls-tree` or `git ls-files` output; each read streams its blobs
/// through one `git cat-file --batch`. Git keeps no stamps, so nothing is reused between reads.
struct GitTreeSource: DataFolderSource {
    /// One line of git's listing.
    struct Entry {
        var mode: Substring
        var object: String
        /// The path in the repository.
        var path: String
    }

    /// Running git or reading its output fails this way.
    typealias Failure = GitError

    let dataFolder: String
    private let git: Git
    private let workspaces: [String]
    private let topListing: DataFolderListing
    private let listings: [String: DataFolderListing]
    private let objects: [TokenFileLocation: String]

    /// Sorts git's entries under `folder` into workspaces, files and problems.
    ///
    /// - Parameters:
    ///   - entries: Every entry git listed.
    ///   - folder: The data folder's path in the repository (`.` for the top level).
    ///   - dataFolder: The data folder's path as problems name it.
    ///   - git: Where to run `git cat-file`.
    init(_ entries: [Entry], folder: String, dataFolder: String, git: Git) {
        self.dataFolder = dataFolder
        self.git = git
        let prefix = folder == "." ? "" : folder + "/"
        var ownListing = DataFolderListing()
        var reported = Set<String>()
        var listings: [String: DataFolderListing] = [:]
        var objects: [TokenFileLocation: String] = [:]
        func report(_ path: String, _ subject: LoadProblem.Subject, _ message: String) {
            if reported.insert(path).inserted {
                ownListing.problems.append(LoadProblem(path: path, subject: subject, message: message))
            }
        }
        for entry in entries where entry.path.hasPrefix(prefix) {
            let parts = entry.path.dropFirst(prefix.count).split(separator: "/")
            guard let top = parts.first, DataFolderLayout.isVisible(utf8: top.utf8) else { continue }
            let topPath = "\(dataFolder)/\(top)"
            let topEntry = LoadProblem.Subject.dataFolderEntry(String(top))
            if parts.count == 1 {
                if top == PolicyFileParser.fileName {
                    // Whatever its mode: reading a link or gitlink reports a bad policy.
                    let location = TokenFileLocation(folder: dataFolder, workspace: "", fileID: PolicyFileParser.fileID)
                    ownListing.policy = location
                    objects[location] = entry.mode.hasPrefix("100") ? entry.object : nil
                } else if entry.mode == "160000" {
                    report(topPath, .workspace(String(top)), DataFolderLayout.submoduleWorkspace)
                } else if entry.mode == "120000" {
                    report(topPath, topEntry, DataFolderLayout.linkedWorkspace)
                } else if DataFolderLayout.isTokenFileName(utf8: top.utf8) {
                    report(topPath, topEntry, DataFolderLayout.outsideWorkspace)
                }
                continue
            }
            let workspace = String(top)
            guard WorkspaceSlug.isValid(workspace) else {
                report(topPath, topEntry, DataFolderLayout.badWorkspaceName)
                continue
            }
            let name = parts[1]
            guard DataFolderLayout.isTokenFileName(utf8: name.utf8) else { continue }
            let location = TokenFileLocation(folder: topPath, workspace: workspace, fileID: String(name.dropLast(5)))
            let subject = LoadProblem.Subject.tokenFile(workspace: workspace, fileID: location.fileID)
            if name == PolicyFileParser.fileName {
                listings[workspace, default: DataFolderListing()].policy = location
                objects[location] = parts.count == 2 && entry.mode.hasPrefix("100") ? entry.object : nil
            } else if parts.count > 2 {
                if reported.insert(location.path).inserted {
                    listings[workspace, default: DataFolderListing()].problems.append(
                        LoadProblem(path: location.path, subject: subject, message: DataFolderLayout.folderNotFile))
                }
            } else if entry.mode == "120000" {
                listings[workspace, default: DataFolderListing()].problems.append(
                    LoadProblem(path: location.path, subject: subject, message: DataFolderLayout.linkedFile))
            } else if entry.mode.hasPrefix("100") {
                listings[workspace, default: DataFolderListing()].files.append(location)
                objects[location] = entry.object
            }
        }
        self.topListing = ownListing
        self.workspaces = listings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.listings = listings
        self.objects = objects
    }

    func topLevel() -> (workspaces: [String], listing: DataFolderListing) {
        (workspaces, topListing)
    }

    func listing(ofWorkspace workspace: String) -> DataFolderListing {
        listings[workspace] ?? DataFolderListing()
    }

    func stamp(ofWorkspace workspace: String) -> FileStamp? { nil }

    func stamp(of file: TokenFileLocation) -> FileStamp? { nil }

    /// One `git cat-file` at a time.
    var readsInParallel: Bool { false }

    /// Streams the files' blobs; one over the size limit is streamed past, never kept, and reported
    /// by its size.
    ///
    /// - Throws: ``GitError`` when git cannot be run or its output breaks off.
    func read(
        _ files: ArraySlice<TokenFileLocation>, takingStamps: Bool, _ body: (TokenFileLocation, SourceFile) -> Void
    ) throws(GitError) {
        let files = Array(files)
        var contents: [UInt8] = []
        var (current, currentSize, handed) = (-1, 0, 0)
        // Hands over every file up to `number`: the ones git skipped are missing from its store.
        func handOver(upTo number: Int) {
            while handed < number {
                let location = files[handed]
                handed += 1
                guard handed - 1 == current else {
                    body(
                        location,
                        .problem(LoadProblem(location, message: "missing from git's object store"), stamp: nil))
                    continue
                }
                guard currentSize <= TokenFileLimits.maximumFileSize else {
                    let message = TokenFileLimits.oversizeMessage(size: currentSize)
                    body(location, .problem(LoadProblem(location, message: message), stamp: nil))
                    continue
                }
                contents.withUnsafeBytes { body(location, .bytes($0, stamp: nil)) }
            }
        }
        try GitBlobReader.read(files.map { objects[$0] ?? "" }, in: git) { number, size, chunk in
            if number != current {
                handOver(upTo: number)
                (current, currentSize) = (number, size)
                contents.removeAll(keepingCapacity: true)
            }
            if size <= TokenFileLimits.maximumFileSize {
                contents.append(contentsOf: chunk)
            }
        }
        handOver(upTo: files.count)
    }
}

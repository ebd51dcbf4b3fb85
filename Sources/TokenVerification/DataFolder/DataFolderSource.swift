/// Where a data folder's token files come from: the work tree, or a git revision.
///
/// A source lists the folder by the layout rules (workspace folders, then each one's token files,
/// with a problem for every misplaced entry) and hands each file's bytes, or the problem that kept
/// it from being read, to ``DataFolderReader``, which parses them. Every source yields the same
/// locations and problems for the same folder, so the reader's rules apply to each alike.
package protocol DataFolderSource: Sendable {
    /// What stops the source from listing or reading at all (not a problem with one entry).
    associatedtype Failure: Error

    /// The data folder's path, as problems name it (`<data folder>/<workspace>/<id>.yaml`).
    var dataFolder: String { get }

    /// The workspace folders, sorted by name byte by byte, and a listing of the data folder's other
    /// entries: their problems, and the root policy file.
    func topLevel() throws(Failure) -> (workspaces: [String], listing: DataFolderListing)

    /// One workspace's token files, sorted by name, its policy file, and the problems of its other
    /// entries (or of the workspace as a whole).
    func listing(ofWorkspace workspace: String) -> DataFolderListing

    /// The stamp of a workspace folder, or `nil` when the source keeps none: then nothing in it is
    /// reused from an earlier read.
    func stamp(ofWorkspace workspace: String) -> FileStamp?

    /// The stamp of a listed file, or `nil` when the source keeps none.
    func stamp(of file: TokenFileLocation) -> FileStamp?

    /// Whether ``read(_:takingStamps:_:)`` may run on several threads at once, each with its own files.
    var readsInParallel: Bool { get }

    /// Reads `files`, in order, handing each to `body` exactly once.
    ///
    /// - Parameters:
    ///   - files: Files from this source's listings.
    ///   - takingStamps: Whether each read takes the stamp of what it read (when the source keeps
    ///     stamps), for a later read to tell what changed.
    ///   - body: Receives each file's location and what was read. Bytes last only until `body` returns.
    /// - Throws: `Failure` when the source cannot go on; the files not handed over yet are not read.
    func read(
        _ files: ArraySlice<TokenFileLocation>, takingStamps: Bool,
        _ body: (TokenFileLocation, SourceFile) -> Void
    ) throws(Failure)
}

/// What a source read for one listed file.
package enum SourceFile {
    /// The file's bytes (at most one byte over the size limit is never handed over: the source
    /// reports such a file as a problem), with the stamp of what was read when one was taken.
    case bytes(UnsafeRawBufferPointer, stamp: FileStamp?)
    /// The file cannot be read; the stamp is of what was found, when there is one.
    case problem(LoadProblem, stamp: FileStamp?)
    /// The file was removed after it was listed: it is left out, with no problem.
    case gone
}

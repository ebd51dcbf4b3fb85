import Foundation

/// The git work tree a data folder lives in, and the data folder's path inside it.
public struct Repository: Sendable {
    /// Runs git at the work tree's top level.
    public let git: Git
    /// The work tree's top level, absolute.
    public let root: String
    /// The data folder as the user named it (relative to the current directory, or absolute).
    public let dataFolder: String
    /// The data folder relative to ``root``, as git pathspecs and tree paths name it.
    public let dataFolderInRepository: String

    /// Finds the repository around `dataFolder` (or around the current directory when the data
    /// folder does not exist yet).
    ///
    /// With `GIT_DIR` set, as git sets it for a hook in a linked worktree, the repository is that one
    /// wherever git runs, and its work tree is `GIT_WORK_TREE`, else `core.worktree`, else the
    /// current directory: git is asked from the current directory, so a data folder below it is not
    /// mistaken for the work tree's top.
    ///
    /// - Throws: ``GitError`` when the folder is not inside a git work tree.
    public init(dataFolder: String) throws(GitError) {
        let absolute = Self.absolute(dataFolder)
        var probe = absolute
        while !FileManager.default.fileExists(atPath: probe), probe != "/" {
            probe = (probe as NSString).deletingLastPathComponent
        }
        if !(ProcessInfo.processInfo.environment["GIT_DIR"] ?? "").isEmpty {
            probe = FileManager.default.currentDirectoryPath
        }
        let top = try Git(directory: probe).output(["rev-parse", "--show-toplevel"])
        guard top.status == 0, !top.text.isEmpty else {
            throw .notInRepository(dataFolder: dataFolder)
        }
        let root = URL(fileURLWithPath: top.text).resolvingSymlinksInPath().path
        let resolved = Self.resolvingExistingPrefix(absolute)
        guard resolved == root || resolved.hasPrefix(root + "/") else {
            throw .outsideWorkTree(dataFolder: dataFolder, root: root)
        }
        self.git = Git(directory: root)
        self.root = root
        self.dataFolder = dataFolder
        self.dataFolderInRepository = resolved == root ? "." : String(resolved.dropFirst(root.count + 1))
    }

    /// `path` made absolute against the current directory and standardized (no `.` or `..`).
    static func absolute(_ path: String) -> String {
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }

    /// `path` with symbolic links resolved in the part that exists, and the rest appended.
    private static func resolvingExistingPrefix(_ path: String) -> String {
        var existing = path
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing), existing != "/" {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let resolved = URL(fileURLWithPath: existing).resolvingSymlinksInPath().path
        return ([resolved] + rest).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
    }
}

import Foundation
import TokenVerification

/// Reads the data folder as git holds it, staged in the index or at a revision, straight from git's
/// object store, through the same reader as the work tree.
public enum DataFolderInGit {
    /// The data folder as staged in git's index (or in `$GIT_INDEX_FILE`, as in a pre-commit hook).
    ///
    /// - Throws: ``GitError`` when git cannot list or read the index.
    public static func staged(in repository: Repository) throws(GitError) -> TokenIndex {
        // "<mode> <object> <stage>\t<path>"
        try read(
            ["ls-files", "--stage", "-z"], folder: repository.dataFolderInRepository, objectField: 1, in: repository)
    }

    /// The data folder in a commit or tree (any tree-ish `git ls-tree` takes, such as an object id).
    ///
    /// - Parameters:
    ///   - tree: The commit or tree.
    ///   - folder: The data folder's path in the repository (default: the repository's).
    ///   - repository: The repository.
    /// - Throws: ``GitError`` when git cannot list or read the tree.
    public static func at(
        tree: String, folder: String? = nil, in repository: Repository
    ) throws(GitError) -> TokenIndex {
        // "<mode> <type> <object>\t<path>"
        try read(
            ["ls-tree", "-r", "-z", tree], folder: folder ?? repository.dataFolderInRepository, objectField: 2,
            in: repository)
    }

    /// Reads the entries that `git <listing> -- <folder>` lists, each line a mode first and the
    /// object id in field `objectField`.
    private static func read(
        _ listing: [String], folder: String, objectField: Int, in repository: Repository
    ) throws(GitError) -> TokenIndex {
        let listed = try repository.git.run(listing + ["--", folder])
        let entries = Git.fields(listed.stdout).compactMap { line -> GitTreeSource.Entry? in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let fields = line[..<tab].split(separator: " ")
            guard fields.count > objectField else { return nil }
            return GitTreeSource.Entry(
                mode: fields[0], object: String(fields[objectField]), path: String(line[line.index(after: tab)...]))
        }
        return try TokenIndex(
            reading: GitTreeSource(entries, folder: folder, dataFolder: repository.dataFolder, git: repository.git))
    }
}

import Foundation
import TokenVerification

/// Reads the data folder as git holds it, staged in the index or at a revision, straight from git's
/// object store, through the same reader as the work tree.
public enum DataFolderInGit {
    /// The data folder as staged in git's index (or in `$GIT_INDEX_FILE`, as in a pre-commit hook).
    ///
    /// - Throws: ``GitError`` when git cannot list or read the index.
    public static func staged(in repository: Repository) throws(GitError) -> TokenIndex {
        let folder = repository.dataFolderInRepository
        // "<mode> <object> <stage>\t<path>"
        let listed = try repository.git.run(["ls-files", "--stage", "-z", "--", folder])
        let entries = entries(Git.fields(listed.stdout), modeField: 0, objectField: 1)
        return try TokenIndex(
            reading: GitTreeSource(entries, folder: folder, dataFolder: repository.dataFolder, git: repository.git))
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
        let folder = folder ?? repository.dataFolderInRepository
        // "<mode> <type> <object>\t<path>"
        let listed = try repository.git.run(["ls-tree", "-r", "-z", tree, "--", folder])
        let entries = entries(Git.fields(listed.stdout), modeField: 0, objectField: 2)
        return try TokenIndex(
            reading: GitTreeSource(entries, folder: folder, dataFolder: repository.dataFolder, git: repository.git))
    }

    private static func entries(
        _ lines: [String], modeField: Int, objectField: Int
    ) -> [GitTreeSource.Entry] {
        lines.compactMap { line in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let fields = line[..<tab].split(separator: " ")
            guard fields.count > max(modeField, objectField) else { return nil }
            return GitTreeSource.Entry(
                mode: fields[modeField], object: String(fields[objectField]),
                path: String(line[line.index(after: tab)...]))
        }
    }
}

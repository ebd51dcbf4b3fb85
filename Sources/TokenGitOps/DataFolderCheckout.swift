import Foundation
import TokenVerification

/// Loads the data folder as git holds it, staged in the index or at a revision, by checking its
/// files out into a temporary folder and loading that like any data folder.
///
/// Reading through the ordinary loader keeps every rule (size limits, symbolic links, names) the
/// same for the work tree, the index and history. Problems name the files by their usual paths.
public enum DataFolderCheckout {
    /// The data folder as staged in git's index (or in `$GIT_INDEX_FILE`, as in a pre-commit hook).
    public static func staged(in repository: Repository) throws(GitError) -> DataFolderSnapshot {
        try load(repository, environment: [:])
    }

    /// The data folder at a revision (a commit, branch or tag).
    ///
    /// - Throws: ``GitError`` when the revision does not name a commit.
    public static func at(revision: String, in repository: Repository) throws(GitError) -> DataFolderSnapshot {
        let commit = try repository.git.output(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"])
        guard commit.status == 0 else {
            throw GitError("unknown revision \(revision)")
        }
        let scratch = try ScratchFolder()
        let environment = ["GIT_INDEX_FILE": "\(scratch.path)/index"]
        try repository.git.run(["read-tree", commit.text], environment: environment)
        return try load(repository, environment: environment, scratch: scratch)
    }

    private static func load(
        _ repository: Repository, environment: [String: String]
    ) throws(GitError) -> DataFolderSnapshot {
        try load(repository, environment: environment, scratch: try ScratchFolder())
    }

    private static func load(
        _ repository: Repository, environment: [String: String], scratch: ScratchFolder
    ) throws(GitError) -> DataFolderSnapshot {
        let listed = try repository.git.run(
            ["ls-files", "-z", "--", repository.dataFolderInRepository], environment: environment
        ).stdout
        guard !listed.isEmpty else {
            return DataFolderSnapshot(records: [], problems: [])
        }
        try repository.git.run(
            ["checkout-index", "--prefix=\(scratch.path)/tree/", "-z", "--stdin"], input: listed,
            environment: environment)
        let checkedOut = "\(scratch.path)/tree/\(repository.dataFolderInRepository)"
        let snapshot: DataFolderSnapshot
        do throws(DataFolderError) {
            snapshot = try DataFolderLoader.load(checkedOut)
        } catch {
            return DataFolderSnapshot(records: [], problems: [])
        }
        let problems = snapshot.problems.map { problem in
            var renamed = problem
            renamed.path = repository.dataFolder + problem.path.dropFirst(checkedOut.count)
            return renamed
        }
        return DataFolderSnapshot(records: snapshot.records, problems: problems)
    }
}

/// A temporary folder removed when released.
final class ScratchFolder {
    let path: String

    init() throws(GitError) {
        var template = Array("\(NSTemporaryDirectory())/tokenctl-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw GitError("cannot create a temporary folder: \(SystemError.describe(errno))")
        }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

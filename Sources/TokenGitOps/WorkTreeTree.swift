import Foundation

/// The work tree written into git as a tree, so that it is compared exactly as a revision is.
///
/// A copy of the index gets every change under the given pathspecs added, untracked and ignored
/// files included (`git add -A -f`), and `git write-tree` turns it into a tree. The real index is
/// never touched; the files' blobs are written into the object store, as `git add` writes them.
enum WorkTreeTree {
    /// The id of a tree that holds the index, with the work tree's state under `pathspecs`.
    static func write(pathspecs: [String], in git: Git) throws(GitError) -> String {
        let index = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("tokenctl-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: index) }
        let realIndex = try git.run(["rev-parse", "--git-path", "index"]).text
        let realPath = realIndex.hasPrefix("/") ? realIndex : "\(git.directory)/\(realIndex)"
        if FileManager.default.fileExists(atPath: realPath) {
            do {
                try FileManager.default.copyItem(atPath: realPath, toPath: index)
            } catch {
                throw .cannotCopyIndex(reason: error.localizedDescription)
            }
        }
        let environment = ["GIT_INDEX_FILE": index]
        // One listing per pathspec: together with a glob, git no longer lists a nested repository.
        var changed = Data()
        for pathspec in pathspecs {
            changed += try git.run(
                ["ls-files", "-z", "--others", "--modified", "--deleted", "--", pathspec], environment: environment
            ).stdout
        }
        if !changed.isEmpty {
            var literal = environment
            literal["GIT_LITERAL_PATHSPECS"] = "1"
            try git.run(
                ["add", "-A", "-f", "--pathspec-from-file=-", "--pathspec-file-nul"], input: changed,
                environment: literal)
        }
        return try git.run(["write-tree"], environment: environment).text
    }
}

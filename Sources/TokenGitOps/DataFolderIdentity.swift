import Foundation

/// A name for a data folder that is the same on every clone of its repository and differs between
/// repositories, so that usage recorded by several replicas merges, and usage of another folder
/// does not.
public enum DataFolderIdentity {
    /// `git:<root commit>:<path in the repository>` for a data folder in a git work tree with at
    /// least one commit (the lowest root commit's id, when histories were merged), else
    /// `path:<absolute path, symbolic links resolved>`.
    public static func of(dataFolder: String) -> String {
        if let repository = try? Repository(dataFolder: dataFolder),
            let roots = try? repository.git.run(["rev-list", "--max-parents=0", "HEAD"]),
            let root = roots.text.split(separator: "\n").min()
        {
            return "git:\(root):\(repository.dataFolderInRepository)"
        }
        let absolute = URL(fileURLWithPath: dataFolder).standardizedFileURL.resolvingSymlinksInPath().path
        return "path:\(absolute)"
    }
}

import Foundation

/// Finds the top level of the git work tree that holds a folder, as git's own discovery does.
///
/// Without git's discovery variables, it walks up from the folder to the first one holding a
/// `.git` entry: a folder with a `HEAD` file, or a gitfile starting `gitdir:` (a linked worktree,
/// a submodule). Like git, it does not cross into another filesystem. No process is started, so
/// every command can afford it. When `GIT_DIR`, `GIT_WORK_TREE`, `GIT_CEILING_DIRECTORIES` or
/// `GIT_DISCOVERY_ACROSS_FILESYSTEM` is set, git itself is asked (`git rev-parse --show-toplevel`),
/// so the answer is always the work tree the git commands run later act on.
public enum WorkTreeDiscovery {
    /// The variables that change where git looks for a repository.
    static let gitVariables = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    ]

    /// The top level of the work tree holding `directory`, or `nil` outside any work tree.
    ///
    /// - Parameters:
    ///   - directory: An absolute path without symbolic links, such as the current directory.
    ///   - environment: The variables git would see.
    /// - Returns: An absolute path: `directory` itself or one of its ancestors, or, when git's
    ///   variables name another work tree, git's answer.
    public static func topLevel(containing directory: String, environment: [String: String]) -> String? {
        if gitVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) {
            return askingGit(in: directory)
        }
        return walkingUp(from: directory)
    }

    /// The first of `directory` and its ancestors on the same filesystem that holds a `.git` entry.
    private static func walkingUp(from directory: String) -> String? {
        guard let device = device(of: directory) else { return nil }
        var candidate = directory
        while true {
            if holdsGitEntry(candidate) {
                return candidate
            }
            let parent = (candidate as NSString).deletingLastPathComponent
            guard parent != candidate, !parent.isEmpty, self.device(of: parent) == device else {
                return nil
            }
            candidate = parent
        }
    }

    /// Whether `folder/.git` is a git folder (it holds `HEAD`) or a gitfile pointing at one.
    private static func holdsGitEntry(_ folder: String) -> Bool {
        let entry = folder == "/" ? "/.git" : "\(folder)/.git"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: entry, isDirectory: &isDirectory) else {
            return false
        }
        if isDirectory.boolValue {
            return FileManager.default.fileExists(atPath: "\(entry)/HEAD")
        }
        let prefix = Data("gitdir:".utf8)
        guard let file = FileHandle(forReadingAtPath: entry) else { return false }
        defer { try? file.close() }
        return (try? file.read(upToCount: prefix.count)) == prefix
    }

    /// The filesystem `path` is on, or `nil` when it cannot be examined.
    private static func device(of path: String) -> UInt64? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return UInt64(status.st_dev)
    }

    /// What `git rev-parse --show-toplevel` says in `directory`, or `nil` when it fails.
    private static func askingGit(in directory: String) -> String? {
        guard let output = try? Git(directory: directory).output(["rev-parse", "--show-toplevel"]),
            output.status == 0, !output.text.isEmpty
        else {
            return nil
        }
        return URL(fileURLWithPath: output.text).resolvingSymlinksInPath().path
    }
}

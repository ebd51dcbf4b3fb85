import Foundation

/// How long ago the git checkout holding a data folder was last known to be up to date, read from
/// git's files without running git, so that a `git pull` that keeps failing shows.
///
/// The checkout was up to date when its `HEAD` last moved (a pull that brought commits, a checkout,
/// a reset): the newest modification time of the work tree's `HEAD` file, its `HEAD` reflog and
/// the branch ref `HEAD` names. It was up to date, too, when a fetch last found nothing newer: the
/// modification time of `FETCH_HEAD` (the work tree's own, or, for a linked worktree, the
/// repository's, where git-sync fetches), when the commit `HEAD` is at is what that fetch brought
/// for merging (or, when it marked nothing for merging, any commit it brought). So a pull that fails
/// to fetch leaves the time where it was, and so does one that fetches but cannot merge (diverged
/// history, local changes in the way): `HEAD` is then not at the fetched commit. A checkout with
/// commits of its own ahead of what it fetches counts from its `HEAD`'s last move.
public enum CheckoutAge {
    /// When the checkout holding `dataFolder` was last known to be up to date.
    ///
    /// - Parameter dataFolder: The data folder, relative to the current directory or absolute;
    ///   symbolic links are resolved on every call, so a link swapped to another checkout is followed.
    /// - Returns: `nil` when the folder is in no git work tree (as git finds one without its
    ///   discovery variables), or none of the files above can be read.
    public static func lastUpToDate(dataFolder: String) -> Date? {
        guard let resolved = realpath(dataFolder, nil) else { return nil }
        let folder = String(cString: resolved)
        free(resolved)
        guard let topLevel = WorkTreeDiscovery.topLevel(containing: folder, environment: [:]),
            let git = GitDirectory(topLevel: topLevel)
        else { return nil }
        let head = GitDirectory.firstLine(of: "\(git.own)/HEAD")
        let branch = head.flatMap { $0.hasPrefix("ref: ") ? String($0.dropFirst("ref: ".count)) : nil }
        var moved = ["\(git.own)/HEAD", "\(git.own)/logs/HEAD"]
        if let branch {
            moved.append("\(git.common)/\(branch)")
        }
        var times = moved.compactMap(modified)
        let commit = branch.map { resolve($0, in: git.common) } ?? head
        if let commit {
            // A linked worktree's own fetches, and the repository's (git-sync fetches there).
            times += Set([git.own, git.common]).compactMap { fetchTime(bringing: commit, in: $0) }
        }
        return times.max()
    }

    /// Seconds from the checkout's last known up-to-date moment to `now`; `nil` as for
    /// ``lastUpToDate(dataFolder:)``.
    public static func seconds(dataFolder: String, now: Date = Date()) -> Double? {
        lastUpToDate(dataFolder: dataFolder).map { now.timeIntervalSince($0) }
    }

    /// The commit a branch ref names: its loose ref file, else its line in `packed-refs`.
    private static func resolve(_ ref: String, in common: String) -> String? {
        if let loose = GitDirectory.firstLine(of: "\(common)/\(ref)") {
            return loose
        }
        guard let packed = try? String(contentsOfFile: "\(common)/packed-refs", encoding: .utf8) else { return nil }
        for line in packed.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2 && fields[1] == ref {
                return String(fields[0])
            }
        }
        return nil
    }

    /// When `folder/FETCH_HEAD` was written, if the fetch that wrote it brought `commit` for
    /// merging (any line, when none is marked for merging).
    private static func fetchTime(bringing commit: String, in folder: String) -> Date? {
        let path = "\(folder)/FETCH_HEAD"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        // "<commit>\t<'' or 'not-for-merge'>\t<description>"
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let forMerge = lines.filter { $0.count > 1 && $0[1].isEmpty }
        let candidates = forMerge.isEmpty ? lines : forMerge
        guard candidates.contains(where: { $0.first.map(String.init) == commit }) else { return nil }
        return modified(path)
    }

    /// The modification time of `path`, or `nil` when it cannot be examined.
    private static func modified(_ path: String) -> Date? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Date(
            timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1_000_000_000)
    }
}

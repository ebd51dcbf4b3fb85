import Foundation
import TokenVerification

/// What `tokenctl diff` reports: every change under the data folder between two revisions (or a
/// revision and the work tree), every `.gitattributes` and `hooks/` change, and the warnings that
/// need more than the two trees (revocations in history, copies in other workspaces).
public enum RevisionComparison {
    /// The changes from `base` to `head`, sorted by workspace, kind, id and path.
    ///
    /// - Parameters:
    ///   - base: The revision to compare from.
    ///   - head: The revision to compare to, or `nil` for the work tree as git sees it (untracked
    ///     and ignored files included).
    ///   - repository: The repository and data folder.
    ///   - now: The time that decides which tokens are active.
    /// - Throws: ``GitError`` when a revision does not name a commit or git fails.
    public static func changes(
        base: String, head: String?, in repository: Repository, at now: Date = Date()
    ) throws(GitError) -> [TokenChange] {
        let git = repository.git
        let dataFolder = namedDataFolder(of: repository)
        let pathspecs = [":(literal)\(dataFolder)", ":(glob)**/.gitattributes", ":(literal)hooks"]
        let baseCommit = try commit(base, in: git)
        let headCommit = try head.map { revision throws(GitError) in try commit(revision, in: git) }
        let headTree: String
        if let headCommit {
            headTree = headCommit
        } else {
            headTree = try WorkTreeTree.write(pathspecs: pathspecs, in: git)
        }
        let before = try DataFolderInGit.at(tree: baseCommit, folder: dataFolder, in: repository)
        let after = try DataFolderInGit.at(tree: headTree, folder: dataFolder, in: repository)
        let entries = try TreeEntryChange.between(baseCommit, headTree, pathspecs: pathspecs, in: git)
        var result = TokenDiffer.compare(before, after, entries: entries, dataFolder: dataFolder, at: now)
        if !result.newlyActive.isEmpty {
            if try RevocationHistory.isShallow(git) {
                result.changes.append(TokenChange(kind: .historyIncomplete, workspace: "", id: "", name: ""))
            }
            let current = try git.output(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
            let commits = [baseCommit] + (headCommit.map { [$0] } ?? (current.status == 0 ? [current.text] : []))
            let revoked = try RevocationHistory.revokedHashes(reachableFrom: commits, dataFolder: dataFolder, in: git)
            for record in result.newlyActive where revoked.contains(record.hash) {
                result.changes.append(
                    TokenChange(
                        kind: .revokedInHistory, workspace: record.workspace, id: record.id, name: record.name,
                        path: "\(dataFolder == "." ? "" : dataFolder + "/")\(record.workspace)/\(record.id).yaml"))
            }
        }
        return result.changes.sorted {
            ($0.workspace, $0.kind, $0.id, $0.path ?? "") < ($1.workspace, $1.kind, $1.id, $1.path ?? "")
        }
    }

    /// The data folder's path in the repository as named, symlinks in the work tree not followed: a
    /// checkout where the data folder is a symlink must not move the folder that is compared. A path
    /// that reaches the repository only through a symlink keeps its resolved form.
    private static func namedDataFolder(of repository: Repository) -> String {
        let named = Repository.absolute(repository.dataFolder)
        if named == repository.root {
            return "."
        }
        guard named.hasPrefix(repository.root + "/") else {
            return repository.dataFolderInRepository
        }
        return String(named.dropFirst(repository.root.count + 1))
    }

    private static func commit(_ revision: String, in git: Git) throws(GitError) -> String {
        let commit = try git.output(["rev-parse", "--verify", "--quiet", "--end-of-options", "\(revision)^{commit}"])
        guard commit.status == 0, !commit.text.isEmpty else {
            throw .unknownRevision(revision)
        }
        return commit.text
    }
}

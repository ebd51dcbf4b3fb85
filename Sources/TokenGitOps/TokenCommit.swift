import Foundation

/// Commits token file changes: exactly the changed files, with a message naming the change.
public enum TokenCommit {
    /// Stages `paths` and commits only them, leaving anything else staged as it was.
    ///
    /// Hooks run as for any commit, so the pre-commit hook checks this one too.
    /// - Parameters:
    ///   - paths: The changed token files.
    ///   - message: The commit message, such as `tokens(acme): revoke 5e884898da28 "CRM Integration"`.
    ///   - repository: Where to commit.
    /// - Throws: ``GitError`` with git's (and its hooks') messages in ``GitError/details``.
    public static func commit(_ paths: [String], message: String, in repository: Repository) throws(GitError) {
        let absolute = paths.map(Repository.absolute)
        let added = try repository.git.output(["add", "--"] + absolute)
        guard added.status == 0 else {
            throw .refused(subcommand: "add", details: lines(added.stderr))
        }
        let committed = try repository.git.output(["commit", "--quiet", "--message", message, "--"] + absolute)
        guard committed.status == 0 else {
            throw .refused(subcommand: "commit", details: lines(committed.stderr + committed.text))
        }
    }

    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }
}

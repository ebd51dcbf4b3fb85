import ArgumentParser
import TextEscaping
import TokenGitOps

/// The `--commit` flag and what it does: check for a repository first, commit the changed files after.
struct CommitOptions: ParsableArguments {
    @Flag(help: "Commit the changed token file(s) with git, with a message naming the change.")
    var commit = false

    /// The repository to commit to, found before anything is written; `nil` without `--commit`.
    func preflight(dataFolder: String) throws -> Repository? {
        guard commit else { return nil }
        do {
            return try Repository(dataFolder: dataFolder)
        } catch {
            throw CommandFailure.commitUnavailable(error)
        }
    }

    /// Commits `paths` as `tokens(<workspace>): <action> <id> "<name>"`.
    ///
    /// - Throws: ``CommandFailure/notCommitted(_:paths:)``, after printing git's own messages.
    func commit(
        _ paths: [String], action: String, workspace: String, id: String, name: String, in repository: Repository?
    ) throws {
        try commit(
            paths, message: Self.message(action: action, workspace: workspace, id: id, name: name), in: repository)
    }

    /// `tokens(<workspace>): <action> <id> "<name>"`: how a commit names one token's change.
    static func message(action: String, workspace: String, id: String, name: String) -> String {
        "tokens(\(workspace)): \(action) \(id) \(TerminalText.quoted(name))"
    }

    /// Commits `paths` with `message`.
    ///
    /// - Throws: ``CommandFailure/notCommitted(_:paths:)``, after printing git's own messages.
    func commit(_ paths: [String], message: String, in repository: Repository?) throws {
        guard let repository else { return }
        do {
            try TokenCommit.commit(paths, message: message, in: repository)
        } catch {
            error.details.forEach { Console.diagnostic("git: \($0)") }
            throw CommandFailure.notCommitted(error, paths: paths)
        }
    }
}

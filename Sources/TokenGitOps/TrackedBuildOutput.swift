import TokenVerification

/// Build output that git tracks: a binary committed under `.build/` that a hook or a CI job might
/// run in place of a trusted `tokenctl`, so `check` refuses it.
public enum TrackedBuildOutput {
    /// The build folder SwiftPM writes at the package's top level.
    public static let folder = ".build"

    /// One problem per path under `.build/` in git's index (what is tracked, or staged to be).
    ///
    /// - Throws: ``GitError`` when git cannot list the index.
    public static func problems(in repository: Repository) throws(GitError) -> [LoadProblem] {
        let listed = try repository.git.run(["ls-files", "-z", "--", "\(folder)/"]).stdout
        return Git.fields(listed).map {
            LoadProblem(
                path: $0, subject: nil,
                message: "tracked build output: a hook or CI job could run it in place of a trusted tokenctl "
                    + "(git rm -r --cached \(folder))")
        }
    }
}

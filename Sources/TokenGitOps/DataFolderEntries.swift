import TokenVerification

/// What git tracks under the data folder that is not a token or policy file: the layout allows only
/// `<workspace>/<id>.yaml` regular files, `policy.yaml` files and `.gitkeep` files there, so `check` flags a submodule, a
/// symlink or any other file that a pull request adds, even one the work tree does not show (a
/// submodule that was never checked out).
public enum DataFolderEntries {
    /// One problem per entry in git's index (what is tracked, or staged to be) under the data
    /// folder that is not a regular token file, policy file or `.gitkeep`.
    ///
    /// - Throws: ``GitError`` when git cannot list the index.
    public static func problems(in repository: Repository) throws(GitError) -> [LoadProblem] {
        let folder = repository.dataFolderInRepository
        // "<mode> <object> <stage>\t<path>"
        let listed = try repository.git.run(["ls-files", "--stage", "-z", "--", folder]).stdout
        return Git.fields(listed).compactMap { line -> LoadProblem? in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let mode = String(line.prefix { $0 != " " })
            let path = String(line[line.index(after: tab)...])
            let relative = folder == "." ? path : String(path.dropFirst(folder.count + 1))
            let regular = TreeEntryChange.isRegularOrAbsent(mode)
            let place = DataFolderPath(relative: relative)
            let subject = place.subject(top: String(relative.prefix { $0 != "/" }))
            let message: String
            switch (place, regular) {
            case (.tokenFile, true), (.policyFile, true), (.keepFile, true):
                return nil
            case (_, false) where mode == "160000":
                message =
                    "a submodule in the data folder: a replica that checks out recursively "
                    + "would serve its tokens (only token files, policy files and .gitkeep files belong here)"
            case (_, false) where mode == "120000":
                message = "a symbolic link in the data folder, not a token file"
            default:
                message =
                    "not a token file: only <workspace>/<id>.yaml, policy.yaml and .gitkeep files belong in the "
                    + "data folder"
            }
            return LoadProblem(path: path, subject: subject, message: message)
        }
    }
}

import Foundation

/// `tokenctl init`: the data folder, the pre-commit hook's tracked source, and a copy of the hook in
/// git's own hooks folder, each made only if missing.
///
/// `core.hooksPath` is never pointed at the work tree: git would run any hook a pull request adds.
public enum RepositorySetup {
    /// The folder of the hook's tracked source, relative to the repository's top level.
    public static let hooksFolder = "hooks"

    /// Sets up the repository around `dataFolder`, idempotently.
    ///
    /// - Returns: One line per step, saying what was done or found already in place.
    /// - Throws: ``GitError`` when not in a git repository or a step fails; steps already done stay.
    public static func initialize(dataFolder: String) throws(GitError) -> [String] {
        let repository = try Repository(dataFolder: dataFolder)
        var report: [String] = []
        let gitkeep = "\(dataFolder)/.gitkeep"
        if FileManager.default.fileExists(atPath: gitkeep) {
            report.append("\(dataFolder)/ is in place")
        } else {
            do {
                try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true)
                try Data().write(to: URL(fileURLWithPath: gitkeep))
            } catch {
                throw .cannotCreate(path: gitkeep, reason: error.localizedDescription)
            }
            report.append("created \(dataFolder)/ with a .gitkeep")
        }
        if let unset = try unsetTrackedHooksPath(in: repository) {
            report.append(unset)
        }
        report.append(try writeTrackedHook(in: repository))
        report.append(try installHook(in: repository))
        return report
    }

    /// Writes `hooks/pre-commit`, the hook's tracked source, unless a file is there.
    private static func writeTrackedHook(in repository: Repository) throws(GitError) -> String {
        let shown = "\(hooksFolder)/\(PreCommitHook.fileName)"
        return try write(
            at: "\(repository.root)/\(shown)", shown: shown,
            written: "wrote \(shown) (the hook's tracked source: it runs tokenctl check --staged)")
    }

    /// Installs a copy of the hook in git's own hooks folder, which no commit can change.
    private static func installHook(in repository: Repository) throws(GitError) -> String {
        let folder = try repository.git.run(["rev-parse", "--path-format=absolute", "--git-path", "hooks"]).text
        let path = "\(URL(fileURLWithPath: folder).resolvingSymlinksInPath().path)/\(PreCommitHook.fileName)"
        let insideWorkTree = path.hasPrefix(repository.root + "/") && !path.hasPrefix(repository.root + "/.git/")
        guard !insideWorkTree else {
            return "core.hooksPath points inside the work tree, where a pull request could add hooks: "
                + "the hook was not installed (run git config --unset core.hooksPath, then tokenctl init)"
        }
        let shown = path.hasPrefix(repository.root + "/") ? String(path.dropFirst(repository.root.count + 1)) : path
        return try write(
            at: path, shown: shown,
            written: "installed a copy of \(hooksFolder)/\(PreCommitHook.fileName) as \(shown) "
                + "(nothing under \(hooksFolder)/ runs by itself)")
    }

    /// Writes the hook at `path` (mode 755) unless a file is there, and says what it did or found.
    private static func write(at path: String, shown: String, written: String) throws(GitError) -> String {
        if let current = FileManager.default.contents(atPath: path) {
            return current == Data(PreCommitHook.script.utf8)
                ? "\(shown) is up to date" : "\(shown) exists and differs from tokenctl's hook: left as it is"
        }
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(PreCommitHook.script.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw .cannotWrite(path: shown, reason: error.localizedDescription)
        }
        return written
    }

    /// Unsets `core.hooksPath` when an earlier `tokenctl init` pointed it at the tracked hooks folder,
    /// from which git would run any hook a pull request adds; `nil` when it did not.
    private static func unsetTrackedHooksPath(in repository: Repository) throws(GitError) -> String? {
        let current = try repository.git.output(["config", "--local", "--get", "core.hooksPath"]).text
        guard current == hooksFolder || current == "\(hooksFolder)/" else { return nil }
        try repository.git.run(["config", "--local", "--unset", "core.hooksPath"])
        return "unset core.hooksPath, which pointed at the tracked \(hooksFolder)/ folder: "
            + "git would have run any hook a pull request adds there"
    }
}

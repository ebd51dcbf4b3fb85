import Foundation

/// `tokenctl init`: the data folder, the pre-commit hook and `core.hooksPath`, each made only if missing.
public enum RepositorySetup {
    /// The hooks folder, relative to the repository's top level.
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
                throw GitError("cannot create \(gitkeep): \(error.localizedDescription)")
            }
            report.append("created \(dataFolder)/ with a .gitkeep")
        }
        report.append(try installHook(in: repository))
        report.append(try setHooksPath(in: repository))
        return report
    }

    private static func installHook(in repository: Repository) throws(GitError) -> String {
        let folder = "\(repository.root)/\(hooksFolder)"
        let path = "\(folder)/\(PreCommitHook.fileName)"
        let shown = "\(hooksFolder)/\(PreCommitHook.fileName)"
        if let current = FileManager.default.contents(atPath: path) {
            return current == Data(PreCommitHook.script.utf8)
                ? "\(shown) is up to date" : "\(shown) exists and differs from tokenctl's hook: left as it is"
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(PreCommitHook.script.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw GitError("cannot write \(shown): \(error.localizedDescription)")
        }
        return "wrote \(shown) (runs tokenctl check --staged)"
    }

    private static func setHooksPath(in repository: Repository) throws(GitError) -> String {
        let current = try repository.git.output(["config", "--get", "core.hooksPath"]).text
        if current == hooksFolder {
            return "core.hooksPath is already \(hooksFolder)"
        }
        guard current.isEmpty else {
            return "core.hooksPath is \(current), not \(hooksFolder): copy \(hooksFolder)/pre-commit there or run: "
                + "git config core.hooksPath \(hooksFolder)"
        }
        try repository.git.run(["config", "core.hooksPath", hooksFolder])
        return "set core.hooksPath to \(hooksFolder)"
    }
}

import Foundation
import TokenGitOps

/// Who is acting when `--created-by` or `--revoked-by` is not given.
enum DefaultActor {
    /// `explicit` when given, else the default actor.
    ///
    /// - Throws: ``CommandFailure/unknownActor(option:)`` when there is no way to tell.
    static func resolve(_ explicit: String?, dataFolder: String, option: String) throws -> String {
        guard let actor = explicit ?? resolve(dataFolder: dataFolder) else {
            throw CommandFailure.unknownActor(option: option)
        }
        return actor
    }

    /// `TOKENCTL_USER`, then `git config user.email` (read in the data folder's repository), then the login name.
    static func resolve(dataFolder: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let user = environment["TOKENCTL_USER"], !user.isEmpty {
            return user
        }
        if let email = gitUserEmail(near: dataFolder) {
            return email
        }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"]
    }

    /// `git config user.email`, read in the data folder's repository (or here, when the data folder
    /// does not exist yet).
    private static func gitUserEmail(near dataFolder: String) -> String? {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dataFolder, isDirectory: &isDirectory)
        let git = Git(directory: exists && isDirectory.boolValue ? dataFolder : ".")
        guard let output = try? git.output(["config", "user.email"]), output.status == 0 else { return nil }
        let email = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return email.isEmpty ? nil : email
    }
}

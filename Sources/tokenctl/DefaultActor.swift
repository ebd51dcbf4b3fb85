import Foundation
import TokenGitOps

/// Who is acting when `--created-by` or `--revoked-by` is not given: `TOKENCTL_USER`, then
/// `git config user.email` (read in the data folder's repository), then the login name.
enum DefaultActor {
    /// `explicit` when given, else the default actor.
    ///
    /// - Throws: ``CommandFailure/unknownActor(option:)`` when there is no way to tell.
    static func resolve(_ explicit: String?, dataFolder: String, option: String) throws -> String {
        try start(explicit, dataFolder: dataFolder, option: option).value()
    }

    /// Starts finding the actor and returns without waiting for git, when there is a login name to
    /// fall back on: the caller works while `git config` runs, and asks ``Pending/value()`` only
    /// when it needs the name.
    ///
    /// - Throws: ``CommandFailure/unknownActor(option:)`` when there is no way to tell (known only
    ///   once git has answered, then).
    static func start(_ explicit: String?, dataFolder: String, option: String) throws -> Pending {
        let environment = ProcessInfo.processInfo.environment
        if let explicit {
            return Pending(explicit)
        }
        if let user = environment["TOKENCTL_USER"], !user.isEmpty {
            return Pending(user)
        }
        let lookup = startGitUserEmail(near: dataFolder)
        let loginName = loginName(environment)
        if let lookup, let loginName {
            return Pending(lookup: lookup, fallback: loginName)
        }
        guard let actor = lookup.flatMap({ email(from: $0.output()) }) ?? loginName else {
            throw CommandFailure.unknownActor(option: option)
        }
        return Pending(actor)
    }

    /// The actor, known or still being read from `git config`.
    final class Pending {
        private var actor: String
        private var lookup: RunningGit?

        fileprivate init(_ actor: String) {
            self.actor = actor
        }

        fileprivate init(lookup: RunningGit, fallback: String) {
            actor = fallback
            self.lookup = lookup
        }

        /// The actor: git's `user.email` when it gave one, else the fallback. The first call waits
        /// for git when it is still running.
        func value() -> String {
            if let lookup {
                self.lookup = nil
                if let email = DefaultActor.email(from: lookup.output()) {
                    actor = email
                }
            }
            return actor
        }
    }

    /// `git config user.email`, started in the data folder's repository (or here, when the data
    /// folder does not exist yet); `nil` when git cannot be started.
    private static func startGitUserEmail(near dataFolder: String) -> RunningGit? {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dataFolder, isDirectory: &isDirectory)
        return try? Git(directory: exists && isDirectory.boolValue ? dataFolder : ".").start(["config", "user.email"])
    }

    /// The address in `git config user.email`'s output, when it gave one.
    private static func email(from output: Git.Output) -> String? {
        guard output.status == 0 else { return nil }
        let email = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return email.isEmpty ? nil : email
    }

    /// The login name of this process's user, else `USER`.
    private static func loginName(_ environment: [String: String]) -> String? {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"]
    }
}

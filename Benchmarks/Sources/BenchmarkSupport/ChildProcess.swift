import Glibc

/// Runs a program to completion with `posix_spawn`, its output thrown away: a whole-process
/// measurement with as little of the benchmark's own overhead as possible.
public enum ChildProcess {
    /// Runs `path` with `arguments`, stdin from the file `input`, stdout and stderr to `/dev/null`.
    ///
    /// - Returns: The exit status (or 128 + signal number).
    @discardableResult
    public static func run(
        _ path: String, _ arguments: [String], input: String = "/dev/null", environment: [String: String] = [:]
    ) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        guard posix_spawn(&child, path, &actions, nil, argv, envp) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

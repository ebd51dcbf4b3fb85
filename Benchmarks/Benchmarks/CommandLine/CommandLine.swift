import Benchmark
import BenchmarkSupport
import Foundation

/// Whole `tokenctl` processes: `generate` and `delete` in a workspace of 10,000 tokens, `list`,
/// `check` and `verify --batch` over 100k, against `tokenctl --version` (the process-start
/// baseline) and `verify` of one token (the load baseline for the commands that read everything).
let benchmarks: @Sendable () -> Void = {
    let tokenctl = TokenctlBinary.path
    let environment = ["TOKENCTL_USER": "bench@example.com", "PATH": "/usr/bin:/bin"]
    let quick = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .milliseconds, warmupIterations: 3, maxDuration: .seconds(10),
        maxIterations: 200)
    let slow = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20),
        maxIterations: 10)

    Benchmark("tokenctl --version (process start)", configuration: quick) { benchmark in
        try expect(ChildProcess.run(tokenctl, ["--version"], environment: environment), in: [0])
    }

    // Each writing benchmark gets its own copy of the 10k workspace, removed when it ends.
    let scratch = SharedValue<ScratchWorkspace?>(nil)
    var writing = quick
    writing.setup = { scratch.value = ScratchWorkspace(copying: Corpus.named("10k-one")) }
    writing.teardown = { scratch.value = nil }
    Benchmark("tokenctl generate, 10k-token workspace", configuration: writing) { benchmark in
        guard let workspace = scratch.value else { throw CommandFailed(status: -1) }
        let name = "bench \(UUID().uuidString)"
        let arguments = ["generate", "--dir", workspace.dataFolder, "--workspace", workspace.name, "--name", name]
        try expect(ChildProcess.run(tokenctl, arguments, environment: environment), in: [0])
    }
    Benchmark("tokenctl delete, 10k-token workspace", configuration: writing) { benchmark in
        guard let workspace = scratch.value else { throw CommandFailed(status: -1) }
        let arguments = ["delete", "--dir", workspace.dataFolder, "--workspace", workspace.name, workspace.nextID()]
        try expect(ChildProcess.run(tokenctl, arguments, environment: environment), in: [0])
    }
    // Without TOKENCTL_USER, the actor comes from `git config user.email`: one git process more.
    Benchmark("tokenctl delete, 10k-token workspace, actor from git config", configuration: writing) { benchmark in
        guard let workspace = scratch.value else { throw CommandFailed(status: -1) }
        let arguments = ["delete", "--dir", workspace.dataFolder, "--workspace", workspace.name, workspace.nextID()]
        try expect(ChildProcess.run(tokenctl, arguments, environment: ["PATH": "/usr/bin:/bin"]), in: [0])
    }

    let corpus = Corpus.named("100k")
    let oneToken = "\(Corpus.root)/100k.one-token"
    Benchmark("tokenctl verify one token, 100k (load baseline)", configuration: slow) { benchmark in
        try expect(ChildProcess.run(tokenctl, ["verify", "--dir", corpus.dataFolder], input: oneToken), in: [0, 1])
    }
    Benchmark("tokenctl list --all, 100k", configuration: slow) { benchmark in
        try expect(ChildProcess.run(tokenctl, ["list", "--all", "--dir", corpus.dataFolder]), in: [0, 1])
    }
    Benchmark("tokenctl verify --batch, 100k tokens over 100k", configuration: slow) { benchmark in
        let arguments = ["verify", "--batch", "--dir", corpus.dataFolder]
        try expect(ChildProcess.run(tokenctl, arguments, input: "\(Corpus.root)/100k.secrets"), in: [0, 1])
    }
    Benchmark("tokenctl check, 100k", configuration: slow) { benchmark in
        try expect(ChildProcess.run(tokenctl, ["check", "--dir", corpus.dataFolder]), in: [0, 1])
    }
}

/// Fails the benchmark when a command did not run as it should, so a quick usage error is never
/// measured as a fast command.
func expect(_ status: Int32, in allowed: Set<Int32>) throws {
    guard allowed.contains(status) else { throw CommandFailed(status: status) }
}

struct CommandFailed: Error, CustomStringConvertible {
    let status: Int32
    var description: String { "tokenctl exited \(status)" }
}

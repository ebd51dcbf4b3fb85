import Benchmark
import BenchmarkFloors
import BenchmarkSupport
import Foundation
import TokenVerification

/// Index load against the C floor (libyaml event-parsing every file and nothing else), the index's
/// memory per token, with and without scopes on half the tokens, and reload after one file changes.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal], timeUnits: .milliseconds,
        warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10)

    for corpus in Corpus.all + [Corpus.scoped] {
        let large = corpus.tokenCount >= 1_000_000
        let configuration = Benchmark.Configuration(
            warmupIterations: large ? 0 : 1, maxDuration: .seconds(large ? 60 : 20), maxIterations: large ? 3 : 10)

        Benchmark("C floor, 1 thread, \(corpus.name)", configuration: configuration) { benchmark in
            blackHole(floor_parse_data_folder(corpus.dataFolder))
        }
        Benchmark("Index load, 1 thread, \(corpus.name)", configuration: configuration) { benchmark in
            blackHole(try TokenIndex(loading: corpus.dataFolder, parallelism: 1).count)
        }
        Benchmark("Index load, 2 threads, \(corpus.name)", configuration: configuration) { benchmark in
            blackHole(try TokenIndex(loading: corpus.dataFolder, parallelism: 2).count)
        }
        // What `serve` loads at start: the same, plus every file's stamp for incremental reload.
        Benchmark("Verifier load, stamped for reload, 2 threads, \(corpus.name)", configuration: configuration) {
            benchmark in
            blackHole(try TokenVerifier(dataFolder: corpus.dataFolder).index.count)
        }
    }

    for corpus in [Corpus.named("1m"), Corpus.scoped] {
        Benchmark(
            "Verifier memory per token, \(corpus.name)",
            configuration: .init(
                metrics: [.custom("resident bytes per token", useScalingFactor: false)], warmupIterations: 0,
                maxIterations: 1)
        ) { benchmark in
            let before = ResidentMemory.bytes()
            let verifier = try TokenVerifier(dataFolder: corpus.dataFolder)
            let after = ResidentMemory.bytes()
            benchmark.measurement(.custom("resident bytes per token"), (after - before) / max(verifier.index.count, 1))
            blackHole(verifier)
        }
    }

    // The most last use can cost: every token's minute noted, so every page of it is touched.
    Benchmark(
        "Verifier memory per token, tracking use, every token used, 1m",
        configuration: .init(
            metrics: [.custom("resident bytes per token", useScalingFactor: false)], warmupIterations: 0,
            maxIterations: 1)
    ) { benchmark in
        let corpus = Corpus.named("1m")
        let before = ResidentMemory.bytes()
        let verifier = try TokenVerifier(dataFolder: corpus.dataFolder, tracksLastUse: true)
        let used = Date()
        verifier.restoreLastUses(
            verifier.index.tokens().map { UsageEntry(workspace: $0.workspace, id: $0.id, lastUsed: used) })
        // The list of uses given is gone: `bytes()` hands its pages back before it measures.
        let after = ResidentMemory.bytes()
        precondition(verifier.index.lastUses().count == verifier.index.count, "every token used")
        benchmark.measurement(.custom("resident bytes per token"), (after - before) / max(verifier.index.count, 1))
        blackHole(verifier)
    }

    let reloadCorpus = Corpus.named("100k")
    let reloadVerifier = SharedValue<TokenVerifier?>(nil)
    let reloadConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(20), maxIterations: 20,
        setup: { reloadVerifier.value = try TokenVerifier(dataFolder: reloadCorpus.dataFolder) },
        teardown: { reloadVerifier.value = nil })

    Benchmark("Reload 100k, full (SIGHUP)", configuration: reloadConfiguration) { benchmark in
        blackHole(try reloadVerifier.value?.reload(.everything))
    }
    Benchmark("Reload 100k, one file rewritten (folder poll)", configuration: reloadConfiguration) { benchmark in
        try OneFileChange.rewriteOneFile(in: reloadCorpus)
        benchmark.startMeasurement()
        blackHole(try reloadVerifier.value?.reload(.changedFolders))
        benchmark.stopMeasurement()
    }
    Benchmark("Reload 100k, one file rewritten (named by inotify)", configuration: reloadConfiguration) { benchmark in
        var changes = DataFolderChanges()
        if let (workspace, id) = try OneFileChange.rewriteOneFile(in: reloadCorpus) {
            changes.changedFile(id, in: workspace)
        }
        benchmark.startMeasurement()
        blackHole(try reloadVerifier.value?.reload(.changes(changes)))
        benchmark.stopMeasurement()
    }
    Benchmark("Reload 100k, one file rewritten (file sweep)", configuration: reloadConfiguration) { benchmark in
        try OneFileChange.rewriteOneFile(in: reloadCorpus)
        benchmark.startMeasurement()
        blackHole(try reloadVerifier.value?.reload(.changedFiles))
        benchmark.stopMeasurement()
    }
}

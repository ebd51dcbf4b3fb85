// swift-tools-version:6.1
// tokenctl's benchmarks, kept out of the main package so `swift test` never builds them.
// Run them with `scripts/bench-performance` (see the README's Performance section).
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is whatever the clone was called.
let tokenctl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let benchmarkDependencies: [Target.Dependency] = [
    "BenchmarkSupport",
    "BenchmarkFloors",
    .product(name: "Benchmark", package: "benchmark"),
    .product(name: "TokenVerification", package: tokenctl),
]

let package = Package(
    name: "tokenctl-benchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkFloors",
            linkerSettings: [.linkedLibrary("yaml"), .linkedLibrary("crypto")]
        ),
        .target(name: "BenchmarkSupport", dependencies: ["BenchmarkFloors"]),
        .executableTarget(
            name: "IndexLoad",
            dependencies: benchmarkDependencies,
            path: "Benchmarks/IndexLoad",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Verify",
            dependencies: benchmarkDependencies,
            path: "Benchmarks/Verify",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CommandLine",
            dependencies: benchmarkDependencies,
            path: "Benchmarks/CommandLine",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tokenctl",
    products: [
        .library(name: "TokenVerification", targets: ["TokenVerification"]),
        .library(name: "TokenStore", targets: ["TokenStore"]),
        .executable(name: "tokenctl", targets: ["tokenctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0", traits: []),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "CMemory"),
        .target(name: "TextEscaping"),
        .target(
            name: "TokenVerification",
            dependencies: ["CLibYAML", "COpenSSL"]
        ),
        .target(
            name: "TokenStore",
            dependencies: ["TokenVerification", "CLibYAML", "COpenSSL"]
        ),
        .target(
            name: "TokenGitOps",
            dependencies: ["TokenVerification", "TextEscaping"]
        ),
        .target(
            name: "TokenServer",
            dependencies: [
                "TokenVerification",
                "TokenGitOps",
                "TextEscaping",
                "CMemory",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "tokenctl",
            dependencies: [
                "TokenVerification",
                "TokenStore",
                "TokenGitOps",
                "TokenServer",
                "TextEscaping",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["TokenVerification", "TokenStore"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "TokenVerificationTests",
            dependencies: ["TokenVerification", "TokenStore", "TestSupport"]
        ),
        .testTarget(
            name: "TokenStoreTests",
            dependencies: ["TokenStore", "TokenVerification", "TestSupport"]
        ),
        .testTarget(
            name: "TokenServerTests",
            dependencies: [
                "TokenServer", "TokenVerification", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TokenCtlTests",
            dependencies: [
                "tokenctl", "TokenVerification", "TokenGitOps", "TextEscaping", "TestSupport",
            ]
        ),
    ]
)

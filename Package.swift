// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tokenctl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TokenVerification", targets: ["TokenVerification"]),
        .library(name: "TokenStore", targets: ["TokenStore"]),
        .executable(name: "tokenctl", targets: ["tokenctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
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
            dependencies: ["TokenVerification", "TokenStore"]
        ),
        .executableTarget(
            name: "tokenctl",
            dependencies: [
                "TokenVerification",
                "TokenStore",
                "TokenGitOps",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
            name: "TokenCtlTests",
            dependencies: ["tokenctl", "TokenStore", "TokenVerification", "TokenGitOps", "TestSupport"]
        ),
    ]
)

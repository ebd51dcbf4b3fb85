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
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
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
        .executableTarget(
            name: "tokenctl",
            dependencies: [
                "TokenVerification",
                "TokenStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TokenVerificationTests",
            dependencies: ["TokenVerification", "TokenStore"]
        ),
        .testTarget(
            name: "TokenStoreTests",
            dependencies: ["TokenStore", "TokenVerification"]
        ),
        .testTarget(
            name: "TokenCtlTests",
            dependencies: ["tokenctl", "TokenStore", "TokenVerification"]
        ),
    ]
)

// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "trainyard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trainyard", targets: ["trainyard"]),
        .library(name: "Orchestrator", targets: ["Orchestrator"]),
        .library(name: "Adapters", targets: ["Adapters"]),
        .library(name: "Credentials", targets: ["Credentials"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "Trainers", targets: ["Trainers"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // libcrypto from OpenSSL 3 (Debian libssl-dev); only libcrypto is linked, never libssl.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .target(
            name: "Credentials",
            dependencies: [
                "COpenSSL",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Storage",
            dependencies: ["Credentials", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        // OpenBLAS's CBLAS interface (Debian libopenblas-dev).
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "Trainers", dependencies: ["COpenBLAS"]),
        // prctl(PR_SET_PDEATHSIG), which Swift's Glibc module does not expose.
        .target(name: "CProcessControl"),
        .target(
            name: "Adapters",
            dependencies: [
                "Credentials", "Storage", "Trainers",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Orchestrator",
            dependencies: [
                "Adapters",
                "Credentials",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "trainyard",
            dependencies: [
                "Orchestrator",
                "Adapters",
                "Credentials",
                "Storage",
                "Trainers",
                "CProcessControl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Helpers shared by the test targets (child processes, temporary folders).
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "AdaptersTests",
            dependencies: [
                "Adapters", "Orchestrator", "Credentials", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CredentialsTests",
            dependencies: [
                "Credentials", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "Credentials", "TestSupport", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .testTarget(name: "TrainersTests", dependencies: ["Trainers"]),
        .testTarget(
            name: "OrchestratorTests",
            dependencies: ["Orchestrator", "Adapters", "TestSupport"]
        ),
        .testTarget(
            name: "TrainyardCLITests",
            dependencies: ["trainyard", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

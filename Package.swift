// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "trainyard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trainyard", targets: ["trainyard"]),
        .library(name: "TrainyardServer", targets: ["TrainyardServer"]),
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
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
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
                "Storage",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // `trainyard serve`: the HTTP API, its authentication, metrics and the status-sync loop as services.
        .target(
            name: "TrainyardServer",
            dependencies: [
                "Orchestrator", "Adapters", "Credentials", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "trainyard",
            dependencies: [
                "TrainyardServer",
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
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
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
            name: "TrainyardServerTests",
            dependencies: [
                "TrainyardServer", "Orchestrator", "Adapters", "Credentials", "Storage", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TrainyardCLITests",
            dependencies: [
                "trainyard", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version: 6.0
import PackageDescription

// Benchmarks live in their own package so `make test` never compiles them; `make bench` builds this
// package in release mode and runs every suite, printing each figure with its goal and, where a peer
// exists, the ratio against the peer measured in the same run.
let package = Package(
    name: "trainyard-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "trainyard", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        // The raw CBLAS interface, the peer the trainers' GEMM is measured against.
        .systemLibrary(name: "CBLASPeer"),
        .executableTarget(
            name: "trainyard-bench",
            dependencies: [
                .product(name: "Orchestrator", package: "trainyard"),
                .product(name: "Adapters", package: "trainyard"),
                .product(name: "Credentials", package: "trainyard"),
                .product(name: "Trainers", package: "trainyard"),
                .product(name: "Storage", package: "trainyard"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "CBLASPeer",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

import Adapters
import Foundation
@testable import Orchestrator
import TestSupport

extension Repository {
    /// The shipped price catalog.
    static func catalog() throws -> PriceCatalog { try PriceCatalog.load(directory: path("profiles/catalog")) }
}

/// A clock the test moves by hand.
final class ManualTime: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = start }

    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current += seconds } }
}

/// A fresh SQLite store in a temporary folder.
func temporaryStore(time: any TimeSource = ManualTime()) async throws -> JobStore {
    try await JobStore.openSQLite(path: "\(try Repository.temporaryFolder("store"))/state.db", time: time)
}

/// A compact job for tests.
func job(hours: Double? = 6, gpus: Int = 1, memory: Double? = nil, maxCost: Double? = nil, key: String? = nil,
         priority: JobPriority = .normal, name: String = "test-job") -> JobSpec {
    JobSpec(name: name, workload: .trainer("mlp"), dataset: "data/x.csv",
            resources: ResourceRequest(gpus: gpus, gpuMemoryGiB: memory), priority: priority,
            estimatedHours: hours, maxCostUSD: maxCost, idempotencyKey: key)
}

/// Parses a profile from YAML text against the shipped catalog.
func profile(_ yaml: String) throws -> ComputeProfile {
    try ProfileParser(catalog: try Repository.catalog()).parse(yaml, file: "test.yaml")
}

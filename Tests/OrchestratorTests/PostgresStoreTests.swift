import Adapters
import Credentials
import Foundation
import SQLKit
import Testing
@testable import Orchestrator

/// A fresh database on the PostgreSQL server `make test` starts (scripts/with-postgres.sh).
enum PostgresTestDatabase {
    static let serverURL = ProcessInfo.processInfo.environment["TRAINYARD_TEST_DATABASE_URL"]
    static var skipReason: String {
        ProcessInfo.processInfo.environment["TRAINYARD_TEST_POSTGRES_SKIPPED"] ?? "TRAINYARD_TEST_DATABASE_URL is unset: run the tests with make test"
    }

    /// The URL of a new, empty database.
    static func create() async throws -> String {
        let server = try #require(serverURL)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try await JobStore.openPostgres(url: server, maxConnections: 1)
        try await admin.database.raw("CREATE DATABASE \(unsafeRaw: name)").run()
        try await admin.close()
        guard var components = URLComponents(string: server) else { throw StoreError.database("bad test URL") }
        components.path = "/\(name)"
        return try #require(components.string)
    }
}

@Suite("Job store on PostgreSQL", .serialized, .enabled(if: PostgresTestDatabase.serverURL != nil, "\(PostgresTestDatabase.skipReason)"))
struct PostgresStoreTests {
    @Test("the store's operations behave on PostgreSQL as on SQLite")
    func operations() async throws {
        let url = try await PostgresTestDatabase.create()
        let store = try await JobStore.openPostgres(url: url)
        do {
            let (created, isNew) = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(key: "k1"), estimatedCostUSD: 3, profileSource: "name: p"))
            #expect(isNew)
            #expect(try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(key: "k1"))).created == false)
            for index in 0..<4 { _ = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(name: "j\(index)"))) }
            let moved = try await store.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
            #expect(moved.state == .submitting && moved.profileSource == "name: p")
            await #expect(throws: StoreError.self) { try await store.transition(jobID: created.id, organization: "acme", from: .queued, to: .running) }
            let first = try await store.jobs(organization: "acme", query: JobQuery(limit: 3))
            let second = try await store.jobs(organization: "acme", query: JobQuery(limit: 3, after: first.next))
            #expect(Set(first.jobs.map(\.id) + second.jobs.map(\.id)).count == 5 && second.next == nil)
            #expect(try await store.jobs(organization: "acme", query: JobQuery(state: .submitting)).jobs.map(\.id) == [created.id])
            #expect(try await store.jobs(organization: "globex").jobs.isEmpty)
            #expect(try await store.events(jobID: created.id).count == 2)
            #expect(try await store.recordSyncMiss(jobID: created.id) == 1)

            let key = try await store.createAPIKey(organization: "acme", role: .member)
            #expect(try await store.authenticate(try #require(APIKey(token: key.revealedToken)))?.organization == "acme")
            try await store.putProfile(organization: "acme", name: "p", source: "name: p")
            #expect(try await store.putProfile(organization: "acme", name: "p", source: "name: p # again").created == false)
            #expect(try await store.profiles(organization: "acme").map(\.source) == ["name: p # again"])

            let vault = CredentialVault(store: store, keyring: try FernetKeyring(keys: [try FernetKey.generate()]))
            let aws = CloudCredential.aws(try AWSAccessKeyCredential(accessKeyID: "AKIAPG", secretAccessKey: Secret("pg-secret"), region: "us-east-1"))
            try await vault.add(organization: "acme", name: "aws", credential: aws)
            #expect(try await vault.open(organization: "acme", name: "aws") == aws)
            #expect(try await store.jobCounts().reduce(0) { $0 + $1.jobs } == 5)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    @Test("processes migrating one database at once apply every migration once")
    func concurrentMigrations() async throws {
        let url = try await PostgresTestDatabase.create()
        let stores = try await withThrowingTaskGroup(of: JobStore.self) { group in
            for _ in 0..<4 { group.addTask { try await JobStore.openPostgres(url: url, maxConnections: 2) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let versions = try await stores[0].database.raw("SELECT version FROM schema_migrations ORDER BY version").all()
            .map { try $0.decode(column: "version", as: Int.self) }
        #expect(versions == Array(1...StoreSchema.migrations.count))
        for store in stores { try await store.close() }
    }

    @Test("workers of two processes lease with SKIP LOCKED: every job exactly once")
    func skipLocked() async throws {
        let url = try await PostgresTestDatabase.create()
        let one = try await JobStore.openPostgres(url: url)
        let two = try await JobStore.openPostgres(url: url)
        let target = ComputeTarget(provider: .platform, region: "local", machine: .gpus(model: nil, count: 0))
        var ids: [String] = []
        for index in 0..<40 {
            let created = try await one.createJob(NewJob(organization: "acme", profile: "q", spec: job(gpus: 0, name: "j\(index)"))).job
            try await one.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
            _ = try await PlatformAdapter(queue: one).submit(ProviderJobSpec(
                jobID: created.id, organization: "acme", name: "j", workload: .trainer("mlp"), dataset: nil, config: [:],
                resources: ResourceRequest(gpus: 0), target: target, attempt: 1), credentials: nil)
            try await one.transition(jobID: created.id, organization: "acme", from: .submitting, to: .queued,
                                     changes: JobChanges(provider: .platform, providerJobID: ProviderJobID(created.id), candidateIndex: 0))
            ids.append(created.id)
        }
        let leased = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, store) in [one, two, one, two, one, two].enumerated() {
                group.addTask {
                    let worker = WorkerInfo(id: "w\(index)", host: "h\(index)", slots: 1, gpus: 0, gpuModel: nil, gpuMemoryGiB: nil)
                    try await store.registerWorker(worker)
                    var mine: [String] = []
                    while let job = try await store.leaseNextJob(worker: worker, leaseSeconds: 60) { mine.append(job.id) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(leased.flatMap { $0 }.sorted() == ids.sorted(), "each job leased once")
        #expect(leased.filter { !$0.isEmpty }.count >= 2, "more than one worker got work")
        try await one.close()
        try await two.close()
    }

    @Test("one sync leader at a time; when the leader's connection dies another instance takes over")
    func leadership() async throws {
        let url = try await PostgresTestDatabase.create()
        let first = try await JobStore.openPostgres(url: url)
        let second = try await JobStore.openPostgres(url: url)
        let leaderA = try #require(first.syncLeadership())
        let leaderB = try #require(second.syncLeadership())
        #expect(try await leaderA.acquire())
        #expect(try await leaderA.acquire(), "a leader keeps its lock")
        #expect(try await leaderB.acquire() == false)
        // The leader's connection dies, as when its process is killed: the server ends the session and frees the lock.
        try await second.database.raw("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted").run()
        var tookOver = false
        for _ in 0..<300 where !tookOver {
            tookOver = try await leaderB.acquire()
            if !tookOver { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(tookOver)
        #expect(try await leaderA.acquire() == false, "the old leader notices it lost the lock")
        try await leaderB.resign()
        try await first.close()
        try await second.close()
    }
}

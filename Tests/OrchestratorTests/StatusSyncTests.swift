import Adapters
import Foundation
import Testing
@testable import Orchestrator
import TestSupport

@Suite("Status sync")
struct StatusSyncTests {
    static let cloudProfile = """
        name: cloud
        strategy: preferred
        candidates:
          - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge, max_runtime_hours: 2}
          - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4}
        limits: {max_cost_per_job_usd: 40, monthly_budget_usd: 1000}
        fallback: {max_attempts: 4}
        """

    /// A store, a router over scripted SageMaker and Vertex, and a sync on a manual clock.
    struct World {
        let time = ManualTime()
        let store: JobStore
        let sagemaker = StatusScriptAdapter(.sagemaker)
        let vertex = StatusScriptAdapter(.vertex)
        let router: Router
        let sync: StatusSync

        init(configure: (inout StatusSync.Configuration) -> Void = { _ in }) async throws {
            store = try await temporaryStore(time: time)
            router = Router(adapters: [PlatformAdapter(queue: store), sagemaker, vertex], store: store,
                            credentials: try StaticCredentials(names: ["aws", "gcp"]), time: time, sleep: { _ in }, random: { 0 })
            var configuration = StatusSync.Configuration()
            configure(&configuration)
            sync = StatusSync(store: store, router: router, catalog: try Repository.catalog(), configuration: configuration)
        }

        /// Submits a job under `source` the way the API does.
        func submit(_ spec: JobSpec = job(), profile source: String = StatusSyncTests.cloudProfile) async throws -> JobRecord {
            let submission = JobSubmission(store: store, catalog: try Repository.catalog(), router: router, credentialNames: { _ in ["aws", "gcp"] })
            guard case .accepted(let job, _, _) = try await submission.submit(spec, profile: try profile(source), profileSource: source, organization: "acme") else {
                throw StoreError.database("refused")
            }
            return job
        }

        /// Runs `body` in a fresh world and closes its store afterwards.
        static func run(configure: (inout StatusSync.Configuration) -> Void = { _ in }, _ body: (World) async throws -> Void) async throws {
            let world = try await World(configure: configure)
            do {
                try await body(world)
                try await world.store.close()
            } catch {
                try? await world.store.close()
                throw error
            }
        }

        func reload(_ job: JobRecord) async throws -> JobRecord { try #require(try await store.job(id: job.id, organization: "acme")) }

        func price(_ job: JobRecord) throws -> Double {
            let plan = RoutePlanner(estimator: CostEstimator(catalog: try Repository.catalog())).plan(job.spec, profile: try profile(StatusSyncTests.cloudProfile))
            return try #require(plan.candidates.first { $0.index == job.candidateIndex }?.estimate?.pricePerHourUSD)
        }
    }

    @Test("a running job takes its provider's progress and cost so far, then completes")
    func progressAndCompletion() async throws {
        try await World.run { world in
            let job = try await world.submit()
            let id = try #require(job.providerJobID)
            let started = world.time.now()
            world.time.advance(1800)
            world.sagemaker.answer(id, .success(ProviderJobStatus(state: .running, providerState: "InProgress", startedAt: started, progress: 0.4, metrics: ["loss": 0.3])))
            let report = try await world.sync.cycle()
            #expect(report.polled == 1)
            var synced = try await world.reload(job)
            #expect(synced.progress == 0.4 && synced.metrics == ["loss": 0.3])
            #expect(synced.lastSyncedAt == world.time.now())
            #expect(abs((synced.costSoFarUSD ?? 0) - 0.5 * (try world.price(job))) < 1e-9, "half an hour at the catalog price")

            world.sagemaker.answer(id, .success(ProviderJobStatus(state: .completed, providerState: "Completed", startedAt: started, endedAt: world.time.now())))
            try await world.sync.cycle()
            synced = try await world.reload(job)
            #expect(synced.state == .completed)
            #expect(synced.finishedAt == world.time.now())
        }
    }

    @Test("a job its provider no longer knows fails as lost after three misses in a row")
    func lost() async throws {
        try await World.run { world in
            let job = try await world.submit()
            world.sagemaker.answer(try #require(job.providerJobID), .failure(AdapterError(.invalid, provider: .sagemaker, code: "ValidationException", message: "Requested resource not found.")))
            try await world.sync.cycle()
            try await world.sync.cycle()
            #expect(try await world.reload(job).state == .running)
            #expect(try await world.reload(job).syncMisses == 2)
            try await world.sync.cycle()
            let lost = try await world.reload(job)
            #expect(lost.state == .failed)
            #expect(lost.reason?.hasPrefix("lost:") == true)
        }
    }

    @Test("a job past its candidate's max_runtime_hours is cancelled at the provider and fails with reason timeout")
    func timeout() async throws {
        try await World.run { world in
            let job = try await world.submit(job(maxCost: 500))
            let id = try #require(job.providerJobID)
            world.sagemaker.answer(id, .success(ProviderJobStatus(state: .running, providerState: "InProgress", startedAt: world.time.now())))
            world.time.advance(2 * 3600 + 60)
            try await world.sync.cycle()
            let stopped = try await world.reload(job)
            #expect(stopped.state == .failed)
            #expect(stopped.reason?.hasPrefix("timeout:") == true)
            #expect(world.sagemaker.cancelled == [id.rawValue])
        }
    }

    @Test("a job about to pass its cost limit is cancelled and fails with reason budget; the event has the numbers")
    func budget() async throws {
        try await World.run { world in
            let job = try await world.submit(job(hours: 1, maxCost: 2))
            let id = try #require(job.providerJobID)
            let price = try world.price(job)
            world.sagemaker.answer(id, .success(ProviderJobStatus(state: .running, providerState: "InProgress", startedAt: world.time.now())))
            // Just under the limit now; the next 30 s would pass it.
            world.time.advance((2 - price * 30 / 3600 / 2) / price * 3600)
            try await world.sync.cycle()
            let stopped = try await world.reload(job)
            #expect(stopped.state == .failed)
            #expect(stopped.reason?.hasPrefix("budget:") == true)
            #expect(world.sagemaker.cancelled == [id.rawValue])
            let event = try #require(try await world.store.events(jobID: job.id).first { $0.kind == "budget" })
            #expect(event.message.contains("limit of 2.00 USD"), "\(event.message)")
        }
    }

    @Test("the organization's monthly budget stops a job even under its own limit")
    func monthlyBudget() async throws {
        try await World.run { world in
            let spender = try await world.submit()
            let job = try await world.submit()
            let started = world.time.now()
            for running in [spender, job] {
                world.sagemaker.answer(try #require(running.providerJobID), .success(ProviderJobStatus(state: .running, providerState: "InProgress", startedAt: started)))
            }
            world.time.advance(3600)
            try await world.sync.cycle()
            let both = [try await world.reload(spender), try await world.reload(job)]
            #expect(both.allSatisfy { $0.state == .running }, "under every limit after an hour")
            // The other job finished this month having cost nearly the whole budget.
            try await world.store.database.raw("UPDATE jobs SET state = 'completed', cost_so_far_usd = 999.99 WHERE id = \(bind: spender.id)").run()
            try await world.sync.cycle()
            let stopped = try await world.reload(job)
            #expect(stopped.state == .failed && stopped.reason?.contains("monthly budget") == true, "\(String(describing: stopped.reason))")
        }
    }

    @Test("a capacity loss mid-run resubmits to the next candidate with the same checkpoint prefix")
    func capacityLoss() async throws {
        try await World.run { world in
            let job = try await world.submit()
            world.sagemaker.answer(try #require(job.providerJobID), .success(ProviderJobStatus(
                state: .failed, providerState: "Failed", secondaryState: "Interrupted", message: "spot capacity reclaimed", failureClass: .capacity)))
            try await world.sync.cycle()
            let moved = try await world.reload(job)
            #expect(moved.state == .running && moved.provider == .vertex)
            let attempts = try await world.store.attempts(jobID: job.id)
            #expect(attempts.map(\.outcome) == [.submitted, .failed, .submitted])
            #expect(attempts[1].errorClass == .capacity)
        }
    }

    @Test("a submission a crash interrupted is finished once, with the same idempotency handle")
    func interruptedSubmission() async throws {
        try await World.run(configure: { $0.submissionGraceSeconds = 60 }) { world in
            let source = StatusSyncTests.cloudProfile
            let created = try await world.store.createJob(NewJob(organization: "acme", profile: "cloud", spec: job(), profileSource: source)).job
            try await world.store.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
            try await world.sync.cycle()
            #expect(world.sagemaker.submissions.isEmpty, "within the grace period the submission may still be in flight")
            world.time.advance(61)
            try await world.sync.cycle()
            let finished = try await world.reload(created)
            #expect(finished.state == .running && finished.provider == .sagemaker)
            #expect(world.sagemaker.submissions.map(\.attempt) == [1], "the first attempt's handle, once")
            try await world.sync.cycle()
            #expect(world.sagemaker.submissions.count == 1)
        }
    }

    @Test("a platform job queued past max_queue_wait spills over to the cloud with a queue-timeout attempt")
    func spillOver() async throws {
        try await World.run { world in
            let source = """
                name: burst
                strategy: queue
                candidates:
                  - {provider: platform, gpu: T4}
                  - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge}
                limits: {max_queue_wait: 1h}
                """
            let job = try await world.submit(job(), profile: source)
            #expect(job.provider == .platform && job.state == .queued)
            world.time.advance(1800)
            try await world.sync.cycle()
            #expect(try await world.reload(job).provider == .platform)
            world.time.advance(1801)
            try await world.sync.cycle()
            let spilled = try await world.reload(job)
            #expect(spilled.provider == .sagemaker && spilled.state == .running)
            #expect(try await world.store.attempts(jobID: job.id).contains { $0.outcome == .queueTimeout })
        }
    }

    @Test("a provider that answers only errors is skipped for a while; another provider's jobs are still polled")
    func backoff() async throws {
        try await World.run { world in
            let failing = try await world.submit()
            world.sagemaker.answer(try #require(failing.providerJobID), .failure(AdapterError(.retryable, provider: .sagemaker, code: "ThrottlingException", message: "Rate exceeded")))
            try await world.sync.cycle()
            let calls = world.sagemaker.statusCalls
            let report = try await world.sync.cycle()
            #expect(report.skipped == 1 && world.sagemaker.statusCalls == calls, "backing off")
            world.time.advance(31)
            try await world.sync.cycle()
            #expect(world.sagemaker.statusCalls == calls + 1, "polled again once the backoff ran out")
        }
    }

    @Test("platform jobs queued for more than the stale limit are failed by the daily cleanup")
    func staleCleanup() async throws {
        try await World.run(configure: { $0.staleQueuedSeconds = 86_400 }) { world in
            let job = try await world.submit(job(), profile: "name: q\nstrategy: queue\ncandidates:\n  - {provider: platform, gpu: T4}\n")
            try await world.sync.cycle()
            world.time.advance(86_401)
            try await world.sync.cycle()
            let stale = try await world.reload(job)
            #expect(stale.state == .failed && stale.reason?.hasPrefix("stale:") == true)
        }
    }
}

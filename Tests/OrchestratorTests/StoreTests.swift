import Adapters
import Foundation
import Testing
@testable import Orchestrator

@Suite("Job lifecycle")
struct JobLifecycleTests {
    @Test("terminal states never change and every non-terminal state can fail or be cancelled")
    func shape() {
        for state in JobState.allCases {
            let next = JobLifecycle.successors(of: state)
            if state.isTerminal {
                #expect(next.isEmpty)
            } else {
                #expect(next.isSuperset(of: [.failed, .cancelled]))
                #expect(!next.contains(state))
            }
        }
    }

    @Test("illegal transitions are refused", arguments: [
        (JobState.queued, JobState.completed), (.completed, .running), (.failed, .queued), (.cancelled, .submitting),
        (.submitting, .completed), (.queued, .queued),
    ])
    func illegal(_ from: JobState, _ to: JobState) {
        #expect(throws: StoreError.illegalTransition(from: from, to: to)) { try JobLifecycle.validate(from: from, to: to) }
    }

    @Test("the happy paths are legal", arguments: [
        [JobState.queued, .submitting, .running, .completed],
        [.queued, .submitting, .queued, .running, .completed],
        [.queued, .submitting, .running, .submitting, .running, .failed],
        [.queued, .running, .queued, .cancelled],
    ])
    func legal(_ path: [JobState]) throws {
        for (from, to) in zip(path, path.dropFirst()) { try JobLifecycle.validate(from: from, to: to) }
    }
}

@Suite("Job store")
struct StoreTests {
    @Test("transitions are compare-and-set: a stale or illegal transition changes nothing")
    func compareAndSet() async throws {
        let store = try await temporaryStore()
        let (created, isNew) = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job()))
        #expect(isNew)
        #expect(created.state == .queued)

        let submitting = try await store.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
        #expect(submitting.state == .submitting)
        await #expect(throws: StoreError.conflict(jobID: created.id, expected: .queued, actual: .submitting)) {
            try await store.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
        }
        await #expect(throws: StoreError.illegalTransition(from: .submitting, to: .completed)) {
            try await store.transition(jobID: created.id, organization: "acme", from: .submitting, to: .completed)
        }
        await #expect(throws: StoreError.notFound(jobID: created.id)) {
            try await store.transition(jobID: created.id, organization: "other-org", from: .submitting, to: .running)
        }
        let unchanged = try #require(try await store.job(id: created.id, organization: "acme"))
        #expect(unchanged.state == .submitting)
        #expect(try await store.job(id: created.id, organization: "other-org") == nil)

        let running = try await store.transition(
            jobID: created.id, organization: "acme", from: .submitting, to: .running,
            changes: JobChanges(provider: .sagemaker, providerJobID: ProviderJobID("ty-1"), candidateIndex: 2, estimatedCostUSD: 4.4))
        #expect(running.provider == .sagemaker)
        #expect(running.providerJobID == ProviderJobID("ty-1"))
        #expect(running.candidateIndex == 2)
        #expect(running.spec == job())
        let events = try await store.events(jobID: created.id)
        #expect(events.map(\.kind) == ["created", "state", "state"])
        #expect(events.last?.message == "submitting → running")
        try await store.close()
    }

    @Test("a repeated idempotency key returns the first job, per organization")
    func idempotency() async throws {
        let store = try await temporaryStore()
        let first = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(key: "k1")))
        let again = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(key: "k1", name: "renamed")))
        #expect(again.created == false)
        #expect(again.job.id == first.job.id)
        #expect(again.job.spec.name == "test-job")
        let otherOrg = try await store.createJob(NewJob(organization: "globex", profile: "p", spec: job(key: "k1")))
        #expect(otherOrg.created)
        #expect(otherOrg.job.id != first.job.id)
        let noKey1 = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job()))
        let noKey2 = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job()))
        #expect(noKey1.job.id != noKey2.job.id)
        try await store.close()
    }

    @Test("the platform queue serves urgent before high before normal before low, then first in first out")
    func priorityQueue() async throws {
        let time = ManualTime()
        let store = try await temporaryStore(time: time)
        var expected: [String: String] = [:]
        for (name, priority) in [("n1", JobPriority.normal), ("l1", .low), ("u1", .urgent), ("n2", .normal), ("h1", .high), ("u2", .urgent)] {
            time.advance(1)
            let created = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(priority: priority, name: name))).job
            try await store.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
            try await store.transition(jobID: created.id, organization: "acme", from: .submitting, to: .queued,
                                       changes: JobChanges(provider: .platform, providerJobID: ProviderJobID(created.id)))
            expected[created.id] = name
        }
        let order = try await store.queuedPlatformJobs().map { expected[$0.id] }
        #expect(order == ["u1", "u2", "h1", "n1", "n2", "l1"])
        try await store.close()
    }

    @Test("the planning context counts active jobs per candidate and this month's spend")
    func planningContext() async throws {
        let store = try await temporaryStore()
        for (index, cost) in [(0, 2.0), (0, 3.0), (1, 5.0)] {
            let created = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(), estimatedCostUSD: cost)).job
            try await store.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
            try await store.transition(jobID: created.id, organization: "acme", from: .submitting, to: .running, changes: JobChanges(candidateIndex: index))
        }
        let failed = try await store.createJob(NewJob(organization: "acme", profile: "p", spec: job(), estimatedCostUSD: 100)).job
        try await store.transition(jobID: failed.id, organization: "acme", from: .queued, to: .failed)
        _ = try await store.createJob(NewJob(organization: "globex", profile: "p", spec: job(), estimatedCostUSD: 50))

        let context = try await store.planningContext(organization: "acme", profile: "p", registeredCredentials: nil)
        #expect(context.activeJobsByCandidate == [0: 2, 1: 1])
        #expect(context.monthSpendUSD == 10)
        try await store.close()
    }

    @Test("the store survives a reopen: state is on disk")
    func reopen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-reopen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("state.db").path
        let first = try await JobStore.openSQLite(path: path)
        let created = try await first.createJob(NewJob(organization: "acme", profile: "p", spec: job(key: "again"))).job
        try await first.close()
        let second = try await JobStore.openSQLite(path: path)
        #expect(try await second.job(id: created.id, organization: "acme")?.spec == job(key: "again"))
        #expect(try await second.createJob(NewJob(organization: "acme", profile: "p", spec: job(key: "again"))).created == false)
        try await second.close()
    }
}

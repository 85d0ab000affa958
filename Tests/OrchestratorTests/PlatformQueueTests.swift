import Adapters
import Foundation
import Testing
@testable import Orchestrator

@Suite("Platform queue and leases")
struct PlatformQueueTests {
    let cpuWorker = WorkerInfo(id: "w-cpu", host: "h", slots: 1, gpus: 0, gpuModel: nil, gpuMemoryGiB: nil)
    let gpuWorker = WorkerInfo(id: "w-gpu", host: "h", slots: 1, gpus: 2, gpuModel: "T4", gpuMemoryGiB: 16)

    /// Creates a job and routes it onto the platform queue through the platform adapter.
    func enqueue(_ store: JobStore, _ spec: JobSpec, maxAttempts: Int = 1) async throws -> JobRecord {
        let created = try await store.createJob(NewJob(organization: "acme", profile: "q", spec: spec, maxAttempts: maxAttempts)).job
        try await store.transition(jobID: created.id, organization: "acme", from: .queued, to: .submitting)
        let target = ComputeTarget(provider: .platform, region: "local", machine: .gpus(model: "T4", count: 1))
        let id = try await PlatformAdapter(queue: store).submit(ProviderJobSpec(
            jobID: created.id, organization: "acme", name: spec.name, workload: spec.workload, dataset: spec.dataset,
            config: spec.config, resources: spec.resources, target: target, attempt: 1), credentials: nil)
        return try await store.transition(jobID: created.id, organization: "acme", from: .submitting, to: .queued,
                                          changes: JobChanges(provider: .platform, providerJobID: id, candidateIndex: 0))
    }

    @Test("workers lease by priority then FIFO, and only jobs that fit their GPUs")
    func leasing() async throws {
        let time = ManualTime()
        let store = try await temporaryStore(time: time)
        try await store.registerWorker(cpuWorker)
        try await store.registerWorker(gpuWorker)
        time.advance(1)
        let cpuLow = try await enqueue(store, job(gpus: 0, priority: .low, name: "cpu-low"))
        time.advance(1)
        let gpuUrgent = try await enqueue(store, job(gpus: 2, priority: .urgent, name: "gpu-urgent"))
        time.advance(1)
        let cpuHigh = try await enqueue(store, job(gpus: 0, priority: .high, name: "cpu-high"))

        #expect(try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30)?.id == cpuHigh.id)
        #expect(try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30)?.id == cpuLow.id)
        #expect(try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30) == nil)
        let leased = try #require(try await store.leaseNextJob(worker: gpuWorker, leaseSeconds: 30))
        #expect(leased.id == gpuUrgent.id)
        #expect(leased.state == .running)
        #expect(leased.leaseOwner == "w-gpu")
        #expect(leased.runAttempts == 1)
        try await store.close()
    }

    @Test("a job needing more GPUs than any worker has stays queued with the reason")
    func waitReason() async throws {
        let store = try await temporaryStore()
        let nobody = try await enqueue(store, job(gpus: 1))
        #expect(try await store.queueStatus(jobID: nobody.id).message == "no platform worker is running")
        try await store.registerWorker(gpuWorker)
        let huge = try await enqueue(store, job(gpus: 8))
        let status = try await store.queueStatus(jobID: huge.id)
        #expect(status.state == .queued)
        #expect(status.message == "no worker has 8 GPU(s); the largest has 2×T4")
        #expect(try await store.leaseNextJob(worker: gpuWorker, leaseSeconds: 30)?.id == nobody.id)
        #expect(try await store.leaseNextJob(worker: gpuWorker, leaseSeconds: 30) == nil)
        try await store.close()
    }

    @Test("heartbeats extend the lease; an expired lease puts the job back in the queue at its old place")
    func leaseExpiry() async throws {
        let time = ManualTime()
        let store = try await temporaryStore(time: time)
        let first = try await enqueue(store, job(gpus: 0, name: "first"))
        time.advance(1)
        let second = try await enqueue(store, job(gpus: 0, name: "second"))
        _ = try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 10)
        time.advance(8)
        #expect(try await store.heartbeat(jobID: first.id, worker: "w-cpu", leaseSeconds: 10) == .held(cancelRequested: false))
        time.advance(8)
        #expect(try await store.requeueExpiredLeases().isEmpty)
        time.advance(3)
        #expect(try await store.requeueExpiredLeases() == [first.id])
        #expect(try await store.heartbeat(jobID: first.id, worker: "w-cpu", leaseSeconds: 10) == .lost)
        // Back in the queue ahead of the job that was queued after it.
        let other = WorkerInfo(id: "w-2", host: "h", slots: 1, gpus: 0, gpuModel: nil, gpuMemoryGiB: nil)
        let again = try #require(try await store.leaseNextJob(worker: other, leaseSeconds: 10))
        #expect(again.id == first.id)
        #expect(again.runAttempts == 2)
        #expect(try await store.finishRun(jobID: first.id, worker: "w-cpu", outcome: .completed(metrics: [:]), retryDelay: 0) == nil)
        _ = second
        try await store.close()
    }

    @Test("progress is recorded; completion keeps the final metrics")
    func progressAndCompletion() async throws {
        let store = try await temporaryStore()
        let queued = try await enqueue(store, job(gpus: 0))
        _ = try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30)
        try await store.recordProgress(jobID: queued.id, worker: "w-cpu", epoch: 3, progress: 0.3, metrics: ["loss": 0.5])
        try await store.recordProgress(jobID: queued.id, worker: "intruder", epoch: 9, progress: 0.9, metrics: [:])
        var status = try await store.queueStatus(jobID: queued.id)
        #expect(status.state == .running)
        #expect(status.progress == 0.3)
        #expect(status.metrics == ["loss": 0.5])
        let done = try #require(try await store.finishRun(jobID: queued.id, worker: "w-cpu", outcome: .completed(metrics: ["accuracy": 0.97]), retryDelay: 0))
        #expect(done.state == .completed)
        #expect(done.metrics == ["loss": 0.5, "accuracy": 0.97])
        #expect(done.progress == 1)
        #expect(done.finishedAt != nil)
        status = try await store.queueStatus(jobID: queued.id)
        #expect(status.state == .completed)
        try await store.close()
    }

    @Test("a failed run is retried after its backoff while attempts remain, then the job fails")
    func retries() async throws {
        let time = ManualTime()
        let store = try await temporaryStore(time: time)
        let queued = try await enqueue(store, job(gpus: 0), maxAttempts: 2)
        _ = try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30)
        let retried = try #require(try await store.finishRun(jobID: queued.id, worker: "w-cpu", outcome: .failed(reason: "exit 1", retryable: true), retryDelay: 60))
        #expect(retried.state == .queued)
        #expect(retried.waitReason == "retrying in 60 s after: exit 1")
        #expect(try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30) == nil)
        time.advance(61)
        let second = try #require(try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30))
        #expect(second.runAttempts == 2)
        let failed = try #require(try await store.finishRun(jobID: queued.id, worker: "w-cpu", outcome: .failed(reason: "exit 1", retryable: true), retryDelay: 60))
        #expect(failed.state == .failed)
        #expect(failed.reason == "exit 1")
        try await store.close()
    }

    @Test("cancelling a queued job is immediate; a running one waits for its worker; a finished one is unchanged")
    func cancellation() async throws {
        let time = ManualTime()
        let store = try await temporaryStore(time: time)
        let waiting = try await enqueue(store, job(gpus: 0, name: "waiting"))
        try await PlatformAdapter(queue: store).cancel(ProviderJobID(waiting.id), at: ComputeTarget(provider: .platform, region: "local", machine: .gpus(model: nil, count: 0)), credentials: nil)
        #expect(try await store.job(id: waiting.id, organization: "acme")?.state == .cancelled)

        let running = try await enqueue(store, job(gpus: 0, name: "running"))
        _ = try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 30)
        let requested = try await store.requestCancel(jobID: running.id, organization: "acme")
        #expect(requested.state == .running)
        #expect(requested.cancelRequested)
        #expect(try await store.heartbeat(jobID: running.id, worker: "w-cpu", leaseSeconds: 30) == .held(cancelRequested: true))
        let cancelled = try #require(try await store.finishRun(jobID: running.id, worker: "w-cpu", outcome: .cancelled, retryDelay: 0))
        #expect(cancelled.state == .cancelled)
        #expect(try await store.requestCancel(jobID: running.id, organization: "acme").state == .cancelled)
        await #expect(throws: StoreError.notFound(jobID: running.id)) { try await store.requestCancel(jobID: running.id, organization: "globex") }

        // A pending cancellation whose worker died ends cancelled, not back in the queue.
        let orphan = try await enqueue(store, job(gpus: 0, name: "orphan"))
        _ = try await store.leaseNextJob(worker: cpuWorker, leaseSeconds: 5)
        _ = try await store.requestCancel(jobID: orphan.id, organization: "acme")
        time.advance(6)
        try await store.requeueExpiredLeases()
        #expect(try await store.job(id: orphan.id, organization: "acme")?.state == .cancelled)
        try await store.close()
    }

    @Test("the platform adapter refuses container jobs as invalid")
    func containerRefused() async throws {
        let store = try await temporaryStore()
        let spec = ProviderJobSpec(jobID: "j", organization: "acme", name: "c", workload: .container(image: "x", command: ["y"]), dataset: nil,
                                   config: [:], resources: ResourceRequest(), target: ComputeTarget(provider: .platform, region: "local", machine: .gpus(model: "T4", count: 1)), attempt: 1)
        let error = await #expect(throws: AdapterError.self) { try await PlatformAdapter(queue: store).submit(spec, credentials: nil) }
        #expect(error?.errorClass == .invalid)
        try await store.close()
    }

    @Test("nvidia-smi output is parsed into GPUs")
    func gpuProbeParsing() {
        let gpus = GPUProbe.parse(["NVIDIA H100 80GB HBM3, 81559, 3", "Tesla T4, 15360, 100", "garbage"])
        #expect(gpus.count == 2)
        #expect(gpus[0].name == "NVIDIA H100 80GB HBM3")
        #expect(abs(gpus[0].memoryGiB - 79.647) < 0.01)
        #expect(gpus[1].utilization == 100)
    }
}

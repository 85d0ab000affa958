import Adapters
import Foundation
import Testing
import TestSupport
@testable import Orchestrator

/// Records the delays the router asked to wait, without waiting.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    var delays: [Double] { lock.withLock { recorded } }
    func sleep(_ seconds: Double) { lock.withLock { recorded.append(seconds) } }
}

@Suite("Router with fallback")
struct RouterTests {
    let planner: RoutePlanner
    let preferred: ComputeProfile

    init() throws {
        planner = RoutePlanner(estimator: CostEstimator(catalog: try Repository.catalog()))
        preferred = try profile("""
            name: p
            strategy: preferred
            candidates:
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge}
              - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4}
              - {provider: kubernetes, credentials: k8s, gpu: A10G}
            """)
    }

    func route(_ profile: ComputeProfile, adapters: [ScriptedAdapter], sleeper: SleepRecorder = SleepRecorder(),
               time: ManualTime = ManualTime(), retry: RetryPolicy = RetryPolicy(),
               credentials: [String] = ["aws", "gcp", "k8s"]) async throws -> (JobRecord, [Attempt], [JobEvent]) {
        let store = try await temporaryStore(time: time)
        let spec = job()
        let plan = planner.plan(spec, profile: profile)
        let created = try await store.createJob(NewJob(organization: "acme", profile: profile.name, spec: spec)).job
        let router = Router(adapters: adapters, store: store, credentials: try StaticCredentials(names: credentials), retry: retry,
                            time: time, sleep: { sleeper.sleep($0) }, random: { 0.5 })
        let routed = try await router.route(created, plan: plan, fallback: profile.fallback)
        let attempts = try await store.attempts(jobID: created.id), events = try await store.events(jobID: created.id)
        try await store.close()
        return (routed, attempts, events)
    }

    @Test("capacity and quota errors fall through: the job lands on the third candidate with two failed attempts recorded")
    func fallsThrough() async throws {
        let sagemaker = ScriptedAdapter(.sagemaker, [.fail(.quota, code: "ResourceLimitExceeded", message: "The account-level service limit 'ml.g5.xlarge for training job usage' is 0 Instances")])
        let vertex = ScriptedAdapter(.vertex, [.fail(.capacity, code: "RESOURCE_EXHAUSTED", message: "The zone does not have enough resources")])
        let kubernetes = ScriptedAdapter(.kubernetes, [.accept("trainyard-job-1")])
        let (routed, attempts, _) = try await route(preferred, adapters: [sagemaker, vertex, kubernetes])

        #expect(routed.state == .running)
        #expect(routed.provider == .kubernetes)
        #expect(routed.providerJobID == ProviderJobID("trainyard-job-1"))
        #expect(routed.candidateIndex == 2)
        #expect(attempts.map(\.provider) == [.sagemaker, .vertex, .kubernetes])
        #expect(attempts.map(\.outcome) == [.failed, .failed, .submitted])
        #expect(attempts.map(\.errorClass) == [.quota, .capacity, nil])
        #expect(attempts.map(\.errorCode) == ["ResourceLimitExceeded", "RESOURCE_EXHAUSTED", nil])
        #expect(attempts.map(\.number) == [1, 2, 3])
        #expect(attempts.allSatisfy { $0.startedAt <= $0.endedAt })
        #expect(kubernetes.calls.first?.attempt == 3)
        #expect(kubernetes.calls.first?.target.provider == .kubernetes)
        #expect(kubernetes.credentials.first??.kind == .aws && "\(kubernetes.credentials)".contains("AKIAK8S"), "the adapter gets the opened credential")
    }

    @Test("a credential the organization lacks is a credentials failure of that candidate, and the job falls through")
    func missingCredential() async throws {
        let sagemaker = ScriptedAdapter(.sagemaker, [.accept("never")])
        let vertex = ScriptedAdapter(.vertex, [.accept("projects/p/locations/us-central1/customJobs/1")])
        let (routed, attempts, _) = try await route(preferred, adapters: [sagemaker, vertex, ScriptedAdapter(.kubernetes, [])], credentials: ["gcp"])

        #expect(routed.provider == .vertex)
        #expect(sagemaker.callCount == 0, "the provider is never called without its credential")
        #expect(attempts.map(\.errorClass) == [.credentials, nil])
        #expect(attempts.first?.errorCode == "CredentialUnavailable")
        #expect(attempts.first?.message.contains("'aws'") == true)
    }

    @Test("retryable errors are retried on the same candidate with capped exponential backoff")
    func retries() async throws {
        let throttled = AdapterError(.retryable, provider: .sagemaker, code: "ThrottlingException", message: "Rate exceeded")
        let sagemaker = ScriptedAdapter(.sagemaker, [
            .fail(.retryable, code: throttled.code ?? "", message: throttled.message),
            .fail(.retryable, code: "ThrottlingException", message: "Rate exceeded"),
            .accept("sm-1"),
        ])
        let sleeper = SleepRecorder()
        let (routed, attempts, _) = try await route(preferred, adapters: [sagemaker], sleeper: sleeper,
                                                    retry: RetryPolicy(maxRetries: 3, baseDelay: 1, maxDelay: 8))
        #expect(routed.provider == .sagemaker)
        #expect(attempts.map(\.outcome) == [.failed, .failed, .submitted])
        #expect(sagemaker.calls.map(\.attempt) == [1, 1, 1], "retries reuse the attempt's idempotency handle")
        // Equal jitter with the random unit fixed at 0.5: three quarters of 1 s, then of 2 s.
        #expect(sleeper.delays == [0.75, 1.5])
    }

    @Test("retries that run out count as unavailable and fall through")
    func retriesExhausted() async throws {
        let sagemaker = ScriptedAdapter(.sagemaker, Array(repeating: .fail(.retryable, code: "ServiceUnavailable", message: "503"), count: 3))
        let vertex = ScriptedAdapter(.vertex, [.accept("projects/p/locations/us-central1/customJobs/1")])
        let sleeper = SleepRecorder()
        let profile = try profile("""
            name: p
            strategy: preferred
            candidates:
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge}
              - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4}
            fallback: {max_attempts: 10}
            """)
        let (routed, attempts, _) = try await route(profile, adapters: [sagemaker, vertex], sleeper: sleeper,
                                                    retry: RetryPolicy(maxRetries: 2, baseDelay: 1, maxDelay: 1.5))
        #expect(routed.provider == .vertex)
        #expect(attempts.count == 4)
        #expect(sleeper.delays == [0.75, 1.125])
    }

    @Test("an invalid request fails the job at once with the provider's message")
    func invalidFails() async throws {
        let sagemaker = ScriptedAdapter(.sagemaker, [.fail(.invalid, code: "ValidationException", message: "1 validation error detected")])
        let vertex = ScriptedAdapter(.vertex, [.accept("never")])
        let (routed, attempts, _) = try await route(preferred, adapters: [sagemaker, vertex])
        #expect(routed.state == .failed)
        #expect(routed.reason?.contains("1 validation error detected") == true)
        #expect(attempts.count == 1)
        #expect(vertex.callCount == 0)
    }

    @Test("an error class the profile does not list fails the job instead of falling through")
    func unlistedClassFails() async throws {
        let strict = try profile("""
            name: p
            strategy: preferred
            candidates:
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge}
              - {provider: kubernetes, credentials: k8s, gpu: A10G}
            fallback: {on: [capacity]}
            """)
        let sagemaker = ScriptedAdapter(.sagemaker, [.fail(.credentials, code: "UnrecognizedClientException", message: "The security token included in the request is invalid")])
        let kubernetes = ScriptedAdapter(.kubernetes, [.accept("never")])
        let (routed, _, _) = try await route(strict, adapters: [sagemaker, kubernetes])
        #expect(routed.state == .failed)
        #expect(kubernetes.callCount == 0)
    }

    @Test("fallback.max_attempts caps provider calls; exhausting every candidate fails the job with a summary")
    func exhaustion() async throws {
        let capped = try profile("""
            name: p
            strategy: preferred
            candidates:
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge}
              - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4}
              - {provider: kubernetes, credentials: k8s, gpu: A10G}
            fallback: {max_attempts: 2}
            """)
        let sagemaker = ScriptedAdapter(.sagemaker, [.fail(.capacity, code: "CapacityError", message: "no capacity")])
        let vertex = ScriptedAdapter(.vertex, [.fail(.capacity, code: "STOCKOUT", message: "stockout")])
        let kubernetes = ScriptedAdapter(.kubernetes, [.accept("never")])
        let (routed, attempts, events) = try await route(capped, adapters: [sagemaker, vertex, kubernetes])
        #expect(routed.state == .failed)
        #expect(attempts.count == 2)
        #expect(kubernetes.callCount == 0)
        #expect(routed.reason?.contains("max_attempts 2") == true)
        #expect(events.last?.message.hasPrefix("submitting → failed") == true)
    }

    @Test("a provider without an adapter counts as unavailable and falls through")
    func missingAdapter() async throws {
        let kubernetes = ScriptedAdapter(.kubernetes, [.accept("k-1")])
        let (routed, attempts, _) = try await route(preferred, adapters: [kubernetes])
        #expect(routed.provider == .kubernetes)
        #expect(attempts.prefix(2).allSatisfy { $0.errorClass == .unavailable })
    }

    @Test("a queued platform job spills over after max_queue_wait, recorded as a queue-timeout attempt")
    func spillOver() async throws {
        let time = ManualTime()
        let store = try await temporaryStore(time: time)
        let queueProfile = try profile("""
            name: q
            strategy: queue
            candidates:
              - {provider: platform, gpu: T4}
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g4dn.xlarge}
            limits: {max_queue_wait: 2h}
            """)
        let spec = job()
        let plan = planner.plan(spec, profile: queueProfile)
        let created = try await store.createJob(NewJob(organization: "acme", profile: "q", spec: spec)).job
        let platform = ScriptedAdapter(.platform, [.accept(created.id)])
        let sagemaker = ScriptedAdapter(.sagemaker, [.accept("sm-7")])
        let router = Router(adapters: [platform, sagemaker], store: store, credentials: try StaticCredentials(names: ["aws"]), time: time, sleep: { _ in }, random: { 0 })

        let queued = try await router.route(created, plan: plan, fallback: queueProfile.fallback)
        #expect(queued.state == .queued)
        #expect(queued.provider == .platform)
        #expect(sagemaker.callCount == 0)

        time.advance(7201)
        let spilled = try await router.spillOver(queued, plan: plan, fallback: queueProfile.fallback, waitedSeconds: 7201)
        #expect(spilled.state == .running)
        #expect(spilled.provider == .sagemaker)
        let attempts = try await store.attempts(jobID: created.id)
        #expect(attempts.map(\.outcome) == [.submitted, .queueTimeout, .submitted])
        #expect(attempts[1].provider == .platform)
        #expect(attempts[1].endedAt.timeIntervalSince(attempts[1].startedAt) == 7201)
        try await store.close()
    }

    @Test("backoff delays grow exponentially, stay within the cap, and keep at least half the step")
    func backoff() {
        let policy = RetryPolicy(maxRetries: 10, baseDelay: 0.5, maxDelay: 8)
        #expect((1...8).map { policy.delay(beforeRetry: $0, unit: 1) } == [0.5, 1, 2, 4, 8, 8, 8, 8])
        #expect((1...8).map { policy.delay(beforeRetry: $0, unit: 0) } == [0.25, 0.5, 1, 2, 4, 4, 4, 4])
        #expect(policy.delay(beforeRetry: 100, unit: 0.5) == 6)
    }
}

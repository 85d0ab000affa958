import Adapters
import Credentials
import Foundation
import Orchestrator
import Testing

/// An adapter whose status calls take `delay`, or wait until ``release()`` when gated, and count how many run at once.
final class CountingAdapter: ComputeAdapter, @unchecked Sendable {
    let provider: ProviderKind
    let delay: Duration
    private let lock = NSLock()
    private var inFlight = 0
    private var gated: Bool
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private(set) var peak = 0
    private(set) var finished = 0

    init(_ provider: ProviderKind, delay: Duration = .zero, gated: Bool = false) {
        self.provider = provider
        self.delay = delay
        self.gated = gated
    }

    /// Lets every gated call, waiting or future, go on.
    func release() {
        let waiting = lock.withLock {
            gated = false
            defer { waiters = [] }
            return waiters
        }
        waiting.forEach { $0.resume() }
    }

    var finishedCount: Int { lock.withLock { finished } }
    var inFlightCount: Int { lock.withLock { inFlight } }

    func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID { ProviderJobID(spec.jobID) }

    func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        lock.withLock {
            inFlight += 1
            peak = max(peak, inFlight)
        }
        await withCheckedContinuation { continuation in
            let wait = lock.withLock {
                if gated { waiters.append(continuation) }
                return gated
            }
            if !wait { continuation.resume() }
        }
        try await Task.sleep(for: delay)
        lock.withLock {
            inFlight -= 1
            finished += 1
        }
        guard !id.rawValue.hasSuffix("-gone") else { throw AdapterError(.invalid, provider: provider, code: "NotFound", message: "no such job") }
        return ProviderJobStatus(state: .running, providerState: "Running")
    }

    func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {}

    func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        CredentialValidation(valid: true)
    }
}

@Suite("Status poller")
struct StatusPollerTests {
    func items(_ provider: ProviderKind, count: Int, suffix: String = "") -> [StatusPoller.Item] {
        (0..<count).map { index in
            StatusPoller.Item(key: "\(provider.rawValue)-\(index)", providerJobID: ProviderJobID("\(provider.rawValue)-\(index)\(suffix)"),
                              target: ComputeTarget(provider: provider, region: "r", machine: .gpus(model: "T4", count: 1)), credentials: nil)
        }
    }

    @Test("every job gets one result, concurrency stays within the bound per provider, and errors are kept per job")
    func boundedConcurrency() async throws {
        // Gated, so the bound is reached however slowly the machine schedules the calls.
        let held = CountingAdapter(.sagemaker, delay: .milliseconds(1), gated: true)
        let poller = StatusPoller(adapters: [held], maxConcurrentPerProvider: 4)
        let gone = items(.sagemaker, count: 1, suffix: "-gone").map {
            var item = $0
            item.key = "gone"
            return item
        }
        let poll = Task { await poller.poll(items(.sagemaker, count: 40) + gone) }
        for _ in 0..<6000 where held.inFlightCount < 4 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(held.inFlightCount == 4, "four calls wait at the gate and no fifth one starts")
        held.release()
        let results = await poll.value
        #expect(results.count == 41)
        #expect(held.peak == 4)
        #expect(results.values.filter { (try? $0.get()) != nil }.count == 40)
        guard case .failure(let error)? = results["gone"] else {
            Issue.record("the missing job has no failure")
            return
        }
        #expect(error.code == "NotFound")
    }

    @Test("a provider that does not answer does not hold back another provider's jobs")
    func providersIndependent() async throws {
        let stalled = CountingAdapter(.vertex, gated: true)
        let fast = CountingAdapter(.kubernetes)
        let poll = Task { await StatusPoller(adapters: [stalled, fast], maxConcurrentPerProvider: 2).poll(items(.vertex, count: 4) + items(.kubernetes, count: 20)) }
        for _ in 0..<6000 where fast.finishedCount < 20 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(fast.finishedCount == 20, "every kubernetes job was polled while vertex had not answered")
        #expect(stalled.finishedCount == 0)
        stalled.release()
        let results = await poll.value
        #expect(results.count == 24)
        #expect(stalled.peak == 2)
    }
}

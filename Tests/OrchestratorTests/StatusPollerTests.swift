import Adapters
import Credentials
import Foundation
import Orchestrator
import Testing

/// An adapter whose status calls take `delay` and count how many run at once.
final class CountingAdapter: ComputeAdapter, @unchecked Sendable {
    let provider: ProviderKind
    let delay: Duration
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var peak = 0
    private(set) var finishedAt: [ContinuousClock.Instant] = []

    init(_ provider: ProviderKind, delay: Duration) {
        self.provider = provider
        self.delay = delay
    }

    func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID { ProviderJobID(spec.jobID) }

    func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        lock.withLock {
            inFlight += 1
            peak = max(peak, inFlight)
        }
        try await Task.sleep(for: delay)
        lock.withLock {
            inFlight -= 1
            finishedAt.append(.now)
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
        let fast = CountingAdapter(.sagemaker, delay: .milliseconds(5))
        let poller = StatusPoller(adapters: [fast], maxConcurrentPerProvider: 4)
        let results = await poller.poll(items(.sagemaker, count: 40) + items(.sagemaker, count: 1, suffix: "-gone").map {
            var item = $0
            item.key = "gone"
            return item
        })
        #expect(results.count == 41)
        #expect(fast.peak == 4)
        #expect(results.values.filter { (try? $0.get()) != nil }.count == 40)
        guard case .failure(let error)? = results["gone"] else {
            Issue.record("the missing job has no failure")
            return
        }
        #expect(error.code == "NotFound")
    }

    @Test("a slow provider does not hold back another provider's jobs")
    func providersIndependent() async throws {
        let slow = CountingAdapter(.vertex, delay: .milliseconds(400))
        let fast = CountingAdapter(.kubernetes, delay: .milliseconds(1))
        let started = ContinuousClock.now
        _ = await StatusPoller(adapters: [slow, fast], maxConcurrentPerProvider: 2).poll(items(.vertex, count: 4) + items(.kubernetes, count: 20))
        let fastDone = try #require(fast.finishedAt.max())
        let slowDone = try #require(slow.finishedAt.max())
        #expect(fastDone - started < .milliseconds(300), "kubernetes finished while vertex was still waiting")
        #expect(slowDone - started >= .milliseconds(800), "two rounds of two slow calls")
    }
}

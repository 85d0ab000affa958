import Adapters
import Credentials

/// Reads the provider status of many jobs at once: each provider's jobs in their own group, at most
/// ``maxConcurrentPerProvider`` calls in flight per provider, so a slow provider never delays the others.
public struct StatusPoller: Sendable {
    /// One job to poll.
    public struct Item: Sendable {
        /// The caller's key for the job (Trainyard's job id).
        public var key: String
        public var providerJobID: ProviderJobID
        public var target: ComputeTarget
        public var credentials: CloudCredential?

        /// Creates an item.
        public init(key: String, providerJobID: ProviderJobID, target: ComputeTarget, credentials: CloudCredential?) {
            self.key = key
            self.providerJobID = providerJobID
            self.target = target
            self.credentials = credentials
        }
    }

    /// The default bound of concurrent status calls per provider.
    public static let defaultConcurrencyPerProvider = 64

    /// Adapters by provider.
    public var adapters: [ProviderKind: any ComputeAdapter]
    /// How many status calls may be in flight per provider.
    public var maxConcurrentPerProvider: Int
    /// How many status calls may start per second per provider (its API's rate limit); `nil`: no limit.
    public var requestsPerSecondPerProvider: Double?

    /// Creates a poller.
    public init(
        adapters: [any ComputeAdapter], maxConcurrentPerProvider: Int = Self.defaultConcurrencyPerProvider,
        requestsPerSecondPerProvider: Double? = nil
    ) {
        self.adapters = Dictionary(adapters.map { ($0.provider, $0) }, uniquingKeysWith: { _, last in last })
        self.maxConcurrentPerProvider = max(1, maxConcurrentPerProvider)
        self.requestsPerSecondPerProvider = requestsPerSecondPerProvider.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Polls every item once; the answer has one result per item key.
    public func poll(_ items: [Item]) async -> [String: Result<ProviderJobStatus, AdapterError>] {
        let byProvider = Dictionary(grouping: items, by: \.target.provider)
        return await withTaskGroup(of: [String: Result<ProviderJobStatus, AdapterError>].self) { group in
            for (provider, jobs) in byProvider {
                group.addTask { await poll(jobs, provider: provider) }
            }
            var results: [String: Result<ProviderJobStatus, AdapterError>] = [:]
            for await partial in group { results.merge(partial) { _, new in new } }
            return results
        }
    }

    private func poll(_ items: [Item], provider: ProviderKind) async -> [String: Result<ProviderJobStatus, AdapterError>] {
        guard let adapter = adapters[provider] else {
            let missing = AdapterError(.unavailable, provider: provider, message: "no adapter is configured for \(provider.rawValue)")
            return Dictionary(items.map { ($0.key, .failure(missing)) }, uniquingKeysWith: { _, last in last })
        }
        let limiter = requestsPerSecondPerProvider.map { RateLimiter(perSecond: $0) }
        return await withTaskGroup(of: (String, Result<ProviderJobStatus, AdapterError>).self) { group in
            var results: [String: Result<ProviderJobStatus, AdapterError>] = [:]
            var pending = items[...]
            func start(_ item: Item) {
                group.addTask {
                    do {
                        await limiter?.acquire()
                        return (item.key, .success(try await adapter.status(of: item.providerJobID, at: item.target, credentials: item.credentials)))
                    } catch let error as AdapterError {
                        return (item.key, .failure(error))
                    } catch {
                        return (item.key, .failure(AdapterError(.unavailable, provider: provider, message: "\(error)")))
                    }
                }
            }
            for _ in 0..<min(maxConcurrentPerProvider, pending.count) { start(pending.removeFirst()) }
            for await (key, result) in group {
                results[key] = result
                if let next = pending.popFirst() { start(next) }
            }
            return results
        }
    }
}

import Adapters
import Credentials
import Foundation

/// An adapter whose every call is timed into ``ServiceMetrics`` by provider and operation.
struct MeteredAdapter: ComputeAdapter {
    let base: any ComputeAdapter
    let metrics: ServiceMetrics

    var provider: ProviderKind { base.provider }

    func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        try await timed("submit") { try await base.submit(spec, credentials: credentials) }
    }

    func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        try await timed("status") { try await base.status(of: id, at: target, credentials: credentials) }
    }

    func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        try await timed("cancel") { try await base.cancel(id, at: target, credentials: credentials) }
    }

    func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        try await timed("validate") { try await base.validateCredentials(credentials, for: target) }
    }

    private func timed<T>(_ operation: String, _ call: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        do {
            let result = try await call()
            metrics.recordProviderCall(provider: provider, operation: operation, seconds: (ContinuousClock.now - start).seconds, failed: false)
            return result
        } catch {
            metrics.recordProviderCall(provider: provider, operation: operation, seconds: (ContinuousClock.now - start).seconds, failed: true)
            throw error
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension ServiceMetrics {
    /// The adapters, each call timed into these metrics.
    public func metered(_ adapters: [any ComputeAdapter]) -> [any ComputeAdapter] {
        adapters.map { MeteredAdapter(base: $0, metrics: self) }
    }
}

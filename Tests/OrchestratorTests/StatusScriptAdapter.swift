import Adapters
import Credentials
import Foundation

/// A cloud provider as the status sync sees it: it accepts submissions (the same id for the same job and attempt,
/// like a provider's idempotency handle), answers status with what the test sets per job, and records cancellations.
final class StatusScriptAdapter: ComputeAdapter, @unchecked Sendable {
    let provider: ProviderKind
    private let lock = NSLock()
    private var answers: [String: Result<ProviderJobStatus, AdapterError>] = [:]
    private(set) var submissions: [ProviderJobSpec] = []
    private(set) var cancelled: [String] = []
    private(set) var statusCalls = 0

    init(_ provider: ProviderKind) { self.provider = provider }

    /// What the provider answers for `id` from now on.
    func answer(_ id: ProviderJobID, _ result: Result<ProviderJobStatus, AdapterError>) { lock.withLock { answers[id.rawValue] = result } }

    func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        lock.withLock { submissions.append(spec) }
        return ProviderJobID("\(provider.rawValue)-\(spec.jobID)-\(spec.attempt)")
    }

    func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        let answer = lock.withLock {
            statusCalls += 1
            return answers[id.rawValue]
        }
        guard let answer else { return ProviderJobStatus(state: .running, providerState: "InProgress") }
        return try answer.get()
    }

    func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        lock.withLock { cancelled.append(id.rawValue) }
    }

    func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        CredentialValidation(valid: true)
    }
}

import Adapters
import Credentials
import Foundation

/// An adapter whose answers the test scripts call by call: the router's view of a provider, nothing more.
final class ScriptedAdapter: ComputeAdapter, @unchecked Sendable {
    enum Answer {
        case accept(String)
        case fail(ErrorClass, code: String, message: String)
    }

    let provider: ProviderKind
    private let lock = NSLock()
    private var answers: [Answer]
    private(set) var calls: [ProviderJobSpec] = []
    private(set) var credentials: [CloudCredential?] = []

    init(_ provider: ProviderKind, _ answers: [Answer]) {
        self.provider = provider
        self.answers = answers
    }

    var callCount: Int { lock.withLock { calls.count } }

    func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        let answer: Answer = lock.withLock {
            calls.append(spec)
            self.credentials.append(credentials)
            return answers.isEmpty ? .fail(.invalid, code: "Unscripted", message: "no answer scripted") : answers.removeFirst()
        }
        switch answer {
        case .accept(let id): return ProviderJobID(id)
        case .fail(let errorClass, let code, let message): throw AdapterError(errorClass, provider: provider, code: code, message: message)
        }
    }

    // The router only submits; the rest of the protocol is not scripted and says so.
    func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        throw AdapterError(.invalid, provider: provider, message: "status is not scripted")
    }

    func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        throw AdapterError(.invalid, provider: provider, message: "cancel is not scripted")
    }

    func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        throw AdapterError(.invalid, provider: provider, message: "validation is not scripted")
    }
}

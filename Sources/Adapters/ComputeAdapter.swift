import Credentials

/// One provider behind one protocol: platform workers, SageMaker, Vertex AI, Azure ML, Kubernetes.
///
/// Every method throws ``AdapterError`` with a classified ``ErrorClass`` so the router knows whether to
/// retry, fall back to the next candidate, or fail the job. `credentials` is the opened credential the
/// target names (`nil` for providers that need none).
public protocol ComputeAdapter: Sendable {
    /// The provider this adapter speaks to.
    var provider: ProviderKind { get }

    /// Starts the job at the provider. Idempotent per `(spec.jobID, spec.attempt)`: a repeated call
    /// returns the job the first call created.
    func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID

    /// Reads the job's current state from the provider.
    func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus

    /// Stops the job at the provider. Cancelling a finished job is not an error.
    func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws

    /// Makes a cheap, read-only call proving the credentials work for the target, and says exactly what is wrong otherwise.
    func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation
}

/// The outcome of ``ComputeAdapter/validateCredentials(_:for:)``.
public struct CredentialValidation: Sendable, Hashable, Codable {
    /// Whether the provider accepted the credentials.
    public var valid: Bool
    /// Who the provider says the caller is (an ARN, a service account), when valid.
    public var identity: String?
    /// What is wrong, when not valid.
    public var message: String?

    /// Creates a validation outcome.
    public init(valid: Bool, identity: String? = nil, message: String? = nil) {
        self.valid = valid
        self.identity = identity
        self.message = message
    }
}

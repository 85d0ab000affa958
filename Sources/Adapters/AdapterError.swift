/// A classified failure from a provider.
public struct AdapterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class that decides what the router does next.
    public var errorClass: ErrorClass
    /// The provider that answered.
    public var provider: ProviderKind
    /// The provider's own error code (e.g. `ResourceLimitExceeded`), when it gave one.
    public var code: String?
    /// The provider's message, free of secrets.
    public var message: String

    /// Creates a classified provider error.
    public init(_ errorClass: ErrorClass, provider: ProviderKind, code: String? = nil, message: String) {
        self.errorClass = errorClass
        self.provider = provider
        self.code = code
        self.message = message
    }

    public var description: String {
        let codePart = code.map { " \($0)" } ?? ""
        return "\(provider.rawValue) \(errorClass.rawValue)\(codePart): \(message)"
    }
}

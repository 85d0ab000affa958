/// The identifier a provider gave a submitted job (a SageMaker job name, a Vertex resource name, …).
public struct ProviderJobID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates an identifier from the provider's string.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

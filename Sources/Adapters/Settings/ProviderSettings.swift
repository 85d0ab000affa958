/// A candidate's provider-specific settings from its compute profile (the keys beyond provider, region,
/// machine, spot, credentials and endpoint that every candidate has).
public enum ProviderSettings: Sendable, Hashable, Codable {
    /// Platform workers need nothing more.
    case platform
    case sagemaker(SageMakerSettings)
    case vertex(VertexSettings)
    case azureml(AzureMLSettings)
    case kubernetes(KubernetesSettings)
}

import Adapters

/// Which keys a candidate may carry, per provider.
enum CandidateKeys {
    static let common = ["provider", "credentials", "region", "endpoint", "max_concurrent_jobs"]

    static let specific: [ProviderKind: [String]] = [
        .platform: ["gpu", "gpu_count"],
        .kubernetes: [
            "gpu", "gpu_count", "price_per_gpu_hour", "context", "namespace", "gpu_resource", "node_selector", "tolerations",
            "image_pull_secrets", "max_runtime_hours", "image",
        ],
        .sagemaker: ["instance_type", "spot", "instance_count", "role_arn", "output_uri", "max_runtime_hours", "max_wait_hours", "image"],
        .vertex: [
            "machine_type", "accelerator", "accelerator_count", "spot", "project", "output_uri", "service_account", "max_runtime_hours", "image",
        ],
        .azureml: [
            "instance_type", "spot", "subscription_id", "resource_group", "workspace", "compute", "output_uri", "max_runtime_hours", "image",
        ],
    ]

    /// Keys that never apply to a provider even though they are common to others.
    static let excluded: [ProviderKind: [String]] = [
        .platform: ["credentials", "region", "endpoint"],
    ]

    /// Every key any candidate may carry.
    static let all: [String] = common + Array(Set(specific.values.joined())).sorted()

    static func allowed(for provider: ProviderKind) -> Set<String> {
        Set(common + (specific[provider] ?? [])).subtracting(excluded[provider] ?? [])
    }

    /// Explains a key that belongs to other providers.
    static func misplacedMessage(_ key: String, provider: ProviderKind) -> String {
        let owners = ProviderKind.allCases.filter { allowed(for: $0).contains(key) }.map(\.rawValue)
        let ownerText = owners.isEmpty ? "" : " (it applies to \(owners.joined(separator: ", ")))"
        return "'\(key)' does not apply to \(provider.rawValue) candidates\(ownerText)"
    }
}

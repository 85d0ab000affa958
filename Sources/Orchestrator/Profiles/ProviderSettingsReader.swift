import Adapters
import Yams

/// Reads a candidate's provider-specific keys into ``ProviderSettings``, reporting each problem at its key.
///
/// Values are checked for their shape (`s3://` and `gs://` URIs, an IAM role ARN, Kubernetes toleration
/// fields). Keys the provider's API cannot do without (SageMaker's `role_arn` and `output_uri`, Vertex's
/// `project`, Azure ML's workspace coordinates and `compute`) are optional here, so a profile can be
/// planned and estimated before the account is set up; the adapter refuses a submission that lacks them
/// with an `invalid` error naming the key.
struct ProviderSettingsReader {
    let fields: Fields
    let path: SchemaPath

    func read(for provider: ProviderKind, with reader: inout SchemaReader) -> ProviderSettings? {
        let errorsBefore = reader.diagnostics.count
        let settings: ProviderSettings
        switch provider {
        case .platform:
            settings = .platform
        case .sagemaker:
            let role = value("role_arn", startingWith: "arn:aws", describedAs: "an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", &reader)
            let output = value("output_uri", startingWith: "s3://", describedAs: "an s3:// URI", &reader)
            settings = .sagemaker(SageMakerSettings(
                instanceCount: integer("instance_count", minimum: 1, &reader) ?? 1, roleARN: role, outputURI: output,
                maxRuntimeHours: hours("max_runtime_hours", &reader), maxWaitHours: hours("max_wait_hours", &reader),
                image: optional("image", &reader)))
        case .vertex:
            settings = .vertex(VertexSettings(
                project: optional("project", &reader),
                outputURI: value("output_uri", startingWith: "gs://", describedAs: "a gs:// URI", &reader),
                serviceAccount: optional("service_account", &reader), maxRuntimeHours: hours("max_runtime_hours", &reader),
                image: optional("image", &reader)))
        case .azureml:
            settings = .azureml(AzureMLSettings(
                subscriptionID: optional("subscription_id", &reader), resourceGroup: optional("resource_group", &reader),
                workspace: optional("workspace", &reader), compute: optional("compute", &reader),
                outputURI: optional("output_uri", &reader), maxRuntimeHours: hours("max_runtime_hours", &reader),
                image: optional("image", &reader)))
        case .kubernetes:
            settings = .kubernetes(KubernetesSettings(
                context: optional("context", &reader), namespace: optional("namespace", &reader),
                gpuResource: optional("gpu_resource", &reader) ?? "nvidia.com/gpu",
                nodeSelector: stringMap("node_selector", &reader), tolerations: tolerations(&reader),
                imagePullSecrets: fields["image_pull_secrets"].flatMap { reader.strings($0, at: path.appending("image_pull_secrets")) } ?? [],
                maxRuntimeHours: hours("max_runtime_hours", &reader), image: optional("image", &reader)))
        }
        return reader.diagnostics.count == errorsBefore ? settings : nil
    }

    // MARK: Values

    private func optional(_ key: String, _ reader: inout SchemaReader) -> String? {
        guard let node = fields[key], let text = reader.string(node, at: path.appending(key)) else { return nil }
        guard !text.isEmpty else {
            reader.report(.invalidValue, at: node, path: path.appending(key), "'\(key)' is empty")
            return nil
        }
        return text
    }

    /// The value of `key` if it starts with `prefix` (`what` names the expected shape in the error).
    private func value(_ key: String, startingWith prefix: String, describedAs what: String, _ reader: inout SchemaReader) -> String? {
        guard let text = optional(key, &reader), let node = fields[key] else { return nil }
        guard text.hasPrefix(prefix) else {
            reader.report(.invalidValue, at: node, path: path.appending(key), "expected \(what), got \"\(text)\"")
            return nil
        }
        return text
    }

    private func integer(_ key: String, minimum: Int, _ reader: inout SchemaReader) -> Int? {
        fields[key].flatMap { reader.integer($0, at: path.appending(key), minimum: minimum) }
    }

    private func hours(_ key: String, _ reader: inout SchemaReader) -> Double? {
        fields[key].flatMap { reader.number($0, at: path.appending(key), positive: true) }
    }

    private func stringMap(_ key: String, _ reader: inout SchemaReader) -> [String: String] {
        guard let node = fields[key] else { return [:] }
        guard case .mapping(let mapping) = node else {
            reader.report(.typeMismatch, at: node, path: path.appending(key), "expected a mapping of label names to values")
            return [:]
        }
        var result: [String: String] = [:]
        for (name, value) in mapping {
            guard let name = reader.string(name, at: path.appending(key)), let value = reader.string(value, at: path.appending(key).appending(name)) else { continue }
            result[name] = value
        }
        return result
    }

    private static let tolerationKeys = ["key", "operator", "value", "effect", "toleration_seconds"]
    private static let operators = ["Exists", "Equal"]
    private static let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]

    private func tolerations(_ reader: inout SchemaReader) -> [KubernetesSettings.Toleration] {
        guard let node = fields["tolerations"], let items = reader.sequence(node, at: path.appending("tolerations")) else { return [] }
        var result: [KubernetesSettings.Toleration] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending("tolerations").appending(index: index)
            guard let entry = reader.fields(item, at: itemPath, allowed: Self.tolerationKeys) else { continue }
            func text(_ key: String, among allowed: [String]? = nil) -> String? {
                guard let node = entry[key], let value = reader.string(node, at: itemPath.appending(key)) else { return nil }
                if let allowed, !allowed.contains(value) {
                    reader.report(.invalidValue, at: node, path: itemPath.appending(key), "expected one of \(allowed.joined(separator: ", ")), got \"\(value)\"")
                    return nil
                }
                return value
            }
            result.append(KubernetesSettings.Toleration(
                key: text("key"), operator: text("operator", among: Self.operators), value: text("value"),
                effect: text("effect", among: Self.effects),
                tolerationSeconds: entry["toleration_seconds"].flatMap { reader.integer($0, at: itemPath.appending("toleration_seconds"), minimum: 0) }))
        }
        return result
    }
}

/// Kubernetes candidate keys: `context`, `namespace`, `gpu_resource`, `node_selector`, `tolerations`,
/// `image_pull_secrets`, `max_runtime_hours`, `image` (GPU model and count live in the target).
public struct KubernetesSettings: Sendable, Hashable, Codable {
    /// The kubeconfig context; `nil` uses the credential's own.
    public var context: String?
    /// The namespace; `nil` uses the context's namespace, else `default`.
    public var namespace: String?
    /// The extended resource GPUs are requested as.
    public var gpuResource: String
    /// `spec.template.spec.nodeSelector`.
    public var nodeSelector: [String: String]
    /// `spec.template.spec.tolerations`.
    public var tolerations: [Toleration]
    /// `spec.template.spec.imagePullSecrets` names.
    public var imagePullSecrets: [String]
    /// `spec.activeDeadlineSeconds`, in hours.
    public var maxRuntimeHours: Double?
    /// The image that runs built-in trainers.
    public var image: String?

    /// A pod toleration, as the Kubernetes API spells it.
    public struct Toleration: Sendable, Hashable, Codable {
        public var key: String?
        /// `Exists` or `Equal`.
        public var `operator`: String?
        public var value: String?
        /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
        public var effect: String?
        public var tolerationSeconds: Int?

        /// Creates a toleration.
        public init(key: String? = nil, operator: String? = nil, value: String? = nil, effect: String? = nil, tolerationSeconds: Int? = nil) {
            self.key = key
            self.operator = `operator`
            self.value = value
            self.effect = effect
            self.tolerationSeconds = tolerationSeconds
        }
    }

    /// Creates Kubernetes settings.
    public init(context: String? = nil, namespace: String? = nil, gpuResource: String = "nvidia.com/gpu",
                nodeSelector: [String: String] = [:], tolerations: [Toleration] = [], imagePullSecrets: [String] = [],
                maxRuntimeHours: Double? = nil, image: String? = nil) {
        self.context = context
        self.namespace = namespace
        self.gpuResource = gpuResource
        self.nodeSelector = nodeSelector
        self.tolerations = tolerations
        self.imagePullSecrets = imagePullSecrets
        self.maxRuntimeHours = maxRuntimeHours
        self.image = image
    }
}

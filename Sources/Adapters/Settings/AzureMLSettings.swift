/// Azure ML candidate keys (the adapter refuses a submission without the workspace coordinates and `compute`): `subscription_id`, `resource_group`, `workspace`, `compute`, `output_uri`,
/// `max_runtime_hours`, `image`.
public struct AzureMLSettings: Sendable, Hashable, Codable {
    public var subscriptionID: String?
    public var resourceGroup: String?
    public var workspace: String?
    /// The named compute cluster jobs run on.
    public var compute: String?
    /// Where outputs go (an `azureml://` datastore path or a blob URL).
    public var outputURI: String?
    /// `limits.timeout`, in hours.
    public var maxRuntimeHours: Double?
    /// The image that runs built-in trainers.
    public var image: String?

    /// Creates Azure ML settings.
    public init(subscriptionID: String? = nil, resourceGroup: String? = nil, workspace: String? = nil, compute: String? = nil,
                outputURI: String? = nil, maxRuntimeHours: Double? = nil, image: String? = nil) {
        self.subscriptionID = subscriptionID
        self.resourceGroup = resourceGroup
        self.workspace = workspace
        self.compute = compute
        self.outputURI = outputURI
        self.maxRuntimeHours = maxRuntimeHours
        self.image = image
    }
}

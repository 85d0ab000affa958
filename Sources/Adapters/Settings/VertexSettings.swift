/// Vertex AI candidate keys (the adapter refuses a submission without `project`): `project`, `output_uri`, `service_account`, `max_runtime_hours`, `image`
/// (machine type, accelerator, count, region and spot live in the target).
public struct VertexSettings: Sendable, Hashable, Codable {
    /// The Google Cloud project id.
    public var project: String?
    /// `baseOutputDirectory`, `gs://bucket/prefix`.
    public var outputURI: String?
    /// The service account the job runs as.
    public var serviceAccount: String?
    /// `scheduling.timeout`, in hours.
    public var maxRuntimeHours: Double?
    /// The image that runs built-in trainers.
    public var image: String?

    /// Creates Vertex AI settings.
    public init(project: String? = nil, outputURI: String? = nil, serviceAccount: String? = nil, maxRuntimeHours: Double? = nil, image: String? = nil) {
        self.project = project
        self.outputURI = outputURI
        self.serviceAccount = serviceAccount
        self.maxRuntimeHours = maxRuntimeHours
        self.image = image
    }
}

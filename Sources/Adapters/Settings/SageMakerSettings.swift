/// SageMaker candidate keys (the adapter refuses a submission without `role_arn` and `output_uri`): `instance_count`, `role_arn`, `output_uri`, `max_runtime_hours`, `max_wait_hours`, `image`.
public struct SageMakerSettings: Sendable, Hashable, Codable {
    /// Instances per job (`ResourceConfig.InstanceCount`).
    public var instanceCount: Int
    /// The execution role SageMaker assumes (`RoleArn`).
    public var roleARN: String?
    /// Where models and checkpoints go, `s3://bucket/prefix` (`OutputDataConfig.S3OutputPath`).
    public var outputURI: String?
    /// `StoppingCondition.MaxRuntimeInSeconds`, in hours.
    public var maxRuntimeHours: Double?
    /// `StoppingCondition.MaxWaitTimeInSeconds` for managed spot training, in hours.
    public var maxWaitHours: Double?
    /// The image that runs built-in trainers.
    public var image: String?

    /// Creates SageMaker settings.
    public init(instanceCount: Int = 1, roleARN: String? = nil, outputURI: String? = nil, maxRuntimeHours: Double? = nil,
                maxWaitHours: Double? = nil, image: String? = nil) {
        self.instanceCount = instanceCount
        self.roleARN = roleARN
        self.outputURI = outputURI
        self.maxRuntimeHours = maxRuntimeHours
        self.maxWaitHours = maxWaitHours
        self.image = image
    }
}

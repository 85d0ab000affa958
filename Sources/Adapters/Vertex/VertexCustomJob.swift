/// A Vertex AI `CustomJob` (discovery schema `GoogleCloudAiplatformV1CustomJob`), the members Trainyard sends and reads.
struct VertexCustomJob: Codable {
    var name: String?
    var displayName: String
    var jobSpec: JobSpec
    var labels: [String: String]?
    var state: String?
    var createTime: String?
    var startTime: String?
    var endTime: String?
    var error: VertexStatus?

    struct JobSpec: Codable {
        var workerPoolSpecs: [WorkerPool]
        var scheduling: Scheduling?
        var baseOutputDirectory: OutputDirectory?
        var serviceAccount: String?
    }

    struct WorkerPool: Codable {
        var machineSpec: MachineSpec
        /// int64, a JSON string.
        var replicaCount: String
        var containerSpec: ContainerSpec
    }

    struct MachineSpec: Codable {
        var machineType: String
        var acceleratorType: String?
        var acceleratorCount: Int?
    }

    struct ContainerSpec: Codable {
        var imageUri: String
        var command: [String]?
        var args: [String]?
        var env: [EnvVar]?
    }

    struct EnvVar: Codable {
        var name: String
        var value: String
    }

    struct Scheduling: Codable {
        /// A duration such as `86400s`.
        var timeout: String?
        var strategy: String?
    }

    struct OutputDirectory: Codable {
        var outputUriPrefix: String
    }
}

/// A `google.rpc.Status`: a failed job's `error`, or the `error` of an API error answer.
struct VertexStatus: Codable {
    var code: Int?
    var message: String?
    var status: String?
}

/// The answer of `customJobs.list`.
struct VertexCustomJobList: Decodable {
    var customJobs: [VertexCustomJob]?
    var nextPageToken: String?
}

/// The `JobBaseResource` Trainyard PUTs: a command job (swagger `CommandJob`), the members it sets.
struct AzureMLJobRequest: Encodable {
    var properties: Properties

    struct Properties: Encodable {
        var jobType = "Command"
        var command: String
        var environmentId: String
        var computeId: String
        var displayName: String
        var experimentName = "trainyard"
        var environmentVariables: [String: String]
        var tags: [String: String]
        var limits: Limits
        var queueSettings: QueueSettings?
        var inputs: [String: Input]?
        var outputs: [String: Output]?
    }

    struct Limits: Encodable {
        var jobLimitsType = "Command"
        /// An ISO 8601 duration, `PT3H`.
        var timeout: String
    }

    struct QueueSettings: Encodable {
        var jobTier: String
    }

    struct Input: Encodable {
        var jobInputType = "uri_file"
        var uri: String
        var mode = "Download"
    }

    struct Output: Encodable {
        var jobOutputType = "uri_folder"
        var uri: String
        var mode = "ReadWriteMount"
    }
}

/// The members of a `JobBaseResource` Trainyard reads. Azure ML reports start and end times and a failed job's error
/// in the run's string properties (`StartTimeUtc`, `EndTimeUtc`, `ErrorCode`, `ErrorMessage`).
struct AzureMLJobResource: Decodable {
    var name: String?
    var properties: Properties
    var systemData: SystemData?

    struct Properties: Decodable {
        var status: String?
        var tags: [String: String]?
        var properties: [String: String?]?
    }

    struct SystemData: Decodable {
        var createdAt: String?
    }

    /// One of the run's string properties.
    func runProperty(_ name: String) -> String? {
        properties.properties?[name] ?? nil
    }
}

/// An ARM error answer: `{"error": {"code", "message"}}`.
struct AzureErrorAnswer: Decodable {
    var error: Detail

    struct Detail: Decodable {
        var code: String?
        var message: String?
    }
}

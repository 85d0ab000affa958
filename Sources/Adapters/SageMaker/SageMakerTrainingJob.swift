import Foundation

/// `CreateTrainingJob`'s request members that Trainyard sets (botocore `CreateTrainingJobRequest`).
struct SageMakerCreateTrainingJob: Encodable {
    var TrainingJobName: String
    var RoleArn: String
    var AlgorithmSpecification: Algorithm
    var InputDataConfig: [Channel]?
    var OutputDataConfig: Output
    var ResourceConfig: Resources
    var StoppingCondition: Stopping
    var EnableManagedSpotTraining: Bool?
    var CheckpointConfig: Checkpoint?
    var Environment: [String: String]
    var Tags: [Tag]

    struct Algorithm: Encodable {
        var TrainingImage: String
        var TrainingInputMode = "File"
        var ContainerEntrypoint: [String]?
        var ContainerArguments: [String]?
    }

    struct Channel: Encodable {
        var ChannelName: String
        var DataSource: Source

        struct Source: Encodable {
            var S3DataSource: S3Source
        }

        struct S3Source: Encodable {
            var S3DataType = "S3Prefix"
            var S3Uri: String
            var S3DataDistributionType = "FullyReplicated"
        }
    }

    struct Output: Encodable {
        var S3OutputPath: String
    }

    struct Resources: Encodable {
        var InstanceType: String
        var InstanceCount: Int
        var VolumeSizeInGB: Int
    }

    struct Stopping: Encodable {
        var MaxRuntimeInSeconds: Int
        var MaxWaitTimeInSeconds: Int?
    }

    struct Checkpoint: Encodable {
        var S3Uri: String
        var LocalPath: String
    }

    struct Tag: Encodable {
        var Key: String
        var Value: String
    }
}

/// The members of `DescribeTrainingJob`'s answer that Trainyard reads.
struct SageMakerTrainingJobDescription: Decodable {
    var TrainingJobName: String
    var TrainingJobStatus: String
    var SecondaryStatus: String?
    var FailureReason: String?
    var TrainingStartTime: Double?
    var TrainingEndTime: Double?
    var SecondaryStatusTransitions: [Transition]?
    var FinalMetricDataList: [Metric]?

    struct Transition: Decodable {
        var Status: String
        var StatusMessage: String?
    }

    struct Metric: Decodable {
        var MetricName: String?
        var Value: Double?
    }
}

/// `CreateTrainingJob`'s answer.
struct SageMakerCreateTrainingJobResponse: Decodable {
    var TrainingJobArn: String
}

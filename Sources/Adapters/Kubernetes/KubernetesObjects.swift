/// The `batch/v1` Job Trainyard creates (`io.k8s.api.batch.v1.Job`), the members it sets.
struct KubernetesJobManifest: Encodable {
    var apiVersion = "batch/v1"
    var kind = "Job"
    var metadata: Metadata
    var spec: Spec

    struct Metadata: Encodable {
        var name: String
        var namespace: String
        var labels: [String: String]
    }

    struct Spec: Encodable {
        var backoffLimit = 0
        var activeDeadlineSeconds: Int
        var ttlSecondsAfterFinished: Int
        var template: Template
    }

    struct Template: Encodable {
        var metadata: TemplateMetadata
        var spec: PodSpec
    }

    struct TemplateMetadata: Encodable {
        var labels: [String: String]
    }

    struct PodSpec: Encodable {
        var restartPolicy = "Never"
        var containers: [Container]
        var nodeSelector: [String: String]?
        var tolerations: [KubernetesSettings.Toleration]?
        var imagePullSecrets: [NameReference]?
    }

    struct Container: Encodable {
        var name = "train"
        var image: String
        var command: [String]
        var env: [EnvVar]
        var resources: Resources?
    }

    struct EnvVar: Encodable {
        var name: String
        var value: String
    }

    struct Resources: Encodable {
        var limits: [String: String]
    }

    struct NameReference: Encodable {
        var name: String
    }
}

/// The members of a Job Trainyard reads back.
struct KubernetesJob: Decodable {
    var metadata: Metadata
    var status: Status?

    struct Metadata: Decodable {
        var name: String
        var labels: [String: String]?
        var creationTimestamp: String?
    }

    struct Status: Decodable {
        var startTime: String?
        var completionTime: String?
        var active: Int?
        var ready: Int?
        var succeeded: Int?
        var failed: Int?
        var conditions: [Condition]?
    }

    struct Condition: Decodable {
        var type: String
        var status: String
        var reason: String?
        var message: String?
        var lastTransitionTime: String?
    }
}

/// The members of a pod list Trainyard reads.
struct KubernetesPodList: Decodable {
    var items: [Pod]

    struct Pod: Decodable {
        var metadata: Metadata
        var status: Status?
    }

    struct Metadata: Decodable {
        var name: String
    }

    struct Status: Decodable {
        var phase: String?
        var reason: String?
        var message: String?
        var conditions: [KubernetesJob.Condition]?
    }
}

/// A `meta/v1` Status: the body of every API error.
struct KubernetesStatus: Decodable {
    var message: String?
    var reason: String?
    var code: Int?
}

/// A SelfSubjectAccessReview's answer.
struct KubernetesAccessReview: Decodable {
    var status: Status?

    struct Status: Decodable {
        var allowed: Bool
        var denied: Bool?
        var reason: String?
    }
}

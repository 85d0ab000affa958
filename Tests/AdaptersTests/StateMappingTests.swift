@testable import Adapters
import Foundation
import Testing

/// Every provider state in the vendor schemas, mapped as `shared/api-specs/state-mapping.json` says.
@Suite("State mapping tables")
struct StateMappingTests {
    /// The expected common state (and class) of a mapping entry: a string, or `{common, class}`.
    func expected(_ entry: Any?) -> (ProviderJobStatus.State, String?)? {
        if let name = entry as? String { return ProviderJobStatus.State(rawValue: name).map { ($0, nil) } }
        guard let object = entry as? [String: Any], let name = object["common"] as? String, let state = ProviderJobStatus.State(rawValue: name) else {
            return nil
        }
        return (state, object["class"] as? String)
    }

    @Test("SageMaker: every TrainingJobStatus and SecondaryStatus of the service model")
    func sageMaker() throws {
        let shapes = try #require(APISpecs.value(try APISpecs.object("sagemaker/sagemaker-2017-07-24.training-jobs.service-2.json"), "shapes") as? [String: Any])
        let statuses = try #require(APISpecs.value(shapes, "TrainingJobStatus", "enum") as? [String])
        let mapping = try APISpecs.stateMapping("sagemaker")
        #expect(Set(mapping.keys) == Set(statuses), "the table covers exactly the model's statuses")
        for status in statuses {
            let entry = try #require(mapping[status])
            let plain = SageMakerStateMapping.status(status, secondary: nil, failureReason: nil)
            #expect(plain.state == expected(entry)?.0, "\(status)")
            for (secondary, refined) in (entry["refineBySecondaryStatus"] as? [String: Any]) ?? [:] {
                let (state, errorClass) = try #require(expected(refined), "\(status)/\(secondary)")
                let mapped = SageMakerStateMapping.status(status, secondary: secondary, failureReason: nil)
                #expect(mapped.state == state, "\(status)/\(secondary)")
                #expect(mapped.failureClass?.rawValue == errorClass, "\(status)/\(secondary)")
            }
        }
        // Every secondary state of the model is refined above or names a primary state of its own.
        let secondaries = try #require(APISpecs.value(shapes, "SecondaryStatus", "enum") as? [String])
        let refined = mapping.values.flatMap { (($0["refineBySecondaryStatus"] as? [String: Any]) ?? [:]).keys }
        #expect(Set(secondaries).subtracting(refined).subtracting(statuses).isEmpty, "\(Set(secondaries).subtracting(refined).subtracting(statuses))")
        for secondary in Set(refined) where SageMakerStateMapping.queuedSecondaryStates.contains(secondary) {
            #expect(SageMakerStateMapping.status("InProgress", secondary: secondary, failureReason: nil).state == .queued, "\(secondary)")
        }
        #expect(SageMakerStateMapping.status("Failed", secondary: "Failed", failureReason: "CapacityError: Unable to provision requested ML compute capacity.").failureClass == .capacity)
        #expect(SageMakerStateMapping.status("Failed", secondary: "Failed", failureReason: "AlgorithmError: exit code 1").failureClass == .invalid)
    }

    @Test("Vertex AI: every JobState of the discovery document")
    func vertex() throws {
        let discovery = try APISpecs.object("vertex/aiplatform-v1.customJobs.discovery.json")
        let states = try #require(APISpecs.value(discovery, "schemas", "GoogleCloudAiplatformV1CustomJob", "properties", "state", "enum") as? [String])
        let mapping = try APISpecs.stateMapping("vertex")
        #expect(Set(mapping.keys) == Set(states))
        for state in states {
            let entry = try #require(mapping[state])
            let mapped = VertexStateMapping.status(state, errorCode: nil, errorMessage: nil)
            #expect(mapped.state == expected(entry)?.0, "\(state)")
            #expect(mapped.state.isTerminal == (entry["terminal"] as? Bool), "\(state)")
            if let errorClass = entry["class"] as? String { #expect(mapped.failureClass?.rawValue == errorClass, "\(state)") }
        }
        #expect(VertexStateMapping.status("JOB_STATE_FAILED", errorCode: 8, errorMessage: "Resources are insufficient in region").failureClass == .capacity)
        #expect(VertexStateMapping.status("JOB_STATE_FAILED", errorCode: 3, errorMessage: "exited with a non-zero status").failureClass == .invalid)
    }

    @Test("Azure ML: every JobStatus of the swagger")
    func azureML() throws {
        let swagger = try APISpecs.object("azureml/machinelearningservices-2025-12-01.jobs.swagger.json")
        let statuses = try #require(APISpecs.value(swagger, "definitions", "JobStatus", "enum") as? [String])
        let mapping = try APISpecs.stateMapping("azureml")
        #expect(Set(mapping.keys) == Set(statuses))
        for status in statuses {
            let entry = try #require(mapping[status])
            let mapped = AzureMLStateMapping.status(status, errorCode: nil, errorMessage: nil)
            #expect(mapped.state == expected(entry)?.0, "\(status)")
            #expect(mapped.state.isTerminal == (entry["terminal"] as? Bool), "\(status)")
        }
        for code in AzureMLStateMapping.quotaCodes {
            #expect(AzureMLStateMapping.status("Failed", errorCode: code, errorMessage: "quota").failureClass == .quota, "\(code)")
        }
        #expect(AzureMLStateMapping.status("Failed", errorCode: "UserError", errorMessage: "Execution failed").failureClass == .invalid)
    }

    @Test("Kubernetes: each rule of the table, from Job conditions and pods")
    func kubernetes() throws {
        typealias Pod = KubernetesStateMapping.PodView
        func status(_ conditions: [(String, String, String?)], ready: Int = 0, pods: [Pod] = [], pendingFor: Double = 0) -> ProviderJobStatus {
            KubernetesStateMapping.status(conditions: conditions.map { (type: $0.0, status: $0.1, reason: $0.2, message: nil) }, active: pods.count,
                                          ready: ready, pods: pods, pendingFor: pendingFor, grace: 600)
        }
        #expect(status([("Complete", "True", nil)]).state == .completed)
        #expect(status([("Failed", "True", "BackoffLimitExceeded")]).failureClass == .invalid)
        #expect(status([("Failed", "True", "DeadlineExceeded")]).failureClass == .timeout)
        #expect(status([("Failed", "True", "BackoffLimitExceeded")], pods: [Pod(phase: "Failed", disruption: "EvictionByEvictionAPI")]).failureClass == .capacity)
        #expect(status([("Failed", "True", "BackoffLimitExceeded")], pods: [Pod(phase: "Failed", reason: "Evicted")]).failureClass == .capacity)
        #expect(status([("FailureTarget", "True", nil)]).state == .running)
        #expect(status([("SuccessCriteriaMet", "True", nil)]).state == .running)
        #expect(status([("Suspended", "True", nil)]).state == .queued)
        #expect(status([], ready: 1).state == .running)
        #expect(status([], pods: [Pod(phase: "Running")]).state == .running)
        #expect(status([]).state == .queued)
        #expect(status([], pods: [Pod(phase: "Pending")]).state == .queued)
        let unschedulable = Pod(phase: "Pending", unschedulable: "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
        #expect(status([], pods: [unschedulable], pendingFor: 60).state == .queued, "within the grace period")
        let stuck = status([], pods: [unschedulable], pendingFor: 601)
        #expect(stuck.state == .failed && stuck.failureClass == .capacity)
        #expect(status([("Complete", "False", nil)]).state == .queued, "a condition that does not hold is ignored")
    }
}

@testable import Adapters
import Foundation
import Testing

@Suite("Provider job names and container launches")
struct LaunchTests {
    @Test("job names fit SageMaker's pattern, a DNS-1123 label and Azure ML's id pattern, and are stable per attempt")
    func names() throws {
        let sageMaker = try Regex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
        let dns1123 = try Regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        for jobID in ["job-0123456789abcdef01234567", "Job_With_UPPER_and_under__scores", String(repeating: "x", count: 200), "-job-", "a/b/../c"] {
            for attempt in [1, 12, 999] {
                let name = JobNaming.providerJobName(jobID: jobID, attempt: attempt)
                #expect(name.count <= 63, "\(name)")
                #expect(name.wholeMatch(of: sageMaker) != nil, "\(name)")
                #expect(name.wholeMatch(of: dns1123) != nil, "\(name)")
                #expect(name == JobNaming.providerJobName(jobID: jobID, attempt: attempt))
                #expect(name.hasSuffix("-\(attempt)"))
            }
        }
        #expect(JobNaming.providerJobName(jobID: "job-1", attempt: 1) != JobNaming.providerJobName(jobID: "job-1", attempt: 2))
        #expect(JobNaming.labelValue("Acme Corp./ML") == "acme-corp-ml")
    }

    func spec(_ workload: Workload) -> ProviderJobSpec {
        ProviderJobSpec(jobID: "job-1", organization: "acme", name: "n", workload: workload, dataset: "s3://d/iris.csv",
                        config: ["label": .string("species"), "epochs": .int(3)], resources: ResourceRequest(),
                        target: ComputeTarget(provider: .kubernetes, region: "*", machine: .gpus(model: nil, count: 0)), attempt: 2)
    }

    @Test("a built-in trainer runs trainyard train with its configuration inline and --resume; a container runs as given")
    func launches() throws {
        let trainer = try ContainerLaunch(spec: spec(.trainer("mlp")), provider: .kubernetes, defaultImage: "img", outputURI: nil,
                                          checkpointURI: "s3://c/acme/jobs/job-1/checkpoints/", checkpointDirectory: "/ckpt", datasetPath: "/data/iris.csv")
        #expect(trainer.image == "img")
        #expect(trainer.command == ["trainyard", "train", "--trainer", "mlp", "--data", "/data/iris.csv", "--label", "species",
                                    "--config", "{\"epochs\":3}", "--output", "/ckpt", "--resume", "--progress", "json"])
        #expect(trainer.environment["TRAINYARD_CHECKPOINT_URI"] == "s3://c/acme/jobs/job-1/checkpoints/")
        #expect(trainer.environment["TRAINYARD_ATTEMPT"] == "2")
        #expect(trainer.sortedEnvironment.map(\.name) == trainer.environment.keys.sorted())

        let container = try ContainerLaunch(spec: spec(.container(image: "user/img:1", command: ["python", "x.py"])), provider: .kubernetes,
                                            defaultImage: nil, outputURI: nil, checkpointURI: "c", checkpointDirectory: "/ckpt", datasetPath: nil)
        #expect(container.image == "user/img:1" && container.command == ["python", "x.py"])

        #expect(throws: AdapterError.self) {
            try ContainerLaunch(spec: self.spec(.trainer("mlp")), provider: .vertex, defaultImage: nil, outputURI: nil, checkpointURI: "c",
                                checkpointDirectory: "/ckpt", datasetPath: nil)
        }
    }

    @Test("Azure ML commands are shell-quoted, keeping ${{…}} expressions for Azure ML to substitute")
    func shellQuoting() {
        #expect(AzureMLAdapter.shellQuoted("--epochs") == "--epochs")
        #expect(AzureMLAdapter.shellQuoted("{\"a\":1}") == "'{\"a\":1}'")
        #expect(AzureMLAdapter.shellQuoted("it's") == "'it'\\''s'")
        #expect(AzureMLAdapter.shellQuoted("${{inputs.dataset}}") == "${{inputs.dataset}}")
        #expect(AzureMLAdapter.shellQuoted("") == "''")
    }
}

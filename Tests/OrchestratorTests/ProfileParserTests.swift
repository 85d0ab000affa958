import Adapters
import Foundation
import Testing
import TestSupport
@testable import Orchestrator

@Suite("Compute profiles")
struct ProfileParserTests {
    @Test("every malformed profile gives one located diagnostic with a stable code", arguments: malformedProfiles)
    func malformed(_ testCase: MalformedProfile) throws {
        let parser = ProfileParser(catalog: try Repository.catalog())
        let error = #expect(throws: DiagnosticsError.self) { try parser.parse(testCase.yaml, file: "profiles/bad.yaml") }
        let diagnostics = try #require(error).diagnostics
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == testCase.code)
        #expect(diagnostic.line == testCase.line, "\(diagnostic)")
        #expect(diagnostic.column == testCase.column, "\(diagnostic)")
        #expect(diagnostic.path == testCase.path)
        #expect(diagnostic.file == "profiles/bad.yaml")
        if let fragment = testCase.messageContains {
            #expect(diagnostic.message.contains(fragment), "\(diagnostic.message)")
        }
        #expect(diagnostic.description.hasPrefix("profiles/bad.yaml:\(testCase.line):\(testCase.column): \(testCase.code): "))
    }

    @Test("the malformed table covers at least 20 distinct cases and every schema code")
    func coverage() {
        #expect(malformedProfiles.count >= 20)
        let codes = Set(malformedProfiles.map(\.code))
        for code in SchemaCode.allCases {
            #expect(codes.contains("profile.\(code.rawValue)"), "no malformed profile exercises \(code.rawValue)")
        }
    }

    @Test("all problems of one document are reported together, in document order")
    func collectsEveryProblem() throws {
        let yaml = """
            name: p
            strategy: cheapest
            candidates:
              - provider: sagemaker
                credentials: aws
                region: us-east-1
                instance_type: ml.g4dn.xlarge
                spot: maybe
              - provider: vertex
                credentials: gcp
                region: us-central1
                machine_type: n1-standard-4
                accelerator_count: two
            limits:
              monthly_budget_usd: -1
            """
        let error = #expect(throws: DiagnosticsError.self) { try profile(yaml) }
        let diagnostics = try #require(error).diagnostics
        #expect(diagnostics.map(\.path) == ["candidates[0].spot", "candidates[1].accelerator_count", "limits.monthly_budget_usd"])
        #expect(diagnostics.map(\.line) == [8, 13, 15])
    }

    @Test("a full profile reads every field")
    func fullProfile() throws {
        let parsed = try profile("""
            name: team-queue
            description: mixed
            strategy: queue
            candidates:
              - provider: platform
                gpu: t4
                gpu_count: 2
                max_concurrent_jobs: 3
              - provider: vertex
                credentials: gcp
                region: us-central1
                machine_type: n1-standard-4
                accelerator: T4
                accelerator_count: 4
                spot: true
                endpoint: http://127.0.0.1:9000
              - provider: kubernetes
                credentials: k8s
                gpu: T4
                price_per_gpu_hour: 0
            limits:
              max_cost_per_job_usd: 12.5
              max_concurrent_jobs: 10
              monthly_budget_usd: 1000
              max_queue_wait: 1h30m
            fallback:
              on: [capacity, quota]
              max_attempts: 4
            """)
        #expect(parsed.name == "team-queue")
        #expect(parsed.strategy == .queue)
        #expect(parsed.candidates.count == 3)
        #expect(parsed.candidates[0].target == ComputeTarget(provider: .platform, region: "local", machine: .gpus(model: "t4", count: 2), settings: .platform))
        #expect(parsed.candidates[0].maxConcurrentJobs == 3)
        #expect(parsed.candidates[1].target.machine == .hostWithAccelerator(machineType: "n1-standard-4", accelerator: "T4", count: 4))
        #expect(parsed.candidates[1].target.spot)
        #expect(parsed.candidates[1].target.endpoint == "http://127.0.0.1:9000")
        #expect(parsed.candidates[2].target.machine == .gpus(model: "T4", count: 1))
        #expect(parsed.candidates[2].pricePerGPUHour == 0)
        #expect(parsed.candidates[2].target.region == "*")
        #expect(parsed.limits == ProfileLimits(maxCostPerJobUSD: 12.5, maxConcurrentJobs: 10, monthlyBudgetUSD: 1000, maxQueueWaitSeconds: 5400))
        #expect(parsed.candidates.map(\.target.queueingDeadlineSeconds) == [nil, 5400, 5400], "cloud candidates carry max_queue_wait as their queueing deadline")
        #expect(parsed.fallback == FallbackPolicy(on: [.capacity, .quota], maxAttempts: 4))
    }

    @Test("defaults: fall through on every class, one attempt per candidate")
    func defaults() throws {
        let parsed = try profile("""
            name: p
            strategy: preferred
            candidates:
              - {provider: platform, gpu: T4}
              - {provider: azureml, credentials: az, region: eastus, instance_type: Standard_NC4as_T4_v3}
            """)
        #expect(parsed.fallback == FallbackPolicy(on: [.capacity, .quota, .credentials, .unavailable], maxAttempts: 2))
        #expect(parsed.limits == ProfileLimits())
        #expect(parsed.candidates[1].target.spot == false)
    }

    @Test("JSON profiles are read like YAML")
    func json() throws {
        let parsed = try profile(#"{"name": "j", "strategy": "fastest", "candidates": [{"provider": "platform", "gpu": "A100"}]}"#)
        #expect(parsed.strategy == .fastest)
        #expect(parsed.candidates.first?.target.machine == .gpus(model: "A100", count: 1))
    }

    @Test("every shipped example profile is valid", arguments: try FileManager.default.contentsOfDirectory(atPath: Repository.path("profiles")).filter { $0.hasSuffix(".yaml") })
    func shippedProfiles(_ file: String) throws {
        let parsed = try ProfileParser(catalog: try Repository.catalog()).parse(fileAt: Repository.path("profiles/\(file)"))
        #expect(!parsed.candidates.isEmpty)
    }

    @Test("the shipped examples cover every strategy and every provider")
    func examplesCoverEverything() throws {
        let folder = Repository.path("profiles")
        let parser = ProfileParser(catalog: try Repository.catalog())
        let profiles = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
            .map { try parser.parse(fileAt: "\(folder)/\($0)") }
        #expect(Set(profiles.map(\.strategy)) == Set(RoutingStrategy.allCases))
        #expect(Set(profiles.flatMap { $0.candidates.map(\.target.provider) }) == Set(ProviderKind.allCases))
    }
}

@Suite("Schema helpers")
struct SchemaHelperTests {
    @Test("durations", arguments: [("90s", 90.0), ("30m", 1800), ("2h", 7200), ("1d", 86_400), ("1h30m", 5400), ("0.5h", 1800)])
    func durations(_ text: String, _ seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
        #expect(DurationText.seconds(DurationText.format(seconds)) == seconds)
    }

    @Test("non-durations", arguments: ["", "2", "h", "2 hours", "2hh", "-1h", "1w"])
    func nonDurations(_ text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test("did-you-mean only for close words")
    func suggestions() {
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.suggestion(for: "stratgy", among: ["strategy", "name"]) == "strategy")
        #expect(EditDistance.suggestion(for: "zzzzzz", among: ["strategy", "name"]) == nil)
    }

    @Test("provider keys become the target's typed settings")
    func providerSettings() throws {
        let parsed = try profile("""
            name: settings
            strategy: preferred
            candidates:
              - provider: sagemaker
                credentials: aws
                region: us-east-1
                instance_type: ml.g5.xlarge
                instance_count: 2
                role_arn: arn:aws:iam::123456789012:role/TrainyardExecution
                output_uri: s3://acme-ml/outputs
                max_runtime_hours: 12
                max_wait_hours: 24
                image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/trainyard:1
              - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4, project: acme-ml, output_uri: "gs://acme-ml/out", service_account: trainer@acme-ml.iam.gserviceaccount.com}
              - {provider: azureml, credentials: azure, region: eastus, instance_type: Standard_NC4as_T4_v3, subscription_id: sub-1, resource_group: ml, workspace: ws, compute: gpu-cluster, max_runtime_hours: 3}
              - provider: kubernetes
                credentials: k8s
                gpu: A10G
                namespace: training
                gpu_resource: nvidia.com/gpu
                node_selector: {pool: gpu}
                tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                image_pull_secrets: [registry]
            """)
        #expect(parsed.candidates[0].target.settings == ProviderSettings.sagemaker(SageMakerSettings(
            instanceCount: 2, roleARN: "arn:aws:iam::123456789012:role/TrainyardExecution", outputURI: "s3://acme-ml/outputs",
            maxRuntimeHours: 12, maxWaitHours: 24, image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/trainyard:1")))
        #expect(parsed.candidates[1].target.settings == ProviderSettings.vertex(VertexSettings(
            project: "acme-ml", outputURI: "gs://acme-ml/out", serviceAccount: "trainer@acme-ml.iam.gserviceaccount.com")))
        #expect(parsed.candidates[2].target.settings == ProviderSettings.azureml(AzureMLSettings(
            subscriptionID: "sub-1", resourceGroup: "ml", workspace: "ws", compute: "gpu-cluster", maxRuntimeHours: 3)))
        #expect(parsed.candidates[3].target.settings == ProviderSettings.kubernetes(KubernetesSettings(
            namespace: "training", nodeSelector: ["pool": "gpu"],
            tolerations: [.init(key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule")], imagePullSecrets: ["registry"])))
    }
}

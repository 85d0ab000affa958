import Adapters
import Testing
import TestSupport
@testable import Orchestrator

@Suite("Job specifications")
struct JobSpecParserTests {
    @Test("a trainer job with every field")
    func trainerJob() throws {
        let spec = try JobSpecParser().parse("""
            name: fraud
            trainer: mlp
            dataset: s3://bucket/fraud.csv
            config: {epochs: 20, learning_rate: 0.001, hidden_layers: [128, 64], optimizer: adam, early: true}
            resources: {gpus: 2, gpu_memory_gib: 12}
            priority: urgent
            estimated_hours: 1.5
            max_cost_usd: 20
            idempotency_key: abc-1
            """, file: "job.yaml")
        #expect(spec.workload == .trainer("mlp"))
        #expect(spec.config["epochs"] == .int(20))
        #expect(spec.config["learning_rate"] == .double(0.001))
        #expect(spec.config["hidden_layers"] == .array([.int(128), .int(64)]))
        #expect(spec.config["optimizer"] == .string("adam"))
        #expect(spec.config["early"] == .bool(true))
        #expect(spec.resources == ResourceRequest(gpus: 2, gpuMemoryGiB: 12))
        #expect(spec.priority == .urgent)
        #expect(spec.estimatedHours == 1.5)
        #expect(spec.idempotencyKey == "abc-1")
    }

    @Test("a container job in JSON")
    func containerJob() throws {
        let spec = try JobSpecParser().parse(#"{"name": "c", "image": "repo/train:1", "command": ["python", "train.py"]}"#, file: "job.json")
        #expect(spec.workload == .container(image: "repo/train:1", command: ["python", "train.py"]))
        #expect(spec.priority == .normal)
        #expect(spec.resources == ResourceRequest(gpus: 1))
    }

    @Test("bad job files give located errors", arguments: [
        ("trainer: mlp\n", "job.missing_key", "name"),
        ("name: j\n", "job.missing_key", "trainer"),
        ("name: j\ntrainer: mlp\nimage: x\n", "job.conflicting_keys", "image"),
        ("name: j\nimage: x\n", "job.missing_key", "command"),
        ("name: j\nimage: x\ncommand: []\n", "job.empty_list", "command"),
        ("name: j\ntrainer: mlp\npriority: asap\n", "job.invalid_value", "priority"),
        ("name: j\ntrainer: mlp\nestimated_hours: -2\n", "job.out_of_range", "estimated_hours"),
        ("name: j\ntrainer: mlp\nmax_cost_usd: free\n", "job.type_mismatch", "max_cost_usd"),
        ("name: j\ntrainer: mlp\nresources: {gpus: -1}\n", "job.out_of_range", "resources.gpus"),
        ("name: j\ntrainer: mlp\nresources: {gpu: 1}\n", "job.unknown_key", "resources.gpu"),
        ("name: j\ntrainer: mlp\nconfig: [1, 2]\n", "job.type_mismatch", "config"),
        ("name: j\ntrainer: mlp\nbudget: 3\n", "job.unknown_key", "budget"),
        ("name: j\ntrainer: ../../etc\n", "job.invalid_name", "trainer"),
    ])
    func badJobs(_ yaml: String, _ code: String, _ path: String) throws {
        let error = #expect(throws: DiagnosticsError.self) { try JobSpecParser().parse(yaml, file: "job.yaml") }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.code == code, "\(diagnostic)")
        #expect(diagnostic.path == path, "\(diagnostic)")
    }

    @Test("the shipped example job is valid and has a runtime hint")
    func shippedJob() throws {
        let spec = try JobSpecParser().parse(fileAt: Repository.path("profiles/jobs/example-job.yaml"))
        #expect(spec.estimatedHours != nil)
    }
}

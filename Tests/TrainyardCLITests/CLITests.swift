import Foundation
import Testing
import TestSupport

/// Runs the built `trainyard` binary the way a user or script does.
struct CLI {
    static let root = Repository.root

    /// The `trainyard` executable next to the test bundle.
    static var executable: URL {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundleFolder.appendingPathComponent("trainyard")
    }

    /// Runs `trainyard` with `arguments` in the repository root, with an isolated TRAINYARD_HOME, feeding `input`.
    /// The wait happens off Swift's cooperative threads, so tests running beside it are not held up.
    static func run(_ arguments: [String], home: URL? = nil, input: Data = Data(), environment extra: [String: String] = [:]) async throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        let stateFolder = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-cli-\(UUID().uuidString)")
        environment["TRAINYARD_HOME"] = stateFolder.path
        environment.removeValue(forKey: "TRAINYARD_CATALOG")
        environment.removeValue(forKey: "TRAINYARD_FERNET_KEY")
        let merged = environment.merging(extra) { $1 }
        return try await blockingWork { try Subprocess.run(executable.path, arguments, environment: merged, currentDirectory: root.path, input: input) }
    }

    static func temporaryFile(_ contents: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}

@Suite("trainyard command line", .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct CLITests {
    @Test("profiles validate accepts the shipped profiles")
    func validateShipped() async throws {
        let result = try await CLI.run(["profiles", "validate", "profiles/"])
        #expect(result.status == 0, "\(result.output)\(result.stderr)")
        let profiles = try FileManager.default.contentsOfDirectory(atPath: Repository.path("profiles")).filter { $0.hasSuffix(".yaml") }
        #expect(profiles.count >= 5)
        #expect(result.output.components(separatedBy: ": ok (").count - 1 == profiles.count)
    }

    @Test("profiles validate prints every problem as file:line:column: code: message and exits 1")
    func validateBroken() async throws {
        let broken = try CLI.temporaryFile("""
            name: gpu
            strategy: cheapest
            candidates:
              - provider: sagemaker
                credentials: aws
                region: us-east-1
                instance_type: ml.g4dn.xlarge
                spot: maybe
              - provider: gcp
            """, name: "gpu.yaml")
        let result = try await CLI.run(["profiles", "validate", broken, "profiles/cheapest-multicloud.yaml"])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(broken):8:11: profile.type_mismatch: candidates[0].spot: expected a boolean, got \"maybe\""))
        #expect(lines.contains { $0.hasPrefix("\(broken):9:15: profile.invalid_value: candidates[1].provider: 'gcp' is not one of") })
        #expect(lines.contains("profiles/cheapest-multicloud.yaml: ok (cheapest-t4, cheapest, 4 candidates)"))
    }

    @Test("explain gives the choice each strategy demands", arguments: [
        ("profiles/cheapest-multicloud.yaml", "cheapest", "azureml"),
        ("profiles/fastest-a100.yaml", "fastest", "vertex"),
        ("profiles/preferred-fallback.yaml", "preferred", "sagemaker"),
        ("profiles/queue-platform.yaml", "queue", "platform"),
    ])
    func explain(_ profile: String, _ strategy: String, _ provider: String) async throws {
        let result = try await CLI.run(["explain", "--profile", profile, "--job", "profiles/jobs/example-job.yaml", "--output", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["strategy"] as? String == strategy)
        let chosen = try #require(object["chosen"] as? [String: Any])
        #expect(chosen["provider"] as? String == provider)
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        let eligible = candidates.filter { $0["eligible"] as? Bool == true }
        let costs = eligible.compactMap { $0["estimated_cost_usd"] as? Double }
        let hours = eligible.compactMap { $0["estimated_hours"] as? Double }
        let chosenRow = try #require(candidates.first { $0["rank"] as? Int == 1 })
        switch strategy {
        case "cheapest": #expect(chosenRow["estimated_cost_usd"] as? Double == costs.min())
        case "fastest": #expect(chosenRow["estimated_hours"] as? Double == hours.min())
        case "preferred": #expect(candidates.first?["rank"] as? Int == 1)
        default: #expect(chosenRow["provider"] as? String == "platform")
        }
    }

    @Test("explain prints a table by default")
    func explainTable() async throws {
        let result = try await CLI.run(["explain", "--profile", "profiles/cheapest-multicloud.yaml", "--job", "profiles/jobs/example-job.yaml"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("profile cheapest-t4 (strategy cheapest) → azureml Standard_NC4as_T4_v3 in eastus"))
    }

    @Test("catalog list filters by provider and GPU")
    func catalogList() async throws {
        let result = try await CLI.run(["catalog", "list", "--provider", "sagemaker", "--gpu", "t4", "--output", "json"])
        #expect(result.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["provider"] as? String == "sagemaker" && $0["gpu_model"] as? String == "T4" })
        #expect(rows.contains { $0["machine"] as? String == "ml.g4dn.xlarge" && $0["on_demand_usd_per_hour"] as? Double == 0.736 })
        let unknown = try await CLI.run(["catalog", "list", "--provider", "aws"])
        #expect(unknown.status != 0)
    }
}

import AsyncHTTPClient
import Foundation
import Testing
import TestSupport

/// A real server killed with SIGKILL while its provider call is in flight, then restarted.
@Suite("Crash safety of submissions", .serialized,
       .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"),
       .enabled(if: ProviderSimulator.isAvailable, "aiohttp is installed in the test venv by make test"))
struct CrashSafetyTests {
    @Test("killed between persisting a job and its provider's answer, a restarted server finishes the submission once")
    func killMidSubmission() async throws {
        let simulator = try await ProviderSimulator.start()
        let home = URL(fileURLWithPath: "\(try Repository.temporaryFolder("crash-submit"))/home")
        let fast = ["--sync-interval", "1", "--submission-grace", "2"]
        let first = try await ServerProcess(home: home, bootstrap: true, arguments: fast)
        let admin = try #require(first.adminKey)

        let cluster = simulator.credentials.kubernetes
        let kubeconfig = """
            apiVersion: v1
            kind: Config
            clusters: [{name: sim, cluster: {server: "\(cluster.server)"}}]
            users: [{name: sim, user: {token: "\(cluster.token)"}}]
            contexts: [{name: sim, context: {cluster: sim, user: sim, namespace: \(cluster.namespace)}}]
            current-context: sim
            """
        let credential = try JSONSerialization.data(withJSONObject: ["name": "cluster", "provider": "kubernetes", "kubeconfig": kubeconfig])
        #expect(try await first.call(.POST, "/v1/credentials", key: admin, body: String(decoding: credential, as: UTF8.self)).status == 201)
        let profile = """
            name: k8s
            strategy: preferred
            candidates:
              - {provider: kubernetes, credentials: cluster, gpu: T4, namespace: \(cluster.namespace), image: "registry.example/train:1"}
            """
        #expect(try await first.call(.PUT, "/v1/profiles/k8s", key: admin, body: profile).status == 201)

        // The cluster now takes 6 s to answer: the submission is persisted, its call in flight, when the server dies.
        try await simulator.setLatency(6)
        let job = #"{"profile": "k8s", "name": "resnet", "trainer": "mlp", "resources": {"gpus": 1}, "estimated_hours": 1}"#
        let submission = Task { _ = try? await first.call(.POST, "/v1/jobs", key: admin, body: job, timeout: .seconds(60)) }
        var persisted: [String: Any]?
        for _ in 0..<300 where persisted?["state"] as? String != "submitting" {
            try await Task.sleep(for: .milliseconds(100))
            persisted = (try? await first.call(.GET, "/v1/jobs", key: admin).json["items"] as? [[String: Any]])?.first
        }
        let id = try #require(persisted?["id"] as? String)
        #expect(persisted?["state"] as? String == "submitting", "persisted, its provider call in flight")
        first.kill()
        _ = await submission.value
        try await simulator.setLatency(0)
        try await Task.sleep(for: .seconds(7))

        let second = try await ServerProcess(home: home, bootstrap: false, arguments: fast)
        defer { second.terminate() }
        var shown: [String: Any] = [:]
        for _ in 0..<300 {
            shown = try await second.call(.GET, "/v1/jobs/\(id)", key: admin).json
            if shown["state"] as? String == "running" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(shown["state"] as? String == "running", "\(shown)")
        #expect(shown["provider_job_id"] as? String == "\(cluster.namespace)/ty-\(id)-1")
        let created = try await simulator.requests(provider: "kubernetes").filter { $0.method == "POST" && $0.path.hasSuffix("/jobs") }
        let jobs = try await simulator.jobs(provider: "kubernetes")
        #expect(jobs.count == 1, "one Kubernetes Job, however many create calls: \(jobs.map(\.id))")
        #expect(created.count >= 1)
        let attempts = try #require(shown["attempts"] as? [[String: Any]])
        #expect(attempts.filter { $0["outcome"] as? String == "submitted" }.count == 1)
    }
}

@Suite("Graceful shutdown", .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct GracefulShutdownTests {
    @Test("SIGTERM stops the server: it finishes, closes the database and exits 0")
    func sigterm() async throws {
        let home = URL(fileURLWithPath: "\(try Repository.temporaryFolder("shutdown"))/home")
        // A sync loop that waited out its interval would hold the exit for a minute; stopping must not wait for it.
        let server = try await ServerProcess(home: home, bootstrap: true, arguments: ["--sync-interval", "60"])
        let key = try #require(server.adminKey)
        #expect(try await server.call(.GET, "/readyz", key: nil).status == 200)
        let started = Date()
        server.terminate()
        #expect(server.process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(started) < 30)
        // The database was closed cleanly: a new server opens it and the key still works.
        let again = try await ServerProcess(home: home, bootstrap: false)
        defer { again.terminate() }
        #expect(try await again.call(.GET, "/v1/jobs", key: key).status == 200)
    }
}

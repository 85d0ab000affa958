import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Two servers and two workers sharing one PostgreSQL database, as several machines would.
@Suite("Several servers and workers on one PostgreSQL", .serialized,
       .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"),
       .enabled(if: ProcessInfo.processInfo.environment["TRAINYARD_TEST_DATABASE_URL"] != nil,
                "\(ProcessInfo.processInfo.environment["TRAINYARD_TEST_POSTGRES_SKIPPED"] ?? "TRAINYARD_TEST_DATABASE_URL is unset: run the tests with make test")"))
struct MultiInstanceTests {
    /// A new database on the test server, by `psql`.
    func freshDatabase() async throws -> String {
        let server = try #require(ProcessInfo.processInfo.environment["TRAINYARD_TEST_DATABASE_URL"])
        let name = "multi_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let created = try await blockingWork { try Subprocess.run("/usr/bin/psql", [server, "-q", "-c", "CREATE DATABASE \(name)"]) }
        #expect(created.status == 0, "\(created.errors)")
        var components = try #require(URLComponents(string: server))
        components.path = "/\(name)"
        return try #require(components.string)
    }

    func metrics(_ server: ServerProcess) async throws -> String {
        try await server.text("/metrics")
    }

    @Test("jobs submitted through either server run once each; one server syncs, and another takes over when it is killed")
    func sharedDatabase() async throws {
        let database = try await freshDatabase()
        let folder = try Repository.temporaryFolder("multi")
        let home = URL(fileURLWithPath: "\(folder)/home")
        let environment = ["TRAINYARD_DATABASE_URL": database]
        let data = "\(folder)/blobs.csv"
        #expect(try await CLI.run(["dataset", "generate", "--rows", "3000", "--features", "8", "--classes", "3", "--output", data], home: home).status == 0)

        let sync = ["--sync-interval", "0.5"]
        let first = try await ServerProcess(home: home, bootstrap: true, arguments: sync, environment: environment)
        let second = try await ServerProcess(home: home, bootstrap: false, arguments: sync, environment: environment)
        let admin = try #require(first.adminKey)
        var workers: [Process] = []
        for _ in 0..<2 {
            let worker = Process()
            worker.executableURL = CLI.executable
            worker.arguments = ["worker", "--heartbeat-seconds", "0.5", "--lease-seconds", "5"]
            worker.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["TRAINYARD_HOME": home.path]) { $1 }) { $1 }
            worker.standardOutput = FileHandle.nullDevice
            worker.standardError = FileHandle.nullDevice
            try worker.run()
            workers.append(worker)
        }
        defer {
            for worker in workers { worker.terminate(); worker.waitUntilExit() }
            first.kill()
            second.terminate()
        }

        let profile = "name: local\nstrategy: queue\ncandidates:\n  - {provider: platform, gpu: cpu}\n"
        #expect(try await second.call(.PUT, "/v1/profiles/local", key: admin, body: profile).status == 201)
        var ids: [String] = []
        for index in 0..<6 {
            let job = #"{"profile": "local", "name": "j\#(index)", "trainer": "mlp", "dataset": "\#(data)", "config": {"label": "label", "epochs": 2}, "resources": {"gpus": 0}, "estimated_hours": 0.01}"#
            let answer = try await (index.isMultiple(of: 2) ? first : second).call(.POST, "/v1/jobs", key: admin, body: job)
            #expect(answer.status == 202, "\(answer.json)")
            ids.append(try #require(answer.json["id"] as? String))
        }
        var states: [String: String] = [:]
        for _ in 0..<600 where states.values.filter({ $0 == "completed" }).count < ids.count {
            try await Task.sleep(for: .milliseconds(200))
            for id in ids { states[id] = try await second.call(.GET, "/v1/jobs/\(id)", key: admin).json["state"] as? String }
        }
        #expect(states.values.allSatisfy { $0 == "completed" }, "\(states)")
        for id in ids {
            let events = try #require(try await first.call(.GET, "/v1/jobs/\(id)", key: admin).json["events"] as? [[String: Any]])
            let leases = events.compactMap { $0["message"] as? String }.filter { $0.contains("leased by") }
            #expect(leases.count == 1, "\(id) leased once: \(leases)")
        }

        // Exactly one server runs sync cycles; killed, the other takes over.
        let cycles = "trainyard_sync_cycle_duration_seconds_count"
        let leaders = [try await metrics(first).contains(cycles), try await metrics(second).contains(cycles)]
        #expect(leaders.filter { $0 }.count == 1, "one leader: \(leaders)")
        let (leader, follower) = leaders[0] ? (first, second) : (second, first)
        leader.kill()
        var tookOver = false
        for _ in 0..<300 where !tookOver {
            try await Task.sleep(for: .milliseconds(200))
            tookOver = try await metrics(follower).contains(cycles)
        }
        #expect(tookOver, "the surviving server syncs after the leader was killed")
    }
}

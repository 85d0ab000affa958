import Foundation
import Hummingbird
import Orchestrator
import TestSupport
import Testing
@testable import TrainyardServer

@Suite("Health, readiness, metrics and the OpenAPI document")
struct OperationsTests {
    @Test("healthz and readyz answer without a key; readiness fails when the sync loop has stalled")
    func probes() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                #expect(try await client.call(.get, "/healthz", key: nil).json?["status"] as? String == "ok")
                let ready = try await client.call(.get, "/readyz", key: nil)
                #expect(ready.status == 200 && ready.json?["database"] as? String == "ok")
            }
            var stalled = fixture.environment
            stalled.syncHeartbeat = SyncHeartbeat(interval: 1, now: Date().addingTimeInterval(-60))
            let application = Hummingbird.Application(router: TrainyardAPI.router(stalled))
            try await application.test(.router) { client in
                let answer = try await client.call(.get, "/readyz", key: nil)
                #expect(answer.status == 503)
                #expect(answer.json?["sync"] as? String == "stalled")
            }
        }
    }

    @Test("metrics count requests by route template and status, jobs by state and provider, and name no job id")
    func metrics() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            try await fixture.store.putProfile(organization: "acme", name: "local", source: localProfile)
            try await fixture.test { client in
                let id = try #require(try await client.call(.post, "/v1/jobs", key: member, json: jobBody()).json?["id"] as? String)
                _ = try await client.call(.get, "/v1/jobs/\(id)", key: member)
                _ = try await client.call(.get, "/v1/jobs/job-000000000000000000000000", key: member)
                let text = try await client.call(.get, "/metrics", key: nil).text
                #expect(text.contains(#"trainyard_http_requests_total{route="/v1/jobs/{id}",method="GET",status="200"} 1"#), "\(text)")
                #expect(text.contains(#"trainyard_http_requests_total{route="/v1/jobs/{id}",method="GET",status="404"} 1"#))
                #expect(text.contains(#"trainyard_jobs{state="queued",provider="platform"} 1"#))
                #expect(text.contains(#"trainyard_submissions_total{provider="platform",state="queued"} 1"#))
                #expect(text.contains(#"trainyard_provider_call_duration_seconds_count{provider="platform",operation="submit"} 1"#))
                #expect(!text.contains(id) && !text.contains("job-0000"))
            }
        }
    }

    @Test("the OpenAPI document is served as kept in the repository, and every route it lists exists")
    func openAPI() async throws {
        try await ServerFixture.with { fixture in
            let admin = try await fixture.key("acme", .admin)
            let kept = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Sources/TrainyardServer/Resources/openapi.json")))
            let document = try #require(try JSONSerialization.jsonObject(with: kept) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let routes = try #require(document["paths"] as? [String: [String: Any]]).flatMap { path, operations in operations.keys.map { (path, $0) } }
            try await fixture.test { client in
                let served = try await client.call(.get, "/v1/openapi.json", key: nil)
                #expect(Data(served.text.utf8) == kept)
                for (template, method) in routes {
                    do {
                        let uri = template.replacingOccurrences(of: "{id}", with: "job-x").replacingOccurrences(of: "{name}", with: "x")
                        let answer = try await client.call(.init(rawValue: method.uppercased())!, uri, key: admin)
                        #expect(answer.errorCode != "route.not_found" && answer.errorCode != "route.method_not_allowed", "\(method) \(template)")
                    }
                }
            }
        }
    }
}

import Foundation
import Orchestrator
import Testing
@testable import TrainyardServer

@Suite("JSON writer")
struct JSONWriterTests {
    /// What Foundation's encoder, with the API's options, makes of a view.
    func foundation(_ view: JobView) throws -> String {
        String(decoding: try APIJSON.encoder.encode(view), as: UTF8.self)
    }

    func written(_ view: JobView) -> String {
        var writer = JSONWriter()
        view.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("a job view is written byte for byte as Foundation's JSONEncoder writes it, through every state and edge value")
    func sameTextAsFoundation() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            try await fixture.store.putProfile(organization: "acme", name: "local", source: localProfile)
            let ids = try await fixture.test { client in
                let queued = try #require(try await client.call(.post, "/v1/jobs", key: member, json: jobBody(name: "queued")).json?["id"] as? String)
                let cancelled = try #require(try await client.call(.post, "/v1/jobs", key: member, json: jobBody(name: "cancelled")).json?["id"] as? String)
                #expect(try await client.call(.post, "/v1/jobs/\(cancelled)/cancel", key: member).status == 202)
                return [queued, cancelled]
            }
            let now = Date(timeIntervalSince1970: 1_790_000_123.999)
            var views: [JobView] = []
            for id in ids {
                let job = try #require(try await fixture.store.job(id: id, organization: "acme"))
                views.append(JobView(job, now: now))
                views.append(JobView(job, now: now, attempts: try await fixture.store.attempts(jobID: id), events: try await fixture.store.events(jobID: id)))
            }
            var edges = try #require(views.last)
            edges.name = "quote \" backslash \\ slash / newline \n tab \t return \r bell \u{07} nul \u{00} unit \u{1F} del \u{7F} \u{2028} ünïcödé 数据 🚀"
            edges.reason = ""
            edges.metrics = ["loss": 0.1 + 0.2, "accuracy": 1, "tiny": 1e-5, "huge": 1e20, "negative_zero": -0.0, "Upper": 12_345_678.125, "camelCase": .leastNonzeroMagnitude]
            edges.progress = 0.5
            edges.epoch = -3
            edges.costSoFarUsd = 123_456_789.123
            edges.startedAt = Date(timeIntervalSince1970: 0.999)
            edges.finishedAt = Date(timeIntervalSince1970: 4_102_444_799.5)
            edges.syncLagSeconds = 30
            edges.artifacts = [
                ArtifactView(Artifact(name: "model.onnx", size: 5000, sha256: "ab12", contentType: "application/octet-stream",
                                      url: "http://h/files/orgs/acme/x?method=GET&expires=1&signature=ff", expiresAt: now)),
                ArtifactView(Artifact(name: "dir/card.json", size: 0, sha256: nil, contentType: nil, url: "u", expiresAt: now)),
            ]
            views.append(edges)
            edges.artifacts = []
            edges.attempts = []
            edges.metrics = [:]
            views.append(edges)

            for view in views {
                #expect(written(view) == (try foundation(view)))
            }
        }
    }
}

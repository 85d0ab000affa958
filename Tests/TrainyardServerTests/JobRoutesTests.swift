import Foundation
import HTTPTypes
import Orchestrator
import Testing
@testable import TrainyardServer

@Suite("Job routes")
struct JobRoutesTests {
    @Test("a submission answers 202 with the provider and estimate; the same Idempotency-Key answers 200 with the same job")
    func idempotentSubmission() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            try await fixture.store.putProfile(organization: "acme", name: "local", source: localProfile)
            try await fixture.test { client in
                var headers = HTTPFields()
                headers[HTTPField.Name("Idempotency-Key")!] = "nightly-2026-11-23"
                let first = try await client.call(.post, "/v1/jobs", key: member, json: jobBody(), headers: headers)
                #expect(first.status == 202, "\(first.text)")
                #expect(first.json?["provider"] as? String == "platform")
                #expect(first.json?["created"] as? Bool == true)
                #expect((first.json?["estimate"] as? [String: Any])?["hours"] as? Double == 0.5)
                let again = try await client.call(.post, "/v1/jobs", key: member, json: jobBody(), headers: headers)
                #expect(again.status == 200)
                #expect(again.json?["id"] as? String == first.json?["id"] as? String)
                #expect(again.json?["created"] as? Bool == false)
                #expect((try await client.call(.get, "/v1/jobs", key: member).json?["items"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("listing pages through every job once with the cursor, newest first, and filters by state")
    func pagination() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            try await fixture.store.putProfile(organization: "acme", name: "local", source: localProfile)
            try await fixture.test { client in
                var submitted: [String] = []
                for index in 0..<7 {
                    submitted.append(try #require(try await client.call(.post, "/v1/jobs", key: member, json: jobBody(name: "job-\(index)")).json?["id"] as? String))
                }
                _ = try await client.call(.post, "/v1/jobs/\(submitted[2])/cancel", key: member)
                var seen: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let answer = try await client.call(.get, "/v1/jobs?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), key: member)
                    let items = try #require(answer.json?["items"] as? [[String: Any]])
                    seen += items.compactMap { $0["id"] as? String }
                    cursor = answer.json?["next_cursor"] as? String
                    pages += 1
                } while cursor != nil && pages < 10
                #expect(pages == 3)
                #expect(seen.count == 7 && Set(seen) == Set(submitted), "every job exactly once")
                let created = try await fixture.store.jobs(organization: "acme", query: JobQuery(limit: 7)).jobs.map(\.id)
                #expect(seen == created, "newest first, the store's order")
                let cancelled = try await client.call(.get, "/v1/jobs?state=cancelled&provider=platform&profile=local", key: member)
                #expect((cancelled.json?["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [submitted[2]])
            }
        }
    }

    @Test("a job shows its attempts and events; cancel ends it; retry submits it again as a new job")
    func showCancelRetry() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            try await fixture.store.putProfile(organization: "acme", name: "local", source: localProfile)
            try await fixture.test { client in
                let id = try #require(try await client.call(.post, "/v1/jobs", key: member, json: jobBody()).json?["id"] as? String)
                let shown = try await client.call(.get, "/v1/jobs/\(id)", key: member)
                #expect((shown.json?["attempts"] as? [[String: Any]])?.first?["outcome"] as? String == "submitted")
                #expect(((shown.json?["events"] as? [[String: Any]])?.count ?? 0) >= 2)
                #expect(try await client.call(.post, "/v1/jobs/\(id)/retry", key: member).errorCode == "job.not_finished")

                let cancelled = try await client.call(.post, "/v1/jobs/\(id)/cancel", key: member)
                #expect(cancelled.json?["state"] as? String == "cancelled")
                let retried = try await client.call(.post, "/v1/jobs/\(id)/retry", key: member)
                #expect(retried.status == 202, "\(retried.text)")
                let newID = try #require(retried.json?["id"] as? String)
                #expect(newID != id)
                let events = try await fixture.store.events(jobID: id)
                #expect(events.contains { $0.kind == "retry" && $0.message.contains(newID) })
            }
        }
    }

    @Test("a platform job's log is served from an offset, with the next offset in a header")
    func logs() async throws {
        try await ServerFixture.with { fixture in
            let viewer = try await fixture.key("acme", .viewer)
            let member = try await fixture.key("acme", .member)
            try await fixture.store.putProfile(organization: "acme", name: "local", source: localProfile)
            try await fixture.test { client in
                let id = try #require(try await client.call(.post, "/v1/jobs", key: member, json: jobBody()).json?["id"] as? String)
                let folder = JobFolder(stateFolder: fixture.stateFolder, jobID: id)
                try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
                try "epoch 1 loss 0.9\nepoch 2 loss 0.5\n".write(toFile: folder.log, atomically: true, encoding: .utf8)
                let whole = try await client.call(.get, "/v1/jobs/\(id)/logs", key: viewer)
                #expect(whole.text == "epoch 1 loss 0.9\nepoch 2 loss 0.5\n")
                #expect(whole.headers[HTTPField.Name("X-Next-Offset")!] == "34")
                let rest = try await client.call(.get, "/v1/jobs/\(id)/logs?offset=17", key: viewer)
                #expect(rest.text == "epoch 2 loss 0.5\n")
            }
        }
    }
}

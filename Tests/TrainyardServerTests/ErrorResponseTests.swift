import Foundation
import Orchestrator
import Testing
@testable import TrainyardServer

@Suite("Errors: one JSON shape, stable codes, nothing changed")
struct ErrorResponseTests {
    @Test("bad input answers with the right status and code, and leaves no job, profile or credential behind")
    func badInput() async throws {
        try await ServerFixture.with { fixture in
            let admin = try await fixture.key("acme", .admin)
            try await fixture.test { client in
                #expect(try await client.call(.put, "/v1/profiles/local", key: admin, body: localProfile).status == 201)
                let cases: [(String, Answer, Int, String)] = [
                    ("malformed JSON", try await client.call(.post, "/v1/jobs", key: admin, body: "{\"name\": "), 400, "request.invalid_json"),
                    ("no profile", try await client.call(.post, "/v1/jobs", key: admin, json: ["name": "x", "trainer": "mlp"]), 400, "job.missing_profile"),
                    ("unknown profile", try await client.call(.post, "/v1/jobs", key: admin, json: jobBody(profile: "nope")), 404, "profile.not_found"),
                    ("negative budget", try await client.call(.post, "/v1/jobs", key: admin, json: jobBody(extra: ["max_cost_usd": -5])), 400, "job.out_of_range"),
                    ("unknown job key", try await client.call(.post, "/v1/jobs", key: admin, json: jobBody(extra: ["gpus_please": 2])), 400, "job.unknown_key"),
                    ("malformed YAML", try await client.call(.put, "/v1/profiles/bad", key: admin, body: "name: bad\nstrategy: [oops"), 400, "profile.yaml_syntax"),
                    ("unknown provider in a profile", try await client.call(.put, "/v1/profiles/bad", key: admin,
                        body: "name: bad\nstrategy: cheapest\ncandidates:\n  - provider: ibm\n"), 400, "profile.invalid_value"),
                    ("name mismatch", try await client.call(.put, "/v1/profiles/other", key: admin, body: localProfile), 400, "profile.name_mismatch"),
                    ("path traversal in a name", try await client.call(.put, "/v1/profiles/..", key: admin, body: localProfile), 400, "profile.name_mismatch"),
                    ("unknown credential provider", try await client.call(.post, "/v1/credentials", key: admin, json: ["name": "x", "provider": "ibm"]), 400, "credentials.unknown_provider"),
                    ("credential without its secret", try await client.call(.post, "/v1/credentials", key: admin, json: ["name": "x", "provider": "aws", "access_key_id": "AKIA1"]), 400, "credentials.missing_field"),
                    ("invalid credential name", try await client.call(.post, "/v1/credentials", key: admin,
                        json: ["name": "../x", "provider": "aws", "access_key_id": "AKIA1", "secret_access_key": "s"]), 400, "name.invalid"),
                    ("bad filter", try await client.call(.get, "/v1/jobs?state=sleeping", key: admin), 400, "request.invalid_filter"),
                    ("tampered cursor", try await client.call(.get, "/v1/jobs?cursor=bm90LWEtY3Vyc29y", key: admin), 400, "request.invalid_cursor"),
                    ("bad limit", try await client.call(.get, "/v1/jobs?limit=-1", key: admin), 400, "request.invalid_limit"),
                    ("unknown job", try await client.call(.get, "/v1/jobs/job-000000000000000000000000", key: admin), 404, "job.not_found"),
                    ("unknown route", try await client.call(.get, "/v1/nothing-here", key: admin), 404, "route.not_found"),
                    ("oversized body", try await client.call(.put, "/v1/profiles/big", key: admin, body: String(repeating: "# padding\n", count: 200_000)), 413, "request.too_large"),
                ]
                for (what, answer, status, code) in cases {
                    #expect(answer.status == status, "\(what): \(answer.status) \(answer.text)")
                    #expect(answer.errorCode == code, "\(what): \(answer.text)")
                    let error = answer.json?["error"] as? [String: Any]
                    #expect(error?["message"] is String && error?["details"] is [String: Any], "\(what): the one error shape")
                }
                #expect((try await client.call(.get, "/v1/jobs", key: admin).json?["items"] as? [Any])?.count == 0)
                #expect((try await client.call(.get, "/v1/profiles", key: admin).json?["items"] as? [Any])?.count == 1)
                #expect((try await client.call(.get, "/v1/credentials", key: admin).json?["items"] as? [Any])?.count == 0)
            }
        }
    }

    @Test("a profile error carries the CLI's located diagnostics")
    func diagnostics() async throws {
        try await ServerFixture.with { fixture in
            let admin = try await fixture.key("acme", .admin)
            try await fixture.test { client in
                let answer = try await client.call(.put, "/v1/profiles/p", key: admin, body: "name: p\nstrategy: cheapest\ncandidates:\n  - provider: platform\n    gpu: cpu\n    colour: red\n")
                let diagnostics = try #require(((answer.json?["error"] as? [String: Any])?["details"] as? [String: Any])?["diagnostics"] as? [[String: Any]])
                #expect(diagnostics.first?["line"] as? Int == 6)
                #expect(diagnostics.first?["code"] as? String == answer.errorCode)
                #expect((diagnostics.first?["path"] as? String)?.contains("colour") == true)
            }
        }
    }

    @Test("a job over its profile's cost limit is refused with 422 and the numbers of every candidate")
    func refusal() async throws {
        try await ServerFixture.with { fixture in
            let admin = try await fixture.key("acme", .admin)
            let expensive = """
                name: cloud
                strategy: cheapest
                candidates:
                  - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge}
                limits: {max_cost_per_job_usd: 1}
                """
            try await fixture.test { client in
                #expect(try await client.call(.put, "/v1/profiles/cloud", key: admin, body: expensive).status == 201)
                let answer = try await client.call(.post, "/v1/jobs", key: admin, json: jobBody(profile: "cloud", extra: ["estimated_hours": 10, "resources": ["gpus": 1]]))
                #expect(answer.status == 422, "\(answer.text)")
                #expect(answer.errorCode == "job.refused")
                let candidates = try #require(((answer.json?["error"] as? [String: Any])?["details"] as? [String: Any])?["candidates"] as? [[String: Any]])
                #expect(candidates.count == 1)
                #expect(candidates[0]["estimated_cost_usd"] is Double)
                #expect(candidates[0]["rejection"] is String)
                #expect((try await client.call(.get, "/v1/jobs", key: admin).json?["items"] as? [Any])?.count == 0)
            }
        }
    }
}

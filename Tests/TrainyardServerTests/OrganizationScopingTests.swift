import Foundation
import Orchestrator
import Testing
@testable import TrainyardServer

@Suite("Organization scoping")
struct OrganizationScopingTests {
    @Test("every route of the OpenAPI document, called with another organization's admin key, finds nothing of ours")
    func everyRoute() async throws {
        try await ServerFixture.with { fixture in
            let acme = try await fixture.key("acme", .admin)
            let globex = try await fixture.key("globex", .admin)
            let paths = try #require(try JSONSerialization.jsonObject(with: Data(try OpenAPIDocument.bytes())) as? [String: Any])["paths"] as? [String: [String: Any]]
            let routes = try #require(paths).flatMap { path, operations in operations.keys.map { (path, $0) } }
            #expect(routes.count >= 22, "the document lists every route")

            try await fixture.test { client in
                // acme's things: a profile, a credential, a job (cancelled, so retry may run), its log, a stored object.
                #expect(try await client.call(.put, "/v1/profiles/local", key: acme, body: localProfile).status == 201)
                let credential = ["name": "aws", "provider": "aws", "access_key_id": "AKIAACME", "secret_access_key": "acme-secret-value"]
                #expect(try await client.call(.post, "/v1/credentials", key: acme, json: credential).status == 201)
                let job = try #require(try await client.call(.post, "/v1/jobs", key: acme, json: jobBody()).json?["id"] as? String)
                #expect(try await client.call(.post, "/v1/jobs/\(job)/cancel", key: acme).status == 202)
                let upload = try #require(try await client.call(.post, "/v1/storage/presign", key: acme,
                                                                json: ["key": "datasets/acme.csv", "method": "PUT"]).json?["url"] as? String)
                #expect(try await client.call(.put, try ServerFixture.path(of: upload), key: nil, body: "acme-private-rows").status == 201)
                let secrets = ["acme-secret-value", "AKIAACME", "acme-private-rows"]
                let missingJob = "job-" + String(repeating: "0", count: 24)

                for (template, method) in routes.sorted(by: { "\($0)" < "\($1)" }) {
                    let uri = template.replacingOccurrences(of: "{id}", with: job).replacingOccurrences(of: "{name}", with: template.contains("profiles") ? "local" : "aws")
                    let body: String? = switch (method, template) {
                    case ("put", _): localProfile
                    case ("post", "/v1/jobs"), ("post", "/v1/estimates"): String(decoding: try JSONSerialization.data(withJSONObject: jobBody()), as: UTF8.self)
                    case ("post", "/v1/credentials"): #"{"name": "gcp", "provider": "nope"}"#
                    case ("post", "/v1/storage/presign"): #"{"key": "datasets/acme.csv", "method": "GET"}"#
                    default: nil
                    }
                    let answer = try await client.call(.init(rawValue: method.uppercased())!, uri, key: globex, body: body)
                    for secret in secrets { #expect(!answer.text.contains(secret), "\(method) \(uri) shows acme's \(secret)") }
                    if template.hasPrefix("/files/") {
                        // The signature, not the API key, opens a file; a path without one opens nothing.
                        #expect(answer.status == 403 && answer.errorCode == "storage.invalid_signature", "\(method) \(uri): \(answer.text)")
                    } else if template.contains("{") && !(method == "put") {
                        #expect(answer.status == 404, "\(method) \(uri): \(answer.status) \(answer.text)")
                        // Exactly the answer for something that exists nowhere.
                        let missingURI = uri.replacingOccurrences(of: job, with: missingJob)
                            .replacingOccurrences(of: "/local", with: "/absent").replacingOccurrences(of: "/aws", with: "/absent")
                        let missing = try await client.call(.init(rawValue: method.uppercased())!, missingURI, key: globex, body: body)
                        let normalized = answer.text.replacingOccurrences(of: job, with: missingJob)
                            .replacingOccurrences(of: "local", with: "absent").replacingOccurrences(of: "'aws'", with: "'absent'")
                        #expect(missing.status == answer.status && missing.text == normalized, "\(method) \(template): \(answer.text) vs \(missing.text)")
                    }
                }
                // The same key presigned for globex names globex's object, which does not exist.
                let globexURL = try #require(try await client.call(.post, "/v1/storage/presign", key: globex,
                                                                   json: ["key": "datasets/acme.csv", "method": "GET"]).json?["url"] as? String)
                #expect(try await client.call(.get, try ServerFixture.path(of: globexURL), key: nil).errorCode == "storage.not_found")
                // globex's lists are empty and acme's things are untouched (globex's PUT made globex's own profile).
                #expect((try await client.call(.get, "/v1/jobs", key: globex).json?["items"] as? [Any])?.count == 0)
                #expect((try await client.call(.get, "/v1/credentials", key: globex).json?["items"] as? [Any])?.count == 0)
                #expect(try await client.call(.get, "/v1/jobs/\(job)", key: acme).json?["state"] as? String == "cancelled")
                #expect(try await client.call(.get, "/v1/profiles/local", key: acme).status == 200)
                #expect((try await client.call(.get, "/v1/credentials", key: acme).json?["items"] as? [Any])?.count == 1)
            }
        }
    }
}

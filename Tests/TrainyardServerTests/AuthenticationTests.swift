import Foundation
import Orchestrator
import Testing
@testable import TrainyardServer

@Suite("API keys and roles")
struct AuthenticationTests {
    @Test("no key, a malformed key, an unknown id and a wrong secret all answer 401 auth.required")
    func badKeys() async throws {
        try await ServerFixture.with { fixture in
            let good = try await fixture.key("acme", .admin)
            let wrongSecret = String(good.dropLast(4)) + "AAAA"
            let unknownID = "ty_0123456789abcdef_" + good.split(separator: "_", maxSplits: 2)[2]
            try await fixture.test { client in
                for key in [nil, "", "not-a-key", "ty_xyz_secret", wrongSecret, unknownID] {
                    let answer = try await client.call(.get, "/v1/jobs", key: key)
                    #expect(answer.status == 401, "\(String(describing: key))")
                    #expect(answer.errorCode == "auth.required")
                    #expect(answer.headers[.wwwAuthenticate] == "Bearer")
                }
                #expect(try await client.call(.get, "/v1/jobs", key: good).status == 200)
            }
        }
    }

    @Test("a key is stored only as a hash and its description never shows the secret")
    func storedAsHash() async throws {
        try await ServerFixture.with { fixture in
            let key = try await fixture.store.createAPIKey(organization: "acme", role: .viewer)
            let secret = try #require(key.secret.revealedString)
            #expect(!"\(key)".contains(secret) && !String(reflecting: key).contains(secret))
            let database = ["state.db", "state.db-wal"].map { (try? String(contentsOfFile: "\(fixture.stateFolder)/\($0)", encoding: .isoLatin1)) ?? "" }.joined()
            #expect(!database.contains(secret), "the secret itself is not in the database")
            #expect(database.contains(try key.secretHash()))
            #expect(try await fixture.store.authenticate(try #require(APIKey(token: key.revealedToken))) == Principal(organization: "acme", role: .viewer, keyID: key.id))
        }
    }

    @Test("viewers read, members also submit and cancel, admins also manage credentials and profiles")
    func roles() async throws {
        try await ServerFixture.with { fixture in
            let admin = try await fixture.key("acme", .admin)
            let member = try await fixture.key("acme", .member)
            let viewer = try await fixture.key("acme", .viewer)
            try await fixture.test { client in
                #expect(try await client.call(.put, "/v1/profiles/local", key: viewer, body: localProfile).errorCode == "auth.forbidden")
                #expect(try await client.call(.put, "/v1/profiles/local", key: member, body: localProfile).status == 403)
                #expect(try await client.call(.put, "/v1/profiles/local", key: admin, body: localProfile).status == 201)

                #expect(try await client.call(.post, "/v1/jobs", key: viewer, json: jobBody()).status == 403)
                let submitted = try await client.call(.post, "/v1/jobs", key: member, json: jobBody())
                #expect(submitted.status == 202, "\(submitted.text)")
                let id = try #require(submitted.json?["id"] as? String)

                #expect(try await client.call(.get, "/v1/jobs/\(id)", key: viewer).status == 200)
                #expect(try await client.call(.get, "/v1/profiles", key: viewer).status == 200)
                #expect(try await client.call(.post, "/v1/jobs/\(id)/cancel", key: viewer).status == 403)
                #expect(try await client.call(.post, "/v1/jobs/\(id)/cancel", key: member).status == 202)
                #expect(try await client.call(.post, "/v1/credentials", key: member, json: ["name": "aws", "provider": "aws"]).status == 403)
                #expect(try await client.call(.delete, "/v1/profiles/local", key: member).status == 403)
                #expect(try await client.call(.delete, "/v1/profiles/local", key: admin).status == 204)
            }
        }
    }
}

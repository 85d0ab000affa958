import Foundation
import Testing
import TestSupport

/// Schemathesis, a third-party property-based tester, against a real server: it generates requests for every
/// operation of the OpenAPI document (valid and invalid ones, and sequences that follow the links between them)
/// and checks every answer against the document.
@Suite("The API against its OpenAPI document (schemathesis)",
       .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"),
       .enabled(if: Schemathesis.executable != nil, "schemathesis is installed in the test venv by make test"))
struct SchemathesisTests {
    static let document = Repository.path("Sources/TrainyardServer/Resources/openapi.json")

    @Test("generated requests to every operation get a documented status, content type, headers and body, and never a 5xx")
    func conformance() async throws {
        let schemathesis = try #require(Schemathesis.executable)
        let folder = try Repository.temporaryFolder("schemathesis")
        let server = try await ServerProcess(home: URL(fileURLWithPath: "\(folder)/home"), bootstrap: true)
        defer { server.terminate() }
        let key = try #require(server.adminKey)
        let paths = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.document))) as? [String: Any])["paths"]
        let operations = try #require(paths as? [String: [String: Any]]).values.reduce(0) { $0 + $1.count }

        let arguments = [
            "run", Self.document, "--url", server.base, "--header", "Authorization: Bearer \(key)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
            "--max-examples", "8", "--seed", "20261123", "--workers", "1", "--no-color",
            // Validating a credential calls its provider; with no network that takes a while to fail.
            "--request-timeout", "60",
        ]
        let result = try await blockingWork { try Subprocess.run(schemathesis, arguments, currentDirectory: folder) }
        #expect(result.status == 0, "\(result.output.suffix(6000))\(result.errors.suffix(2000))")
        #expect(result.output.contains("Tested: \(operations)"), "every operation of the document was tested: \(result.output.suffix(1500))")
    }
}

/// The schemathesis command of the test venv.
enum Schemathesis {
    static let executable: String? = {
        let path = Repository.root.appendingPathComponent(".build/venv/bin/schemathesis").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()
}

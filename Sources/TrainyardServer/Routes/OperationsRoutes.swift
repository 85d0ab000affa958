import Foundation
import HTTPTypes
import Hummingbird
import Orchestrator

/// `/healthz`, `/readyz`, `/metrics` and `/v1/openapi.json`: unauthenticated, for probes, scrapers and clients.
struct OperationsRoutes {
    let environment: APIEnvironment

    func register(on router: Hummingbird.Router<APIRequestContext>) {
        router.get("healthz") { _, _ in try APIJSON.response(["status": "ok"]) }
        router.get("readyz") { _, _ in try await readiness() }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let text = try await environment.metrics.exposition(store: environment.store)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("v1/openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.bytes())))
        }
    }

    private func readiness() async throws -> Response {
        var checks: [String: String] = [:]
        do {
            try await environment.store.ping()
            checks["database"] = "ok"
        } catch {
            checks["database"] = "unreachable"
        }
        if let heartbeat = environment.syncHeartbeat {
            checks["sync"] = heartbeat.isAlive() ? "ok" : "stalled"
        }
        let ready = checks.values.allSatisfy { $0 == "ok" }
        checks["status"] = ready ? "ready" : "not ready"
        return try APIJSON.response(checks, status: ready ? .ok : .serviceUnavailable)
    }
}

/// The OpenAPI 3.1 document of the API, kept in the repository next to the code it describes.
public enum OpenAPIDocument {
    /// The document's bytes, read from the bundle once.
    public static func bytes() throws -> [UInt8] { try loaded.get() }

    private static let loaded = Result<[UInt8], any Error> {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw APIError(.internalServerError, code: "internal", message: "the OpenAPI document is missing from the build")
        }
        return Array(try Data(contentsOf: url))
    }
}

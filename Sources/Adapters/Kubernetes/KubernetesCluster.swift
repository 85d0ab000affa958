import Credentials
import Foundation
import NIOHTTP1

/// One API server as a kubeconfig context reaches it: URL, TLS settings, `Authorization` and namespace.
struct KubernetesCluster {
    let configuration: KubernetesClientConfiguration
    let server: String
    let namespace: String

    /// Sends a request and returns the answer whatever its status.
    func send(_ method: HTTPMethod, _ path: String, route: String, body: [UInt8]? = nil, http: ProviderHTTPClient) async throws -> ProviderResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        if let authorization = configuration.authorizationHeader?.revealedString {
            headers.add(name: "Authorization", value: authorization)
        }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let base = server.withoutTrailingSlash
        return try await http.send(ProviderRequest(
            method: method, url: base + path, route: route, headers: headers, body: body,
            tlsConfiguration: base.hasPrefix("https:") ? configuration.tlsConfiguration : nil))
    }

    /// Sends a request and returns the body of a 2xx answer; any other status is a classified error.
    func expect(_ method: HTTPMethod, _ path: String, route: String, body: [UInt8]? = nil, http: ProviderHTTPClient) async throws -> [UInt8] {
        let response = try await send(method, path, route: route, body: body, http: http)
        guard response.isSuccess else { throw error(response, provider: http.provider) }
        return response.body
    }

    /// The classified error of a non-2xx answer (a `meta/v1` Status).
    func error(_ response: ProviderResponse, provider: ProviderKind) -> AdapterError {
        let status = try? JSONDecoder().decode(KubernetesStatus.self, from: Data(response.body))
        let message = status?.message ?? "HTTP \(response.status): \(response.text(limit: 200))"
        return AdapterError(KubernetesStateMapping.classify(httpStatus: response.status, reason: status?.reason, message: message),
                            provider: provider, code: status?.reason ?? "HTTP\(response.status)", message: message)
    }
}

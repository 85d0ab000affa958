import Credentials
import Foundation
import NIOHTTP1
import Storage

/// Signed calls to one AWS service endpoint: JSON 1.1 (`X-Amz-Target`) and query-protocol requests, signed with
/// SigV4, with AWS error bodies parsed and classified by ``AWSErrorClassifier``.
struct AWSServiceClient: Sendable {
    /// The endpoint URL, `https://api.sagemaker.us-east-1.amazonaws.com` or a replacement.
    let endpoint: String
    let signer: AWSSigV4Signer
    let http: ProviderHTTPClient
    let now: @Sendable () -> Date

    /// Calls a JSON 1.1 operation (`target` = `SageMaker.CreateTrainingJob`) and returns the answer's body.
    func json(target: String, body: [UInt8]) async throws -> [UInt8] {
        try await send(body: body, contentType: "application/x-amz-json-1.1", extraHeaders: [("X-Amz-Target", target)], route: "POST / \(target)")
    }

    /// Calls a query-protocol action with form `parameters` and returns the XML answer.
    func query(action: String, parameters: [(String, String)]) async throws -> [UInt8] {
        let form = ([("Action", action)] + parameters).map { "\(AWSURIEncoding.encodeQueryComponent($0.0))=\(AWSURIEncoding.encodeQueryComponent($0.1))" }
            .joined(separator: "&")
        return try await send(body: Array(form.utf8), contentType: "application/x-www-form-urlencoded; charset=utf-8", extraHeaders: [],
                              route: "POST / \(action)")
    }

    private func send(body: [UInt8], contentType: String, extraHeaders: [(String, String)], route: String) async throws -> [UInt8] {
        guard let url = URL(string: endpoint), let host = url.host else {
            throw AdapterError(.invalid, provider: http.provider, code: "InvalidEndpoint", message: "'\(endpoint)' is not an endpoint URL")
        }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let unsigned = AWSSigV4Request(
            method: "POST", path: "/",
            headers: [.init("Host", hostHeader), .init("Content-Type", contentType)] + extraHeaders.map { .init($0.0, $0.1) })
        let signed: AWSSignedRequest
        do {
            signed = try signer.signHeaders(unsigned, payload: .bytes(body), date: now())
        } catch {
            throw AdapterError(.credentials, provider: http.provider, code: "SigningFailed", message: "could not sign the request: \(error)")
        }
        var headers = HTTPHeaders()
        for field in signed.request.headers where field.name.lowercased() != "host" {
            headers.add(name: field.name, value: field.value)
        }
        let response = try await http.send(ProviderRequest(method: .POST, url: endpoint.withoutTrailingSlash + "/", route: route, headers: headers, body: body))
        guard response.isSuccess else { throw error(from: response) }
        return response.body
    }

    /// The classified error of an AWS error answer (JSON `__type`/`code` or XML `<Error><Code>`).
    private func error(from response: ProviderResponse) -> AdapterError {
        var code: String?
        var message: String?
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
            let type = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
            code = type.map { $0.split(separator: "#").last.map(String.init) ?? $0 }
            message = (object["message"] as? String) ?? (object["Message"] as? String)
        } else if let error = AWSXML.error(Data(response.body)) {
            code = error.code
            message = error.message
        }
        code = code ?? response.headers.first(name: "x-amzn-ErrorType").map { String($0.split(separator: ":").first ?? "") }
        let errorClass = AWSErrorClassifier.classify(code: code, status: response.status)
        return AdapterError(errorClass, provider: http.provider, code: code,
                            message: message ?? "HTTP \(response.status): \(response.text(limit: 200))")
    }
}

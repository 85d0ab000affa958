import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// POSTs an OAuth 2.0 token request (`application/x-www-form-urlencoded`) and reads the reply.
///
/// Shared by the Google and Azure providers. The form (which holds an assertion or a client secret)
/// is never logged; only the endpoint, the status and the outcome are.
struct TokenEndpoint: Sendable {
    let url: String
    let httpClient: HTTPClient
    let options: TokenProviderOptions
    let logger: Logger

    /// The largest token response accepted.
    private static let maximumResponseBytes = 1 << 20

    private struct Success: Decodable {
        var access_token: String
        var token_type: String?
        var expires_in: FlexibleSeconds
    }

    private struct Failure: Decodable {
        var error: String?
        var error_description: String?
        var error_codes: [Int]?
    }

    /// `expires_in` as a JSON number or, as some Microsoft endpoints send it, a string.
    private struct FlexibleSeconds: Decodable {
        var seconds: Double

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                seconds = number
            } else if let text = try? container.decode(String.self), let number = Double(text) {
                seconds = number
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expires_in is not a number")
            }
        }
    }

    /// Sends `form` (already encoded with ``formEncode(_:)``) and returns the token.
    func requestToken(form: Secret) async throws -> AccessToken {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: options.userAgent)
        request.body = .bytes(form.withRevealedBytes { ByteBuffer(bytes: $0) })

        let startedAt = options.now()
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: options.requestTimeout, logger: logger)
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: Self.maximumResponseBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .connectTimeout || error == .readTimeout {
            logger.warning("token request timed out", metadata: ["endpoint": "\(url)"])
            throw TokenError(category: .retryable, code: "timeout", message: "the token request to \(url) timed out")
        } catch is NIOTooManyBytesError {
            throw TokenError(
                category: .invalid, code: "invalid_response",
                message: "the token response is larger than \(Self.maximumResponseBytes) bytes"
            )
        } catch {
            logger.warning("token request failed", metadata: ["endpoint": "\(url)", "error": "\(type(of: error))"])
            throw TokenError(category: .retryable, code: "transport", message: "the token request to \(url) failed: \(error)")
        }
        logger.debug("token endpoint answered", metadata: ["endpoint": "\(url)", "status": "\(status)"])
        let data = Data(body.readableBytesView)
        guard status == 200 else {
            throw Self.classify(status: status, body: data)
        }
        guard let success = try? JSONDecoder().decode(Success.self, from: data), !success.access_token.isEmpty,
              success.expires_in.seconds > 0
        else {
            throw TokenError(
                category: .invalid, code: "invalid_response", status: status,
                message: "the token response has no access_token with a positive expires_in"
            )
        }
        return AccessToken(
            value: Secret(success.access_token),
            tokenType: success.token_type ?? "Bearer",
            obtainedAt: startedAt,
            expiresAt: startedAt.addingTimeInterval(success.expires_in.seconds)
        )
    }

    /// Maps an error response onto a ``TokenError``.
    static func classify(status: Int, body: Data) -> TokenError {
        let failure = try? JSONDecoder().decode(Failure.self, from: body)
        let code = failure?.error ?? "http_\(status)"
        let description = failure?.error_description
        var serviceCodes = (failure?.error_codes ?? []).map { "AADSTS\($0)" }
        if serviceCodes.isEmpty, let description, description.hasPrefix("AADSTS"),
           let prefix = description.split(separator: ":", maxSplits: 1).first {
            serviceCodes = [String(prefix)]
        }
        let category: TokenError.Category
        if status == 429 || status >= 500 {
            category = .retryable
        } else if ["invalid_grant", "invalid_client", "unauthorized_client"].contains(code) {
            category = .credentials
        } else {
            category = .invalid
        }
        return TokenError(
            category: category,
            code: code,
            status: status,
            serviceCodes: serviceCodes,
            message: description ?? "the token endpoint answered HTTP \(status)"
        )
    }

    /// `application/x-www-form-urlencoded` with every byte but `A-Z a-z 0-9 - _ . ~` percent-encoded.
    static func formEncode(_ fields: [(String, String)]) -> String {
        fields.map { "\(AWSURIEncoding.encodeQueryComponent($0.0))=\(AWSURIEncoding.encodeQueryComponent($0.1))" }
            .joined(separator: "&")
    }
}

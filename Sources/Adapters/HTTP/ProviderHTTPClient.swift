import AsyncHTTPClient
import Credentials
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// The one way adapters talk to providers: every request gets a time limit and Trainyard's `User-Agent`, and is
/// logged by method, host, route template, status and latency, never with its headers, query or body (which carry
/// signatures, tokens and user data).
///
/// Transport failures and time-outs become `retryable` ``AdapterError``s; the HTTP status is left to the adapter,
/// which classifies it from the provider's own error codes. The `HTTPClient` is the caller's, who shuts it down.
public struct ProviderHTTPClient: Sendable {
    /// The `User-Agent` every adapter request carries.
    public static let userAgent = "Trainyard/\(TrainyardVersion.current) (adapters)"
    /// The largest response body read into memory.
    public static let maximumResponseBytes = 8 * 1024 * 1024

    /// The provider whose calls these are (for errors and logs).
    public let provider: ProviderKind
    /// The time limit of one request, connection included.
    public let timeout: TimeAmount
    private let client: HTTPClient
    private let logger: Logger

    /// Creates a client for `provider`'s calls.
    public init(provider: ProviderKind, client: HTTPClient, timeout: TimeAmount = .seconds(30), logger: Logger) {
        self.provider = provider
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    /// Sends `request` and reads the whole answer.
    ///
    /// - Throws: ``AdapterError`` `retryable` (code `Timeout` or `Transport`) when no answer arrived, `unavailable`
    ///   (code `ResponseTooLarge`) for an answer over ``maximumResponseBytes``.
    public func send(_ request: ProviderRequest) async throws -> ProviderResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        outgoing.headers.replaceOrAdd(name: "User-Agent", value: Self.userAgent)
        outgoing.tlsConfiguration = request.tlsConfiguration
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let started = ContinuousClock.now
        let host = URL(string: request.url)?.host ?? "?"
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            var body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            log(request, host: host, status: "\(response.status.code)", since: started)
            return ProviderResponse(status: Int(response.status.code), headers: response.headers, body: bytes)
        } catch let error as AdapterError {
            throw error
        } catch let error as NIOTooManyBytesError {
            log(request, host: host, status: "too-large", since: started)
            throw AdapterError(.unavailable, provider: provider, code: "ResponseTooLarge", message: "\(host) answered more than \(error.maxBytes ?? Self.maximumResponseBytes) bytes")
        } catch {
            let timedOut = (error as? HTTPClientError) == .deadlineExceeded || (error as? HTTPClientError) == .readTimeout
            log(request, host: host, status: timedOut ? "timeout" : "transport-error", since: started)
            throw AdapterError(
                .retryable, provider: provider, code: timedOut ? "Timeout" : "Transport",
                message: timedOut ? "\(host) did not answer within \(timeout.nanoseconds / 1_000_000_000) s" : "\(host) could not be reached: \(error)")
        }
    }

    /// Sends `request` with a bearer token from `tokens`; a 401 answer makes `tokens` refresh before the next call.
    ///
    /// - Throws: ``AdapterError`` from ``send(_:)``, or the classified error of a failed token request.
    public func sendAuthorized(_ request: ProviderRequest, tokens: any AccessTokenProvider) async throws -> ProviderResponse {
        let token: AccessToken
        do {
            token = try await tokens.accessToken()
        } catch let error as TokenError {
            throw AdapterError(token: error, provider: provider)
        }
        var authorized = request
        authorized.headers.replaceOrAdd(name: "Authorization", value: token.authorizationHeaderValue.revealedString ?? "")
        let response = try await send(authorized)
        if response.status == 401 { await tokens.invalidateCachedToken() }
        return response
    }

    private func log(_ request: ProviderRequest, host: String, status: String, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.debug("provider call", metadata: [
            "provider": "\(provider.rawValue)", "method": "\(request.method.rawValue)", "host": "\(host)",
            "route": "\(request.route)", "status": "\(status)", "latency_ms": "\(Int(milliseconds.rounded()))",
        ])
    }
}

/// One request to a provider.
public struct ProviderRequest: Sendable {
    public var method: HTTPMethod
    /// The full URL, query included.
    public var url: String
    /// The route template for logs and metrics, e.g. `GET /v1/{job}`; never the raw path.
    public var route: String
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// The TLS settings of this request (a Kubernetes cluster's CA and client certificate); `nil`: the client's.
    public var tlsConfiguration: TLSConfiguration?

    /// Creates a request.
    public init(
        method: HTTPMethod, url: String, route: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        tlsConfiguration: TLSConfiguration? = nil
    ) {
        self.method = method
        self.url = url
        self.route = route
        self.headers = headers
        self.body = body
        self.tlsConfiguration = tlsConfiguration
    }
}

/// A provider's whole answer.
public struct ProviderResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text, cut to `limit` characters (for error messages).
    public func text(limit: Int = 500) -> String {
        String(String(decoding: body.prefix(limit * 4), as: UTF8.self).prefix(limit))
    }
}

extension AdapterError {
    /// The classified error of a failed token request for `provider`'s API.
    init(token error: TokenError, provider: ProviderKind) {
        let errorClass: ErrorClass = switch error.category {
        case .credentials: .credentials
        case .retryable: .retryable
        case .invalid: .invalid
        }
        self.init(errorClass, provider: provider, code: error.code, message: "token request: \(error.message)")
    }
}

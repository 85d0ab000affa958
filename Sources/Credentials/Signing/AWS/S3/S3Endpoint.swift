/// A custom S3 endpoint, such as a local emulator (`http://127.0.0.1:5000`), MinIO
/// (`http://localhost:9000`) or an explicit regional endpoint (`https://s3.eu-west-1.amazonaws.com`).
public struct S3Endpoint: Sendable, Equatable {
    /// `http` or `https`.
    public let scheme: String
    /// The host name or IP address; IPv6 addresses keep their brackets.
    public let host: String
    /// The port, or `nil` for the scheme's default.
    public let port: Int?

    /// Parses `scheme://host[:port][/]`. Paths, user info, queries and fragments are refused.
    public init(url: String) throws {
        switch EndpointAddress.parse(url) {
        case .success(let address):
            scheme = address.scheme
            host = address.host
            port = address.port
        case .failure(let error):
            throw AWSSigningError.invalidRequest("endpoint \(url): \(error.reason)")
        }
    }

    /// The `Host` header value: the host, with the port unless it is the scheme's default.
    var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    /// Whether the host is an IP address literal (virtual hosting is impossible there).
    var hostIsIPAddress: Bool {
        if host.hasPrefix("[") { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil }
    }
}

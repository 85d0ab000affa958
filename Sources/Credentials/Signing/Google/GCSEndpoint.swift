/// The host that GCS signed URLs point at.
///
/// The default is `https://storage.googleapis.com`. A custom endpoint (an emulator, a private
/// endpoint, `api_access_endpoint` in google-cloud-storage) is given as `scheme://host[:port]`;
/// a universe domain `example.com` gives `https://storage.example.com`.
///
/// The URL keeps the port exactly as configured (`https://storage.googleapis.com:443` stays so),
/// while the signed `host` header carries the port only when it is not the scheme's default, which
/// is what an HTTP client sends.
public struct GCSEndpoint: Sendable, Equatable {
    /// `https://storage.googleapis.com`.
    public static let `default` = GCSEndpoint(scheme: "https", host: "storage.googleapis.com", port: nil)

    /// `http` or `https`.
    public let scheme: String
    /// The host name or IP address, lower-cased; IPv6 addresses keep their brackets.
    public let host: String
    /// The port as configured, or `nil` for none.
    public let port: Int?

    private init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `scheme://host[:port][/]`. Paths, user info, queries and fragments are refused.
    public init(url: String) throws(GCSSigningError) {
        switch EndpointAddress.parse(url) {
        case .success(let address): self.init(scheme: address.scheme, host: address.host, port: address.port)
        case .failure(let error): throw .invalidEndpoint("\(url): \(error.reason)")
        }
    }

    /// `https://storage.<domain>`, the storage endpoint of a Google Cloud universe other than
    /// `googleapis.com`.
    public init(universeDomain domain: String) throws(GCSSigningError) {
        guard !domain.isEmpty, !domain.contains(where: { "/?#@: ".contains($0) }) else {
            throw .invalidEndpoint("universe domain \(domain) is not a host name")
        }
        self.init(scheme: "https", host: "storage.\(domain.lowercased())", port: nil)
    }

    /// The authority as it appears in the URL: the host, and the port when one was configured.
    var urlAuthority: String {
        port.map { "\(host):\($0)" } ?? host
    }

    /// The `host` header value: the host, with the port unless it is the scheme's default.
    var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }
}

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
        func invalid(_ reason: String) -> GCSSigningError {
            .invalidEndpoint("\(url): \(reason)")
        }
        let parts = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw invalid("missing scheme") }
        let scheme = parts[0].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("scheme must be http or https") }
        var authority = parts[1]
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ ".contains($0) }) else {
            throw invalid("expected only a host and an optional port")
        }
        var host = authority
        var port: Int?
        let portSeparator = authority.hasPrefix("[")
            ? authority.range(of: "]:").map { authority.index(after: $0.lowerBound) }
            : authority.lastIndex(of: ":")
        if let portSeparator {
            host = authority[..<portSeparator]
            guard let number = Int(authority[authority.index(after: portSeparator)...]), (1...65_535).contains(number) else {
                throw invalid("bad port")
            }
            port = number
        }
        guard !host.isEmpty else { throw invalid("empty host") }
        self.init(scheme: scheme, host: host.lowercased(), port: port)
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

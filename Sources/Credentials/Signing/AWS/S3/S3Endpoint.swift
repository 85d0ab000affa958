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
        func invalid(_ reason: String) -> AWSSigningError {
            .invalidRequest("endpoint \(url): \(reason)")
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
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
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

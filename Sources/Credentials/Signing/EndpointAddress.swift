/// `scheme://host[:port][/]`, as S3 and GCS custom endpoints are written: `http` or `https`, a host (IPv6
/// in brackets) and an optional port; paths, user info, queries and fragments are refused.
struct EndpointAddress: Sendable, Equatable {
    let scheme: String
    /// Lower-cased; IPv6 addresses keep their brackets.
    let host: String
    let port: Int?

    /// Parses `url`; a failure carries the reason, for the caller's own error type.
    static func parse(_ url: String) -> Result<EndpointAddress, EndpointAddressError> {
        let parts = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(EndpointAddressError("missing scheme")) }
        let scheme = parts[0].lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure(EndpointAddressError("scheme must be http or https")) }
        var authority = parts[1]
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ ".contains($0) }) else {
            return .failure(EndpointAddressError("expected only a host and an optional port"))
        }
        var host = authority
        var port: Int?
        let portSeparator = authority.hasPrefix("[")
            ? authority.range(of: "]:").map { authority.index(after: $0.lowerBound) }
            : authority.lastIndex(of: ":")
        if let portSeparator {
            host = authority[..<portSeparator]
            guard let number = Int(authority[authority.index(after: portSeparator)...]), (1...65_535).contains(number) else {
                return .failure(EndpointAddressError("bad port"))
            }
            port = number
        }
        guard !host.isEmpty else { return .failure(EndpointAddressError("empty host")) }
        return .success(EndpointAddress(scheme: scheme, host: host.lowercased(), port: port))
    }
}

/// Why an endpoint URL was refused.
struct EndpointAddressError: Error, Sendable, Equatable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

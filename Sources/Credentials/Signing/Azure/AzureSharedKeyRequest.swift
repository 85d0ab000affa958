/// The parts of a Blob REST request that Shared Key authorization covers.
public struct AzureSharedKeyRequest: Sendable, Equatable {
    /// A header.
    public struct Header: Sendable, Hashable {
        /// The name (any case).
        public var name: String
        /// The value as sent.
        public var value: String

        /// Creates a header.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method, e.g. `PUT`.
    public var method: String
    /// The full URL as sent, path and query percent-encoded, e.g.
    /// `https://acct.blob.core.windows.net/container/a%20b?comp=block&blockid=AAAA`.
    public var url: String
    /// The headers as sent, including `x-ms-date` and `x-ms-version`.
    public var headers: [Header]

    /// Creates a request.
    public init(method: String, url: String, headers: [Header]) {
        self.method = method
        self.url = url
        self.headers = headers
    }
}

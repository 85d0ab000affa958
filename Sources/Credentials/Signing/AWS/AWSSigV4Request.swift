/// The parts of an HTTP request that AWS Signature Version 4 covers.
public struct AWSSigV4Request: Sendable, Equatable {
    /// A header or query parameter. Query parameters hold *decoded* names and values; the signer
    /// percent-encodes them.
    public struct Field: Sendable, Hashable {
        /// Header or parameter name.
        public var name: String
        /// Header or parameter value.
        public var value: String

        /// Creates a field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method, e.g. `GET`.
    public var method: String
    /// The path as sent on the wire (percent-encoded), starting with `/`.
    public var path: String
    /// Query parameters in the order they are sent, decoded.
    public var query: [Field]
    /// Headers in the order they are sent. Must include `Host` (with the port when it is not the
    /// scheme's default). Repeated names are allowed and signed as one comma-joined value.
    public var headers: [Field]

    /// Creates a request description.
    public init(method: String, path: String, query: [Field] = [], headers: [Field]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }
}

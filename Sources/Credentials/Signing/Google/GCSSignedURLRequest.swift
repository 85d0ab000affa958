/// What a GCS V4 signed URL allows: the method, the bucket and object, and the query parameters and
/// headers that are signed with it.
///
/// Signed headers other than `host` must be sent by whoever uses the URL, with exactly the signed
/// values; ``GCSSignedURL/headers`` lists them.
public struct GCSSignedURLRequest: Sendable, Equatable {
    /// A query parameter or header (decoded name and value).
    public struct Field: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The value.
        public var value: String

        /// Creates a field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The operation.
    public enum Method: Sendable, Equatable {
        /// `GET` (download, or list when there is no object).
        case get
        /// `HEAD` (metadata).
        case head
        /// `PUT` (single-request upload).
        case put
        /// `POST`.
        case post
        /// `DELETE`.
        case delete
        /// The start of a resumable upload: `POST` with the signed header `x-goog-resumable: start`
        /// (google-cloud-storage's `method="RESUMABLE"`).
        case resumableUpload

        /// The HTTP method on the wire.
        public var httpMethod: String {
            switch self {
            case .get: "GET"
            case .head: "HEAD"
            case .put: "PUT"
            case .post, .resumableUpload: "POST"
            case .delete: "DELETE"
            }
        }
    }

    /// The operation.
    public var method: Method
    /// The bucket name.
    public var bucket: String
    /// The object name, unencoded, or `nil` for a bucket-level URL (e.g. listing). It is
    /// percent-encoded once keeping `/` and `~`, so `a//b` and a leading `/` are preserved.
    public var object: String?
    /// Extra query parameters (e.g. `userProject`, `alt`), decoded. An empty value is signed as `name=`.
    public var queryParameters: [Field]
    /// Extra signed headers (e.g. `x-goog-meta-*`, `x-goog-content-sha256`). A `Host` header here is
    /// ignored: the host is always the one the URL points at.
    public var headers: [Field]
    /// `Content-Type` the upload must be sent with.
    public var contentType: String?
    /// `Content-MD5` (base64 of the MD5 digest) the upload must be sent with.
    public var contentMD5: String?
    /// A customer-supplied AES-256 key: adds the signed headers `x-goog-encryption-algorithm: AES256`,
    /// `x-goog-encryption-key` and `x-goog-encryption-key-sha256`, which the client must send.
    public var customerEncryptionKey: Secret?
    /// A specific object generation (`generation=` query parameter).
    public var generation: Int64?
    /// `response-content-disposition` for downloads.
    public var responseContentDisposition: String?
    /// `response-content-type` for downloads.
    public var responseContentType: String?

    /// Creates a request.
    public init(
        method: Method,
        bucket: String,
        object: String?,
        queryParameters: [Field] = [],
        headers: [Field] = [],
        contentType: String? = nil,
        contentMD5: String? = nil,
        customerEncryptionKey: Secret? = nil,
        generation: Int64? = nil,
        responseContentDisposition: String? = nil,
        responseContentType: String? = nil
    ) {
        self.method = method
        self.bucket = bucket
        self.object = object
        self.queryParameters = queryParameters
        self.headers = headers
        self.contentType = contentType
        self.contentMD5 = contentMD5
        self.customerEncryptionKey = customerEncryptionKey
        self.generation = generation
        self.responseContentDisposition = responseContentDisposition
        self.responseContentType = responseContentType
    }
}

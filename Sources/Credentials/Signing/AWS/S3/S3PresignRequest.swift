/// An S3 object request to presign: method, bucket, key, and the extra query parameters and
/// headers the operation signs.
public struct S3PresignRequest: Sendable, Equatable {
    /// The HTTP method, e.g. `GET` or `PUT`.
    public var method: String
    /// The bucket name.
    public var bucket: String
    /// The object key, unencoded (`a b/c+d.txt`); it is percent-encoded once, keeping `/` and `~`.
    public var key: String
    /// Extra query parameters, decoded, in the order they appear in the URL.
    public var query: [AWSSigV4Request.Field]
    /// Extra headers that are signed and that the client must send exactly.
    public var headers: [AWSSigV4Request.Field]

    /// Creates a request.
    public init(
        method: String,
        bucket: String,
        key: String,
        query: [AWSSigV4Request.Field] = [],
        headers: [AWSSigV4Request.Field] = []
    ) {
        self.method = method
        self.bucket = bucket
        self.key = key
        self.query = query
        self.headers = headers
    }

    /// A `GetObject` request; `parameters` become query parameters in the given order
    /// (botocore keeps the caller's order too).
    public static func getObject(bucket: String, key: String, _ parameters: [S3GetObjectParameter] = []) -> S3PresignRequest {
        S3PresignRequest(method: "GET", bucket: bucket, key: key, query: parameters.map(\.queryField))
    }

    /// A `PutObject` request; `parameters` become signed headers that the uploader must send.
    public static func putObject(bucket: String, key: String, _ parameters: [S3PutObjectParameter] = []) -> S3PresignRequest {
        S3PresignRequest(method: "PUT", bucket: bucket, key: key, headers: parameters.map(\.header))
    }
}

/// Optional `GetObject` parameters that travel in the presigned URL's query.
public enum S3GetObjectParameter: Sendable, Equatable {
    /// `response-cache-control`.
    case responseCacheControl(String)
    /// `response-content-disposition`.
    case responseContentDisposition(String)
    /// `response-content-encoding`.
    case responseContentEncoding(String)
    /// `response-content-language`.
    case responseContentLanguage(String)
    /// `response-content-type`.
    case responseContentType(String)
    /// `response-expires`.
    case responseExpires(String)
    /// `versionId`.
    case versionID(String)
    /// `partNumber`.
    case partNumber(Int)

    /// The query parameter.
    public var queryField: AWSSigV4Request.Field {
        switch self {
        case .responseCacheControl(let value): .init("response-cache-control", value)
        case .responseContentDisposition(let value): .init("response-content-disposition", value)
        case .responseContentEncoding(let value): .init("response-content-encoding", value)
        case .responseContentLanguage(let value): .init("response-content-language", value)
        case .responseContentType(let value): .init("response-content-type", value)
        case .responseExpires(let value): .init("response-expires", value)
        case .versionID(let value): .init("versionId", value)
        case .partNumber(let value): .init("partNumber", String(value))
        }
    }
}

/// Optional `PutObject` parameters that become signed headers of the presigned upload.
public enum S3PutObjectParameter: Sendable, Equatable {
    /// `Content-Type`.
    case contentType(String)
    /// `Content-MD5` (base64 of the MD5 of the body).
    case contentMD5(String)
    /// `x-amz-meta-<name>` user metadata.
    case metadata(name: String, value: String)
    /// `x-amz-server-side-encryption`, e.g. `AES256` or `aws:kms`.
    case serverSideEncryption(String)

    /// The header.
    public var header: AWSSigV4Request.Field {
        switch self {
        case .contentType(let value): .init("Content-Type", value)
        case .contentMD5(let value): .init("Content-MD5", value)
        case .metadata(let name, let value): .init("x-amz-meta-\(name)", value)
        case .serverSideEncryption(let value): .init("x-amz-server-side-encryption", value)
        }
    }
}

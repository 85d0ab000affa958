import Foundation

/// Google Cloud Storage V4 signed URLs (`GOOG4-RSA-SHA256`), signed with a service account's RSA
/// key, byte-compatible with google-cloud-storage's `Blob.generate_signed_url(version="v4")`.
///
/// The stages follow Google's "V4 signing process" document, each a separate function so it can be
/// checked against the conformance suite:
///
/// 1. ``canonicalRequest(method:path:query:headers:payload:)``
/// 2. ``stringToSign(canonicalRequest:date:)``, with the ``credentialScope(date:)``
///    `<date>/auto/storage/goog4_request`
/// 3. ``signature(stringToSign:)``: RSASSA-PKCS1-v1_5 over SHA-256, lower-case hex
///
/// ``signedURL(for:date:expiresIn:)`` runs them all. The date is a parameter, so results are
/// reproducible; RSA PKCS#1 v1.5 signatures are deterministic, so whole URLs are too.
///
/// The canonical query is sorted by byte value of the encoded names (upper case before lower case);
/// names and values are percent-encoded keeping only `A-Z a-z 0-9 - _ . ~`. Header names are
/// lower-cased and sorted; values are trimmed and inner whitespace runs folded to one space. The
/// payload is `UNSIGNED-PAYLOAD` unless an `x-goog-content-sha256` header is signed.
public struct GCSV4Signer: Sendable {
    /// The algorithm name in `X-Goog-Algorithm` and the string to sign.
    public static let algorithm = "GOOG4-RSA-SHA256"
    /// The longest lifetime GCS accepts: 7 days.
    public static let maximumExpiry = 604_800
    /// The payload literal when the body is not signed.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The service account's e-mail address, the `X-Goog-Credential` principal.
    public let clientEmail: String
    /// Where path-style and virtual-hosted URLs point.
    public let endpoint: GCSEndpoint
    private let privateKey: RSAPrivateKey

    /// Creates a signer for a service account.
    public init(clientEmail: String, privateKey: RSAPrivateKey, endpoint: GCSEndpoint = .default) {
        self.clientEmail = clientEmail
        self.privateKey = privateKey
        self.endpoint = endpoint
    }

    /// Creates a signer from a service-account key, parsing its PEM private key.
    public init(serviceAccount: GCPServiceAccountKey, endpoint: GCSEndpoint = .default) throws {
        self.init(clientEmail: serviceAccount.clientEmail, privateKey: try serviceAccount.rsaPrivateKey(), endpoint: endpoint)
    }

    // MARK: - Step 1: canonical request

    /// The canonical request: method, path, canonical query, canonical headers, signed header names
    /// and payload, one per line. Returns the text and the `;`-joined signed header names.
    public func canonicalRequest(
        method: String,
        path: String,
        query: [GCSSignedURLRequest.Field],
        headers: [GCSSignedURLRequest.Field],
        payload: String
    ) -> (text: String, signedHeaders: String) {
        let canonical = Self.canonicalHeaders(headers)
        let text = [
            method,
            path,
            Self.canonicalQueryString(query),
            canonical.block,
            canonical.signedHeaders,
            payload,
        ].joined(separator: "\n")
        return (text, canonical.signedHeaders)
    }

    /// Encoded `name=value` pairs sorted by encoded name, then value, joined with `&`.
    public static func canonicalQueryString(_ query: [GCSSignedURLRequest.Field]) -> String {
        query
            .map { (AWSURIEncoding.encodeQueryComponent($0.name), AWSURIEncoding.encodeQueryComponent($0.value)) }
            .sorted { lhs, rhs in
                lhs.0 == rhs.0
                    ? lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8)
                    : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// `name:value\n` lines sorted by lower-cased name (repeated names joined with `,`), and the
    /// `;`-joined names.
    static func canonicalHeaders(_ headers: [GCSSignedURLRequest.Field]) -> (block: String, signedHeaders: String) {
        var grouped: [String: [String]] = [:]
        for header in headers {
            let value = header.value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            grouped[header.name.lowercased(), default: []].append(value)
        }
        let names = grouped.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let block = names.map { "\($0):\(grouped[$0, default: []].joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    // MARK: - Step 2: string to sign

    /// `<yyyymmdd>/auto/storage/goog4_request`.
    public func credentialScope(date: Date) -> String {
        "\(AWSSigningDate(date).dateStamp)/auto/storage/goog4_request"
    }

    /// Algorithm, timestamp, credential scope and the hex SHA-256 of the canonical request, one per line.
    public func stringToSign(canonicalRequest: String, date: Date) throws -> String {
        [
            Self.algorithm,
            AWSSigningDate(date).timestamp,
            credentialScope(date: date),
            try SHA256.hexDigest(canonicalRequest.utf8),
        ].joined(separator: "\n")
    }

    // MARK: - Step 3: signature

    /// The lower-case hex RSASSA-PKCS1-v1_5 SHA-256 signature of `stringToSign`.
    public func signature(stringToSign: String) throws -> String {
        Hex.encode(try privateKey.signature(for: stringToSign.utf8))
    }

    // MARK: - Whole URLs

    /// Signs `request` for `expiresIn` seconds (1...604800) from `date`, addressed with `style`.
    public func signedURL(
        for request: GCSSignedURLRequest,
        style: GCSURLStyle = .path,
        date: Date,
        expiresIn: Int
    ) throws -> GCSSignedURL {
        guard (1...Self.maximumExpiry).contains(expiresIn) else {
            throw GCSSigningError.invalidExpiry(expiresIn)
        }
        guard !request.bucket.isEmpty else { throw GCSSigningError.invalidRequest("empty bucket name") }
        let location = try location(bucket: request.bucket, object: request.object, style: style)
        let extraHeaders = try headers(for: request)
        let signedHeaders = [GCSSignedURLRequest.Field("host", location.hostHeader)] + extraHeaders
        let payload = extraHeaders.last { $0.name.lowercased() == "x-goog-content-sha256" }?.value
            .trimmingCharacters(in: .whitespaces) ?? Self.unsignedPayload

        let signedHeaderNames = Self.canonicalHeaders(signedHeaders).signedHeaders
        let timestamp = AWSSigningDate(date).timestamp
        var query: [GCSSignedURLRequest.Field] = [
            .init("X-Goog-Algorithm", Self.algorithm),
            .init("X-Goog-Credential", "\(clientEmail)/\(credentialScope(date: date))"),
            .init("X-Goog-Date", timestamp),
            .init("X-Goog-Expires", String(expiresIn)),
            .init("X-Goog-SignedHeaders", signedHeaderNames),
        ]
        query += request.queryParameters
        if let generation = request.generation {
            query.append(.init("generation", String(generation)))
        }
        if let disposition = request.responseContentDisposition {
            query.append(.init("response-content-disposition", disposition))
        }
        if let type = request.responseContentType {
            query.append(.init("response-content-type", type))
        }

        let method = request.method.httpMethod
        let canonical = canonicalRequest(
            method: method, path: location.path, query: query, headers: signedHeaders, payload: payload
        )
        let stringToSign = try stringToSign(canonicalRequest: canonical.text, date: date)
        let signature = try signature(stringToSign: stringToSign)
        let canonicalQuery = Self.canonicalQueryString(query)
        return GCSSignedURL(
            method: method,
            url: "\(location.scheme)://\(location.authority)\(location.path)?\(canonicalQuery)&X-Goog-Signature=\(signature)",
            headers: extraHeaders,
            canonicalRequest: canonical.text,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    /// The signed headers the request adds besides `host`, in the order the client should send them.
    private func headers(for request: GCSSignedURLRequest) throws -> [GCSSignedURLRequest.Field] {
        var headers = request.headers.filter { $0.name.lowercased() != "host" }
        for header in headers {
            guard !header.name.isEmpty, !header.name.contains(where: { $0 == ":" || $0.isWhitespace }) else {
                throw GCSSigningError.invalidRequest("header name \"\(header.name)\" is not a valid HTTP field name")
            }
        }
        if request.method == .resumableUpload {
            headers.removeAll { $0.name.lowercased() == "x-goog-resumable" }
            headers.append(.init("x-goog-resumable", "start"))
        }
        if let contentType = request.contentType {
            headers.append(.init("Content-Type", contentType))
        }
        if let contentMD5 = request.contentMD5 {
            headers.append(.init("Content-MD5", contentMD5))
        }
        if let key = request.customerEncryptionKey {
            guard key.byteCount == 32 else {
                throw GCSSigningError.invalidRequest("a customer-supplied encryption key must be 32 bytes, got \(key.byteCount)")
            }
            let (encoded, digest) = key.withRevealedBytes { bytes in
                (Base64.encode(bytes), Base64.encode(SHA256.hash(bytes)))
            }
            headers.append(.init("x-goog-encryption-algorithm", "AES256"))
            headers.append(.init("x-goog-encryption-key", encoded))
            headers.append(.init("x-goog-encryption-key-sha256", digest))
        }
        return headers
    }

    /// Scheme, URL authority, signed host and encoded path for the addressing style.
    private func location(
        bucket: String,
        object: String?,
        style: GCSURLStyle
    ) throws -> (scheme: String, authority: String, hostHeader: String, path: String) {
        let objectPath = "/" + (object.map { AWSURIEncoding.encode($0, keeping: .slash) } ?? "")
        switch style {
        case .path:
            let bucketPath = "/" + AWSURIEncoding.encode(bucket)
            let path = object == nil ? bucketPath : bucketPath + objectPath
            return (endpoint.scheme, endpoint.urlAuthority, endpoint.hostHeader, path)
        case .virtualHosted:
            return (endpoint.scheme, "\(bucket).\(endpoint.urlAuthority)", "\(bucket).\(endpoint.hostHeader)", objectPath)
        case .bucketBoundHostname(let hostname, let scheme):
            let bound = try GCSEndpoint(url: "\(scheme)://\(hostname)")
            return (bound.scheme, bound.urlAuthority, bound.hostHeader, objectPath)
        }
    }
}

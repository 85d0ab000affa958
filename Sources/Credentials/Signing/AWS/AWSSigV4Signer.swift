import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one set of credentials, region and service.
///
/// The stages are separate functions named after the steps of AWS's "Create a signed AWS API
/// request" guide, so each can be checked against the published test suites:
///
/// 1. ``canonicalRequest(for:payloadHash:)``
/// 2. ``stringToSign(canonicalRequest:date:)`` (hashes the canonical request, adds the
///    ``credentialScope(date:)``)
/// 3. ``signingKey(date:)`` (derived with ``deriveSigningKey(secretAccessKey:dateStamp:region:service:)``
///    and cached per secret, date, region and service)
/// 4. ``signature(stringToSign:signingKey:)``
/// 5. ``authorizationHeader(signedHeaders:signature:date:)``, or the query parameters of a presigned URL.
///
/// ``signHeaders(_:payload:date:addContentSHA256Header:)`` and ``presign(_:payload:date:expiresIn:)``
/// run all steps. The date is always a parameter, so results are reproducible.
public struct AWSSigV4Signer: Sendable {
    /// The algorithm name in the string to sign, the `Authorization` header and `X-Amz-Algorithm`.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The longest presigned-URL lifetime AWS accepts: 7 days.
    public static let maximumPresignExpiry = 604_800

    /// How the request path becomes the canonical URI.
    public enum PathCanonicalization: Sendable {
        /// Every service except S3: remove `.`/`..` segments, merge repeated `/`, then percent-encode
        /// the (already encoded) path again, so `%20` on the wire becomes `%2520`.
        case normalizedAndEncoded
        /// S3: the path exactly as sent, no normalisation and no second encoding. Bytes that cannot
        /// appear in a URL path (space, non-ASCII, …) are percent-encoded; `%` escapes are kept.
        case asSent
    }

    /// Where the session token of temporary credentials goes.
    public enum SessionTokenPlacement: Sendable {
        /// `X-Amz-Security-Token` is part of the signed request (most services, S3 presigning).
        case signed
        /// `X-Amz-Security-Token` is added after the signature is computed (some older services).
        case addedAfterSigning
    }

    /// The signing credentials.
    public let credentials: AWSCredentials
    /// The region of the credential scope, e.g. `us-east-1`.
    public let region: String
    /// The service of the credential scope, e.g. `s3` or `sagemaker`.
    public let service: String
    /// Path handling; S3 needs ``PathCanonicalization/asSent``.
    public var pathCanonicalization: PathCanonicalization
    /// Session-token handling.
    public var sessionTokenPlacement: SessionTokenPlacement
    private let keyCache: AWSSigningKeyCache

    /// Creates a signer.
    ///
    /// - Parameter pathCanonicalization: defaults to ``PathCanonicalization/asSent`` for the `s3`
    ///   service and ``PathCanonicalization/normalizedAndEncoded`` for every other.
    public init(
        credentials: AWSCredentials,
        region: String,
        service: String,
        pathCanonicalization: PathCanonicalization? = nil,
        sessionTokenPlacement: SessionTokenPlacement = .signed,
        keyCache: AWSSigningKeyCache = .shared
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.pathCanonicalization = pathCanonicalization ?? (service == "s3" ? .asSent : .normalizedAndEncoded)
        self.sessionTokenPlacement = sessionTokenPlacement
        self.keyCache = keyCache
    }

    // MARK: - Step 1: canonical request

    /// Builds the canonical request for `request`, signing every header it carries.
    ///
    /// Header names are lower-cased and sorted; values are trimmed and inner whitespace runs folded
    /// to one space; repeated headers are joined with `,` in their original order. Query names and
    /// values are percent-encoded (only `A-Z a-z 0-9 - _ . ~` kept) and sorted by name, then value.
    public func canonicalRequest(for request: AWSSigV4Request, payloadHash: String) -> AWSCanonicalRequest {
        var grouped: [String: [String]] = [:]
        for header in request.headers {
            let value = header.value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            grouped[header.name.lowercased(), default: []].append(value)
        }
        let names = grouped.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonicalHeaders = names.map { name in
            "\(name):\(grouped[name, default: []].joined(separator: ","))\n"
        }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [
            request.method.uppercased(),
            canonicalURI(for: request.path),
            Self.canonicalQueryString(request.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return AWSCanonicalRequest(text: text, signedHeaders: signedHeaders)
    }

    /// The canonical URI of a wire path, following ``pathCanonicalization``.
    public func canonicalURI(for path: String) -> String {
        let path = path.isEmpty ? "/" : path
        switch pathCanonicalization {
        case .normalizedAndEncoded:
            return AWSURIEncoding.encodePathKeepingSlashes(AWSURIEncoding.normalizedPath(path))
        case .asSent:
            return AWSURIEncoding.encode(path) { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "%") }
        }
    }

    /// The canonical query string: encoded `name=value` pairs sorted by encoded name, then value.
    public static func canonicalQueryString(_ query: [AWSSigV4Request.Field]) -> String {
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

    // MARK: - Steps 2 and 3: hash of the canonical request, string to sign

    /// `<date>/<region>/<service>/aws4_request`.
    public func credentialScope(date: Date) -> String {
        "\(AWSSigningDate(date).dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// The string to sign: algorithm, timestamp, credential scope and the hex SHA-256 of the
    /// canonical request, one per line.
    public func stringToSign(canonicalRequest: String, date: Date) throws -> String {
        [
            Self.algorithm,
            AWSSigningDate(date).timestamp,
            credentialScope(date: date),
            try SHA256.hexDigest(canonicalRequest.utf8),
        ].joined(separator: "\n")
    }

    // MARK: - Step 4: signing key and signature

    /// Derives the signing key: HMAC chain over `"AWS4" + secret`, date, region, service, `aws4_request`.
    public static func deriveSigningKey(
        secretAccessKey: Secret,
        dateStamp: String,
        region: String,
        service: String
    ) throws -> Secret {
        var key = secretAccessKey.withRevealedBytes { Array("AWS4".utf8) + $0 }
        defer { wipe(&key) }
        for part in [dateStamp, region, service, "aws4_request"] {
            var next = try HMACSHA256.authenticationCode(for: part.utf8, key: key)
            swap(&key, &next)
            wipe(&next)
        }
        return Secret(bytes: key)
    }

    /// The signing key for `date`, from the cache when it was derived before.
    public func signingKey(date: Date) throws -> Secret {
        let dateStamp = AWSSigningDate(date).dateStamp
        return try keyCache.signingKey(
            secret: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service
        ) {
            try Self.deriveSigningKey(
                secretAccessKey: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service
            )
        }
    }

    /// The lower-case hex HMAC-SHA256 of `stringToSign` under `signingKey`.
    public func signature(stringToSign: String, signingKey: Secret) throws -> String {
        try signingKey.withRevealedBytes { key in
            Hex.encode(try HMACSHA256.authenticationCode(for: stringToSign.utf8, key: key))
        }
    }

    // MARK: - Step 5: adding the signature

    /// The `Authorization` header value.
    public func authorizationHeader(signedHeaders: String, signature: String, date: Date) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(date: date)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    // MARK: - Whole requests

    /// Signs `request` with an `Authorization` header.
    ///
    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (for temporary credentials, signed or not per
    /// ``sessionTokenPlacement``) and, when `addContentSHA256Header` is set (S3 and some services
    /// require it), `x-amz-content-sha256`. Any of these, and `Authorization`, already in `request`
    /// are replaced. Every other header in `request` is signed, so leave out headers that a proxy
    /// may change (e.g. `User-Agent`).
    public func signHeaders(
        _ request: AWSSigV4Request,
        payload: AWSPayload,
        date: Date,
        addContentSHA256Header: Bool = false
    ) throws -> AWSSignedRequest {
        try requireHost(request)
        let payloadHash = try payload.hash()
        var signed = request
        let managed: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]
        signed.headers.removeAll { managed.contains($0.name.lowercased()) }
        signed.headers.append(.init("X-Amz-Date", AWSSigningDate(date).timestamp))
        if addContentSHA256Header {
            signed.headers.append(.init("x-amz-content-sha256", payloadHash))
        }
        let token = credentials.sessionToken?.revealedString
        if let token, sessionTokenPlacement == .signed {
            signed.headers.append(.init("X-Amz-Security-Token", token))
        }
        let canonical = canonicalRequest(for: signed, payloadHash: payloadHash)
        let stringToSign = try stringToSign(canonicalRequest: canonical.text, date: date)
        let signature = try signature(stringToSign: stringToSign, signingKey: signingKey(date: date))
        if let token, sessionTokenPlacement == .addedAfterSigning {
            signed.headers.append(.init("X-Amz-Security-Token", token))
        }
        let authorization = authorizationHeader(signedHeaders: canonical.signedHeaders, signature: signature, date: date)
        signed.headers.append(.init("Authorization", authorization))
        return AWSSignedRequest(
            request: signed,
            canonicalRequest: canonical.text,
            stringToSign: stringToSign,
            signature: signature,
            authorization: authorization
        )
    }

    /// Presigns `request` with query parameters (a presigned URL).
    ///
    /// The result's query is the request's own parameters in their order, then `X-Amz-Algorithm`,
    /// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`,
    /// `X-Amz-Security-Token` (temporary credentials only) and `X-Amz-Signature`, the order botocore
    /// emits. Every header in `request` is signed and must be sent with the URL.
    ///
    /// - Parameter payload: S3 uses ``AWSPayload/unsigned``; other services hash the body.
    /// - Throws: ``AWSSigningError/invalidExpiry(_:)`` unless `1 <= expiresIn <= 604800`.
    public func presign(
        _ request: AWSSigV4Request,
        payload: AWSPayload = .unsigned,
        date: Date,
        expiresIn: Int
    ) throws -> AWSPresignedRequest {
        guard (1...Self.maximumPresignExpiry).contains(expiresIn) else {
            throw AWSSigningError.invalidExpiry(expiresIn)
        }
        try requireHost(request)
        let payloadHash = try payload.hash()
        let signedHeaderNames = Set(request.headers.map { $0.name.lowercased() })
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .joined(separator: ";")
        let token = credentials.sessionToken?.revealedString
        var authQuery: [AWSSigV4Request.Field] = [
            .init("X-Amz-Algorithm", Self.algorithm),
            .init("X-Amz-Credential", "\(credentials.accessKeyID)/\(credentialScope(date: date))"),
            .init("X-Amz-Date", AWSSigningDate(date).timestamp),
            .init("X-Amz-Expires", String(expiresIn)),
            .init("X-Amz-SignedHeaders", signedHeaderNames),
        ]
        if let token, sessionTokenPlacement == .signed {
            authQuery.append(.init("X-Amz-Security-Token", token))
        }
        var signed = request
        signed.query = request.query + authQuery
        let canonical = canonicalRequest(for: signed, payloadHash: payloadHash)
        let stringToSign = try stringToSign(canonicalRequest: canonical.text, date: date)
        let signature = try signature(stringToSign: stringToSign, signingKey: signingKey(date: date))
        if let token, sessionTokenPlacement == .addedAfterSigning {
            signed.query.append(.init("X-Amz-Security-Token", token))
        }
        signed.query.append(.init("X-Amz-Signature", signature))
        return AWSPresignedRequest(
            request: signed,
            canonicalRequest: canonical.text,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    private func requireHost(_ request: AWSSigV4Request) throws {
        guard request.headers.contains(where: { $0.name.lowercased() == "host" }) else {
            throw AWSSigningError.missingHostHeader
        }
    }
}

import Foundation
import Synchronization

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
    /// Per-signer memo of the secret's cache fingerprint and of the current day's scope and prepared key.
    private let state: AWSSigV4SignerState

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
        state = AWSSigV4SignerState(fingerprint: keyCache.fingerprint(of: credentials.secretAccessKey))
    }

    // MARK: - Step 1: canonical request

    /// Builds the canonical request for `request`, signing every header it carries.
    ///
    /// Header names are lower-cased and sorted; values are trimmed and inner whitespace runs folded
    /// to one space; repeated headers are joined with `,` in their original order. Query names and
    /// values are percent-encoded (only `A-Z a-z 0-9 - _ . ~` kept) and sorted by name, then value.
    public func canonicalRequest(for request: AWSSigV4Request, payloadHash: String) -> AWSCanonicalRequest {
        var writer = ByteWriter(capacity: 1024)
        guard let headers = AWSCanonicalHeaders(request.headers, in: &writer) else {
            return Self.referenceCanonicalRequest(for: request, payloadHash: payloadHash, canonicalURI: canonicalURI(for:))
        }
        let query = AWSCanonicalQuery(request.query, in: &writer)
        let (text, signedHeaders, _) = writeCanonicalRequest(
            method: request.method, canonicalURI: { appendCanonicalURI(for: request.path, to: &$0) },
            query: query, headers: headers, payloadHash: payloadHash, into: &writer
        )
        return AWSCanonicalRequest(text: writer.string(text), signedHeaders: writer.string(signedHeaders))
    }

    /// The original, `String`-based canonical request, kept for header names outside ASCII (whose
    /// grouping follows `String` equality, i.e. Unicode canonical equivalence).
    private static func referenceCanonicalRequest(
        for request: AWSSigV4Request,
        payloadHash: String,
        canonicalURI: (String) -> String
    ) -> AWSCanonicalRequest {
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
            canonicalURI(request.path),
            canonicalQueryString(request.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return AWSCanonicalRequest(text: text, signedHeaders: signedHeaders)
    }

    /// Writes the canonical request (step 1) to `writer`; returns the ranges of the whole text and
    /// of its signed-headers line.
    private func writeCanonicalRequest(
        method: String,
        canonicalURI writeCanonicalURI: (inout ByteWriter) -> Void,
        query: AWSCanonicalQuery,
        headers: AWSCanonicalHeaders,
        payloadHash: String,
        into writer: inout ByteWriter
    ) -> (text: Range<Int>, signedHeaders: Range<Int>, canonicalURI: Range<Int>) {
        let start = writer.count
        AWSCanonicalHeaders.appendUppercased(method, to: &writer)
        writer.append(UInt8(ascii: "\n"))
        let uriStart = writer.count
        writeCanonicalURI(&writer)
        let canonicalURI = uriStart..<writer.count
        writer.append(UInt8(ascii: "\n"))
        query.appendSorted(to: &writer)
        writer.append(UInt8(ascii: "\n"))
        headers.appendCanonicalHeaders(to: &writer)
        writer.append(UInt8(ascii: "\n"))
        let signedHeadersStart = writer.count
        headers.appendSignedHeaders(to: &writer)
        let signedHeaders = signedHeadersStart..<writer.count
        writer.append(UInt8(ascii: "\n"))
        writer.append(payloadHash)
        return (start..<writer.count, signedHeaders, canonicalURI)
    }

    /// The canonical URI of a wire path, following ``pathCanonicalization``.
    public func canonicalURI(for path: String) -> String {
        var writer = ByteWriter(capacity: path.utf8.count * 3 + 1)
        appendCanonicalURI(for: path, to: &writer)
        return writer.string(0..<writer.count)
    }

    private func appendCanonicalURI(for path: String, to writer: inout ByteWriter) {
        let path = path.isEmpty ? "/" : path
        switch pathCanonicalization {
        case .normalizedAndEncoded:
            AWSURIEncoding.appendEncoded(AWSURIEncoding.normalizedPath(path), keeping: .slash, to: &writer)
        case .asSent:
            AWSURIEncoding.appendEncoded(path, keeping: [.slash, .percent], to: &writer)
        }
    }

    /// The canonical query string: encoded `name=value` pairs sorted by encoded name, then value.
    public static func canonicalQueryString(_ query: [AWSSigV4Request.Field]) -> String {
        var writer = ByteWriter(capacity: 256)
        let canonical = AWSCanonicalQuery(query, in: &writer)
        let start = writer.count
        canonical.appendSorted(to: &writer)
        return writer.string(start..<writer.count)
    }

    // MARK: - Steps 2 and 3: hash of the canonical request, string to sign

    /// `<date>/<region>/<service>/aws4_request`.
    public func credentialScope(date: Date) -> String {
        var writer = ByteWriter(capacity: 64)
        appendCredentialScope(AWSSigningDate(date), to: &writer)
        return writer.string(0..<writer.count)
    }

    private func appendCredentialScope(_ date: AWSSigningDate, to writer: inout ByteWriter) {
        date.appendDateStamp(to: &writer)
        writer.append(UInt8(ascii: "/"))
        writer.append(region)
        writer.append(UInt8(ascii: "/"))
        writer.append(service)
        writer.append("/aws4_request" as StaticString)
    }

    /// The string to sign: algorithm, timestamp, credential scope and the hex SHA-256 of the
    /// canonical request, one per line.
    public func stringToSign(canonicalRequest: String, date: Date) throws -> String {
        var canonicalRequest = canonicalRequest
        var writer = ByteWriter(capacity: 160)
        canonicalRequest.withUTF8 { text in
            appendStringToSign(canonicalRequest: UnsafeRawBufferPointer(text), date: AWSSigningDate(date), to: &writer)
        }
        return writer.string(0..<writer.count)
    }

    private func appendStringToSign(canonicalRequest: UnsafeRawBufferPointer, date: AWSSigningDate, to writer: inout ByteWriter) {
        writer.append("AWS4-HMAC-SHA256\n" as StaticString)
        date.appendTimestamp(to: &writer)
        writer.append(UInt8(ascii: "\n"))
        appendCredentialScope(date, to: &writer)
        writer.append(UInt8(ascii: "\n"))
        Self.appendHexDigest(of: canonicalRequest, to: &writer)
    }

    /// Appends the lower-case hex SHA-256 of `bytes`.
    private static func appendHexDigest(of bytes: UnsafeRawBufferPointer, to writer: inout ByteWriter) {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { digest in
            guard let base = digest.baseAddress else { return }
            SHA256.hash(bytes, into: base.assumingMemoryBound(to: UInt8.self))
            writer.appendHex(UnsafeRawBufferPointer(digest))
        }
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
        try signingKey(dateStamp: AWSSigningDate(date).dateStamp)
    }

    private func signingKey(dateStamp: String) throws -> Secret {
        try keyCache.signingKey(
            fingerprint: state.fingerprint, dateStamp: dateStamp, region: region, service: service
        ) {
            try Self.deriveSigningKey(
                secretAccessKey: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service
            )
        }
    }

    /// The lower-case hex HMAC-SHA256 of `stringToSign` under `signingKey`.
    public func signature(stringToSign: String, signingKey: Secret) throws -> String {
        var stringToSign = stringToSign
        return stringToSign.withUTF8 { message in
            signingKey.withRevealedBytes { key in
                Hex.encode(HMACSHA256.authenticationCode(for: UnsafeRawBufferPointer(message), key: key))
            }
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
        let core = try presignCore(
            method: request.method, query: request.query, headers: request.headers,
            payload: payload, date: date, expiresIn: expiresIn,
            generatedHost: { _ in false },
            canonicalURI: { appendCanonicalURI(for: request.path, to: &$0) },
            urlPrefix: { _, _, _ in false }
        )
        guard let core else {
            return try referencePresign(request, payload: payload, date: date, expiresIn: expiresIn)
        }
        let token = credentials.sessionToken?.revealedString
        var authQuery: [AWSSigV4Request.Field] = [
            .init("X-Amz-Algorithm", Self.algorithm),
            .init("X-Amz-Credential", "\(credentials.accessKeyID)/\(credentialScope(date: date))"),
            .init("X-Amz-Date", AWSSigningDate(date).timestamp),
            .init("X-Amz-Expires", String(expiresIn)),
            .init("X-Amz-SignedHeaders", core.signedHeaders ?? ""),
        ]
        if let token, sessionTokenPlacement == .signed {
            authQuery.append(.init("X-Amz-Security-Token", token))
        }
        var signed = request
        signed.query = request.query + authQuery
        if let token, sessionTokenPlacement == .addedAfterSigning {
            signed.query.append(.init("X-Amz-Security-Token", token))
        }
        signed.query.append(.init("X-Amz-Signature", core.signature))
        return AWSPresignedRequest(
            request: signed,
            canonicalRequest: core.canonicalRequest,
            stringToSign: core.stringToSign,
            signature: core.signature
        )
    }

    /// What ``presignCore(method:query:headers:payload:date:expiresIn:generatedHost:canonicalURI:urlPrefix:)`` produces.
    struct PresignedParts {
        let canonicalRequest: String
        let stringToSign: String
        let signature: String
        /// The `SignedHeaders` list; only built when no URL is (the URL already carries it).
        let signedHeaders: String?
        /// The URL prefix followed by `?` and the encoded query, `X-Amz-Signature` last; `nil` when
        /// `urlPrefix` wrote nothing.
        let url: String?
    }

    /// Presigns in one byte buffer: canonical request, string to sign, signature and (when
    /// `urlPrefix` writes a prefix) the URL are written once each and turned into strings at the end.
    ///
    /// - Parameters:
    ///   - headers: the request's headers.
    ///   - generatedHost: writes a raw `Host` value signed before `headers` (as S3 presigning adds
    ///     it) and returns `true`, or writes nothing and returns `false`.
    ///   - canonicalURI: writes the canonical URI.
    ///   - urlPrefix: given the ranges of the raw host (if generated) and of the canonical URI,
    ///     writes the URL up to its query and returns `true`, or writes nothing and returns `false`.
    /// - Returns: `nil` when a header name is not ASCII; callers then use ``referencePresign(_:payload:date:expiresIn:)``.
    func presignCore(
        method: String,
        query requestQuery: [AWSSigV4Request.Field],
        headers requestHeaders: [AWSSigV4Request.Field],
        payload: AWSPayload,
        date: Date,
        expiresIn: Int,
        generatedHost: (inout ByteWriter) -> Bool,
        canonicalURI: (inout ByteWriter) -> Void,
        urlPrefix: (inout ByteWriter, _ host: Range<Int>?, _ canonicalURI: Range<Int>) -> Bool
    ) throws -> PresignedParts? {
        guard (1...Self.maximumPresignExpiry).contains(expiresIn) else {
            throw AWSSigningError.invalidExpiry(expiresIn)
        }
        var writer = ByteWriter(capacity: 2048)
        let hostStart = writer.count
        let host = generatedHost(&writer) ? hostStart..<writer.count : nil
        guard let headers = AWSCanonicalHeaders(requestHeaders, generatedHost: host, in: &writer) else {
            return nil
        }
        guard headers.containsHost(in: writer) else {
            throw AWSSigningError.missingHostHeader
        }
        let payloadHash = try payload.hash()
        let signingDate = AWSSigningDate(date)
        let day = try dayContext(for: signingDate)

        var query = AWSCanonicalQuery(requestQuery, in: &writer, reserving: 6)
        query.append(name: "X-Amz-Algorithm", in: &writer) { $0.append("AWS4-HMAC-SHA256" as StaticString) }
        query.append(name: "X-Amz-Credential", in: &writer) { writer in
            day.encodedCredential.withUnsafeBytes { writer.append($0) }
        }
        var timestamp = 0..<0
        query.append(name: "X-Amz-Date", in: &writer) { writer in
            // The day's date stamp starts the scope: only the time of day is formatted.
            let start = writer.count
            day.scope.withUnsafeBytes { writer.append(UnsafeRawBufferPointer(rebasing: $0[..<day.dateStampByteCount])) }
            signingDate.appendTimeOfDay(to: &writer)
            timestamp = start..<writer.count
        }
        query.append(name: "X-Amz-Expires", in: &writer) { $0.appendDecimal(expiresIn) }
        let signedHeadersStart = writer.count
        headers.appendSignedHeaders(to: &writer)
        let signedHeaders = signedHeadersStart..<writer.count
        query.append(name: "X-Amz-SignedHeaders", in: &writer) { writer in
            AWSURIEncoding.appendEncodedCopy(of: signedHeaders, to: &writer)
        }
        let token = credentials.sessionToken
        let tokenIsText = token.map { token in token.withRevealedBytes { Self.isValidUTF8($0) } } ?? false
        if let token, tokenIsText, sessionTokenPlacement == .signed {
            query.append(name: "X-Amz-Security-Token", in: &writer) { writer in
                token.withRevealedBytes { AWSURIEncoding.appendEncoded($0, to: &writer) }
            }
        }

        let (canonical, _, uri) = writeCanonicalRequest(
            method: method, canonicalURI: canonicalURI, query: query, headers: headers,
            payloadHash: payloadHash, into: &writer
        )
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { digest in
            guard let base = digest.baseAddress else { return }
            SHA256.hash(writer.bytes(canonical), into: base.assumingMemoryBound(to: UInt8.self))
        }
        let stringToSignStart = writer.count
        writer.append("AWS4-HMAC-SHA256\n" as StaticString)
        writer.appendCopy(of: timestamp)
        writer.append(UInt8(ascii: "\n"))
        day.scope.withUnsafeBytes { writer.append($0) }
        writer.append(UInt8(ascii: "\n"))
        withUnsafeBytes(of: digest) { writer.appendHex($0) }
        let stringToSign = stringToSignStart..<writer.count

        var tag: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tag) { tag in
            guard let base = tag.baseAddress else { return }
            day.mac.authenticationCode(for: writer.bytes(stringToSign), into: base.assumingMemoryBound(to: UInt8.self))
        }
        let signatureStart = writer.count
        withUnsafeBytes(of: tag) { writer.appendHex($0) }
        let signature = signatureStart..<writer.count

        var url: String?
        let urlStart = writer.count
        if urlPrefix(&writer, host, uri) {
            writer.append(UInt8(ascii: "?"))
            query.appendInOrder(to: &writer)
            if let token, tokenIsText, sessionTokenPlacement == .addedAfterSigning {
                writer.append("&X-Amz-Security-Token=" as StaticString)
                token.withRevealedBytes { AWSURIEncoding.appendEncoded($0, to: &writer) }
            }
            writer.append("&X-Amz-Signature=" as StaticString)
            writer.appendCopy(of: signature)
            url = writer.string(urlStart..<writer.count)
        }
        return PresignedParts(
            canonicalRequest: writer.string(canonical),
            stringToSign: writer.string(stringToSign),
            signature: writer.string(signature),
            signedHeaders: url == nil ? writer.string(signedHeaders) : nil,
            url: url
        )
    }

    /// Whether `bytes` are valid UTF-8 (what `String(validating:as:)` accepts), without building a `String`.
    private static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The scope, encoded credential and prepared signing key for `date`'s day, memoised per signer.
    ///
    /// The key cache is still consulted on every call (so its contents and count behave as
    /// before); the memo only saves re-preparing the HMAC key and re-formatting the scope while the
    /// cache keeps returning the same key.
    private func dayContext(for date: AWSSigningDate) throws -> AWSSigV4DayContext {
        let cached = state.currentDay
        let dateStamp = cached.flatMap { $0.days == date.days ? $0.dateStamp : nil } ?? date.dateStamp
        let key = try signingKey(dateStamp: dateStamp)
        if let cached, cached.days == date.days, cached.signingKey.hasSameStorage(as: key) {
            return cached
        }
        var writer = ByteWriter(capacity: 128)
        appendCredentialScope(date, to: &writer)
        let scope = Array(writer.bytes(0..<writer.count))
        var credential = ByteWriter(capacity: 256)
        AWSURIEncoding.appendEncoded(credentials.accessKeyID, to: &credential)
        credential.append("%2F" as StaticString)
        AWSURIEncoding.appendEncoded(writer.bytes(0..<writer.count), to: &credential)
        let context = AWSSigV4DayContext(
            days: date.days,
            dateStamp: dateStamp,
            scope: scope,
            encodedCredential: Array(credential.bytes(0..<credential.count)),
            signingKey: key
        )
        state.currentDay = context
        return context
    }

    /// The original, `String`-based presigning, kept for header names outside ASCII (see
    /// ``AWSCanonicalHeaders``); the result is the same as the fast path's wherever both apply.
    private func referencePresign(
        _ request: AWSSigV4Request,
        payload: AWSPayload,
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

/// Per-signer memo (shared by copies of a signer): the secret's key-cache fingerprint, computed
/// once, and the latest day's ``AWSSigV4DayContext``. Prints and dumps as nothing.
final class AWSSigV4SignerState: Sendable {
    let fingerprint: AWSSigningKeyCache.Fingerprint
    private let day = Mutex<AWSSigV4DayContext?>(nil)

    init(fingerprint: AWSSigningKeyCache.Fingerprint) {
        self.fingerprint = fingerprint
    }

    var currentDay: AWSSigV4DayContext? {
        get { day.withLock { $0 } }
        set { day.withLock { $0 = newValue } }
    }
}

extension AWSSigV4SignerState: CustomStringConvertible, CustomReflectable {
    var description: String { "AWSSigV4SignerState(\(Secret.placeholder))" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// One day's signing material: credential scope, encoded `X-Amz-Credential` value, and the
/// signing key with its HMAC state prepared. Immutable; prints and dumps as `<redacted>`.
final class AWSSigV4DayContext: Sendable {
    let days: Int64
    let dateStamp: String
    /// The length of ``dateStamp`` (8 except for years outside 0...9999).
    let dateStampByteCount: Int
    /// `YYYYMMDD/<region>/<service>/aws4_request`.
    let scope: [UInt8]
    /// `<access key id>/<scope>`, percent-encoded for the query.
    let encodedCredential: [UInt8]
    let signingKey: Secret
    let mac: HMACSHA256Key

    init(days: Int64, dateStamp: String, scope: [UInt8], encodedCredential: [UInt8], signingKey: Secret) {
        self.days = days
        self.dateStamp = dateStamp
        dateStampByteCount = dateStamp.utf8.count
        self.scope = scope
        self.encodedCredential = encodedCredential
        self.signingKey = signingKey
        mac = HMACSHA256Key(signingKey)
    }
}

extension AWSSigV4DayContext: CustomStringConvertible, CustomReflectable {
    var description: String { "AWSSigV4DayContext(\(Secret.placeholder))" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

import Foundation

/// Shared Key authorization (`Authorization: SharedKey <account>:<signature>`) for Blob service
/// REST requests, following "Authorize with Shared Key" for service version 2009-09-19 and later.
///
/// String to sign: the method, then the values of `Content-Encoding`, `Content-Language`,
/// `Content-Length` (empty when `0`), `Content-MD5`, `Content-Type`, `Date` (empty when `x-ms-date` is
/// present), `If-Modified-Since`, `If-Match`, `If-None-Match`, `If-Unmodified-Since` and `Range`, one
/// per line (empty when absent), then the canonicalized headers and the canonicalized resource:
///
/// - Canonicalized headers: every `x-ms-*` header, name lower-cased, value trimmed with line folding
///   and whitespace runs replaced by one space, as `name:value\n`, sorted in the service's order
///   (see ``AzureHeaderCollation``); repeated names are joined with `,`.
/// - Canonicalized resource: `/<account><encoded path>`, then for each query parameter, sorted by
///   lower-cased name, `\n<name>:<decoded values, sorted, joined with ,>`.
///
/// The signature is base64 of HMAC-SHA256 over the UTF-8 string to sign, keyed with the decoded
/// account key.
public struct AzureSharedKeySigner: Sendable {
    /// The account and its key.
    public let account: AzureStorageAccountKey

    /// Creates a signer.
    public init(account: AzureStorageAccountKey) {
        self.account = account
    }

    private static let standardHeaders = [
        "content-encoding", "content-language", "content-length", "content-md5", "content-type", "date",
        "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range",
    ]

    /// The string to sign for `request`.
    public func stringToSign(for request: AzureSharedKeyRequest) throws -> String {
        var values: [String: [String]] = [:]
        for header in request.headers {
            values[header.name.lowercased(), default: []].append(Self.canonicalValue(header.value))
        }
        let hasXMSDate = values["x-ms-date"] != nil
        let standard = Self.standardHeaders.map { name -> String in
            let value = values[name]?.joined(separator: ",") ?? ""
            switch name {
            case "content-length" where value == "0": return ""
            case "date" where hasXMSDate: return ""
            default: return value
            }
        }
        let canonicalHeaders = values.keys
            .filter { $0.hasPrefix("x-ms-") }
            .sorted(by: AzureHeaderCollation.precedes)
            .map { "\($0):\(values[$0, default: []].joined(separator: ","))\n" }
            .joined()
        return request.method.uppercased() + "\n" + standard.joined(separator: "\n") + "\n" + canonicalHeaders
            + (try canonicalizedResource(url: request.url))
    }

    /// `/<account><encoded path>` and the sorted, decoded query parameters.
    public func canonicalizedResource(url: String) throws -> String {
        guard let components = URLComponents(string: url), components.host != nil else {
            throw AzureSigningError.invalidRequest("\(url) is not an absolute URL")
        }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        var parameters: [String: [String]] = [:]
        for item in components.percentEncodedQueryItems ?? [] {
            let name = (item.name.removingPercentEncoding ?? item.name).lowercased()
            let value = item.value.map { $0.removingPercentEncoding ?? $0 } ?? ""
            parameters[name, default: []].append(value)
        }
        let query = parameters.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { name in
            let values = parameters[name, default: []].sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return "\n\(name):\(values.joined(separator: ","))"
        }.joined()
        return "/\(account.accountName)\(path)\(query)"
    }

    /// The `Authorization` header value, `SharedKey <account>:<base64 signature>`.
    public func authorization(for request: AzureSharedKeyRequest) throws -> String {
        "SharedKey \(account.accountName):\(try account.signature(stringToSign(for: request)))"
    }

    /// Trims the value and replaces line folding and runs of spaces and tabs with one space.
    private static func canonicalValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            .joined(separator: " ")
    }
}

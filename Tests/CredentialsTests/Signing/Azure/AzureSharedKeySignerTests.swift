import Credentials
import Foundation
import Testing

@Suite("Azure Shared Key string to sign")
struct AzureSharedKeySignerTests {
    /// A fixed all-zero 32-byte key: these tests check layout, not secrecy.
    static func signer() throws -> AzureSharedKeySigner {
        AzureSharedKeySigner(account: try AzureStorageAccountKey(accountName: "myaccount", key: Secret(bytes: [UInt8](repeating: 0, count: 32))))
    }

    @Test("layout: standard headers in order, x-ms headers in the service's order, resource with sorted decoded query")
    func layout() throws {
        let request = AzureSharedKeyRequest(
            method: "put",
            url: "https://myaccount.blob.core.windows.net/mycontainer/a%20b.txt?comp=Block&blockid=YWJj%3D&Timeout=30",
            headers: [
                .init("Content-Length", "0"),
                .init("x-ms-version", "2026-10-06"),
                .init("Date", "ignored because x-ms-date is present"),
                .init("x-ms-date", "Sun, 01 Mar 2026 12:00:00 GMT"),
                .init("x-ms-meta-ab", "3"),
                .init("X-MS-Meta-a_b", "  1  "),
                .init("x-ms-meta-a1", "two\r\n  lines"),
                .init("x-ms-meta-a-b", "4"),
                .init("Content-Type", "text/plain"),
                .init("Range", "bytes=0-99"),
                .init("User-Agent", "not signed"),
            ]
        )
        let expected = [
            "PUT", "", "", "", "", "text/plain", "", "", "", "", "", "bytes=0-99",
            "x-ms-date:Sun, 01 Mar 2026 12:00:00 GMT",
            "x-ms-meta-a_b:1",
            "x-ms-meta-a1:two lines",
            "x-ms-meta-ab:3",
            "x-ms-meta-a-b:4",
            "x-ms-version:2026-10-06",
            "/myaccount/mycontainer/a%20b.txt",
            "blockid:YWJj=",
            "comp:Block",
            "timeout:30",
        ].joined(separator: "\n")
        #expect(try Self.signer().stringToSign(for: request) == expected)
    }

    @Test("a repeated query parameter lists its values sorted; the root path is /")
    func repeatedQuery() throws {
        #expect(try Self.signer().canonicalizedResource(url: "https://myaccount.blob.core.windows.net/?restype=service&b=2&B=1&comp=properties")
            == "/myaccount/\nb:1,2\ncomp:properties\nrestype:service")
    }

    @Test("the authorization is SharedKey account:base64(HMAC-SHA256(string to sign))")
    func authorization() throws {
        let request = AzureSharedKeyRequest(
            method: "GET", url: "https://myaccount.blob.core.windows.net/c/b",
            headers: [.init("x-ms-date", "Sun, 01 Mar 2026 12:00:00 GMT"), .init("x-ms-version", "2026-10-06")]
        )
        let stringToSign = try Self.signer().stringToSign(for: request)
        let mac = try HMACSHA256.authenticationCode(for: stringToSign.utf8, key: [UInt8](repeating: 0, count: 32))
        #expect(try Self.signer().authorization(for: request) == "SharedKey myaccount:\(Base64.encode(mac))")
    }

    @Test("a relative URL is refused")
    func relativeURL() {
        #expect(throws: AzureSigningError.self) {
            try Self.signer().authorization(for: .init(method: "GET", url: "/c/b", headers: []))
        }
    }
}

/// A storage account name and its shared key (the base64-decoded account key bytes).
///
/// Describes, dumps and encodes itself without the key.
public struct AzureStorageAccountKey: Sendable, Equatable {
    /// The storage account name, e.g. `devstoreaccount1`.
    public let accountName: String
    /// The decoded account key.
    public let key: Secret

    /// Creates an account key from the decoded key bytes.
    public init(accountName: String, key: Secret) throws(AzureSigningError) {
        guard !accountName.isEmpty else { throw .invalidRequest("empty storage account name") }
        guard key.byteCount > 0 else { throw .invalidAccountKey }
        self.accountName = accountName
        self.key = key
    }

    /// Creates an account key from the base64 text the Azure portal shows.
    public init(accountName: String, base64Key: String) throws(AzureSigningError) {
        var bytes: [UInt8]
        do {
            bytes = try Base64.decode(base64Key)
        } catch {
            throw .invalidAccountKey
        }
        defer { wipe(&bytes) }
        try self.init(accountName: accountName, key: Secret(bytes: bytes))
    }

    /// Standard base64 of the HMAC-SHA256 of `stringToSign` under the key.
    func signature(_ stringToSign: String) throws -> String {
        try key.withRevealedBytes { key in
            Base64.encode(try HMACSHA256.authenticationCode(for: stringToSign.utf8, key: key))
        }
    }
}

extension AzureStorageAccountKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String { "AzureStorageAccountKey(account: \(accountName), key: \(Secret.placeholder))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accountName": accountName]) }

    private enum CodingKeys: String, CodingKey { case accountName, key }

    /// Encodes the account name and `<redacted>` for the key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accountName, forKey: .accountName)
        try container.encode(key, forKey: .key)
    }
}

/// A service SAS: the token, the URL it completes, and the string that was signed.
///
/// The description shows the URL without the token, so that logging the value never logs `sig`.
public struct AzureSASToken: Sendable, Equatable {
    /// The query string (no leading `?`), parameters in azure-storage-blob's order, `sig` last.
    public let token: String
    /// The blob or container URL with `?` and the token appended.
    public let url: String
    /// The string to sign.
    public let stringToSign: String
    /// The standard base64 signature (the decoded `sig` value).
    public let signature: String
}

extension AzureSASToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return "AzureSASToken(\(withoutQuery)?<sas>)"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// A credential that the vault can seal (encrypt at rest) and open again.
///
/// ``revealedPayload()`` is the only way a credential's secrets are written out in clear: it returns
/// a JSON document for the vault to encrypt with ``Fernet`` immediately. Nothing else (printing,
/// dumping, logging, `Encodable`) shows a secret. Grep for `revealedPayload` to find every place
/// where secrets leave their redacting types.
public protocol SealableCredential: Sendable {
    /// The kind recorded next to the sealed payload.
    static var kind: CredentialKind { get }
    /// The credential as a JSON document **with its secrets in clear**, for sealing only.
    func revealedPayload() throws -> [UInt8]
    /// Re-creates the credential from the output of ``revealedPayload()``.
    init(revealedPayload: [UInt8]) throws
}

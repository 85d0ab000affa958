import Foundation

/// One kubeconfig context, resolved into everything needed to talk to its API server: the server
/// URL, the CA to trust, how to authenticate, and the namespace.
///
/// File references in the kubeconfig (`certificate-authority`, `client-certificate`, `client-key`,
/// `tokenFile`) are read when the credential is created, so the credential is self-contained and
/// can be sealed. The token and the client private key are ``Secret``s; the value describes, dumps
/// and encodes itself without them.
public struct KubernetesCredential: SealableCredential, Equatable {
    public static let kind = CredentialKind.kubernetes
    /// The namespace used when the context names none.
    public static let defaultNamespace = "default"

    /// How requests to the API server authenticate.
    public enum Authentication: Sendable, Equatable {
        /// `Authorization: Bearer <token>`.
        case bearerToken(Secret)
        /// Mutual TLS with a client certificate chain (PEM) and its private key (PEM).
        case clientCertificate(certificatePEM: [UInt8], privateKeyPEM: Secret)
    }

    /// The context's name.
    public let contextName: String
    /// The API server URL, e.g. `https://10.0.0.1:6443`.
    public let server: String
    /// The PEM certificates to trust for the API server, or `nil` for the system's trust roots.
    public let certificateAuthorityPEM: [UInt8]?
    /// Whether the API server's certificate is not verified at all (`insecure-skip-tls-verify`).
    public let insecureSkipTLSVerify: Bool
    /// The authentication method.
    public let authentication: Authentication
    /// The namespace, `default` unless the context sets one.
    public let namespace: String

    /// Creates a credential from already resolved parts.
    public init(
        contextName: String,
        server: String,
        certificateAuthorityPEM: [UInt8]?,
        insecureSkipTLSVerify: Bool,
        authentication: Authentication,
        namespace: String? = nil
    ) throws {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
              url.host?.isEmpty == false
        else {
            throw CredentialError(.invalidValue, "cluster server \(server) is not an http(s) URL")
        }
        self.contextName = contextName
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.authentication = authentication
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultNamespace
    }

    /// Parses kubeconfig YAML and resolves one context.
    ///
    /// - Parameters:
    ///   - yaml: the kubeconfig text.
    ///   - context: the context to use; `nil` for `current-context`.
    ///   - directory: the folder relative file paths in the kubeconfig are resolved against (the
    ///     kubeconfig's own folder); `nil` leaves them relative to the working directory.
    ///   - homeDirectory: what a leading `~/` in a file path stands for.
    /// - Throws: ``CredentialError`` with a `kubeconfig.*` code, or `credential.file_unreadable`.
    public init(kubeconfigYAML yaml: String, context: String? = nil, directory: String? = nil, homeDirectory: String? = nil) throws {
        self = try KubeconfigResolver(yaml: yaml, directory: directory, homeDirectory: homeDirectory).credential(context: context)
    }

    /// Reads a kubeconfig file and resolves one context; relative paths in it are resolved
    /// against the file's folder.
    public init(kubeconfigFile path: String, context: String? = nil, homeDirectory: String? = nil) throws {
        let bytes = try CredentialFiles.read(path, what: "kubeconfig")
        try self.init(
            kubeconfigYAML: String(decoding: bytes, as: UTF8.self),
            context: context,
            directory: (path as NSString).deletingLastPathComponent,
            homeDirectory: homeDirectory
        )
    }

    private struct Payload: Codable {
        var context: String
        var server: String
        var certificate_authority_data: String?
        var insecure_skip_tls_verify: Bool
        var token: String?
        var client_certificate_data: String?
        var client_key_data: String?
        var namespace: String
    }

    /// JSON with the context, server, CA, TLS flag, namespace and **the token or client key in
    /// clear** (base64 for PEM data): for the vault to seal, nothing else.
    public func revealedPayload() throws -> [UInt8] {
        var payload = Payload(
            context: contextName,
            server: server,
            certificate_authority_data: certificateAuthorityPEM.map { Base64.encode($0) },
            insecure_skip_tls_verify: insecureSkipTLSVerify,
            namespace: namespace
        )
        switch authentication {
        case .bearerToken(let token):
            guard let text = token.revealedString else {
                throw CredentialError(.invalidValue, "the bearer token is not UTF-8")
            }
            payload.token = text
        case .clientCertificate(let certificate, let key):
            payload.client_certificate_data = Base64.encode(certificate)
            payload.client_key_data = key.withRevealedBytes { Base64.encode($0) }
        }
        return try RevealedPayloadCoding.encode(payload)
    }

    public init(revealedPayload: [UInt8]) throws {
        let payload = try RevealedPayloadCoding.decode(Payload.self, from: revealedPayload, kind: Self.kind)
        func decode(_ text: String, _ field: String) throws -> [UInt8] {
            do { return try Base64.decode(text) } catch {
                throw CredentialError(.invalidPayload, "\(field) in the sealed kubernetes payload is not base64")
            }
        }
        let authentication: Authentication
        if let token = payload.token {
            authentication = .bearerToken(Secret(token))
        } else if let certificate = payload.client_certificate_data, let key = payload.client_key_data {
            authentication = .clientCertificate(
                certificatePEM: try decode(certificate, "client_certificate_data"),
                privateKeyPEM: Secret(bytes: try decode(key, "client_key_data"))
            )
        } else {
            throw CredentialError(.invalidPayload, "the sealed kubernetes payload has neither a token nor a client certificate and key")
        }
        try self.init(
            contextName: payload.context,
            server: payload.server,
            certificateAuthorityPEM: try payload.certificate_authority_data.map { try decode($0, "certificate_authority_data") },
            insecureSkipTLSVerify: payload.insecure_skip_tls_verify,
            authentication: authentication,
            namespace: payload.namespace
        )
    }
}

extension KubernetesCredential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    private var authenticationName: String {
        switch authentication {
        case .bearerToken: "bearerToken(\(Secret.placeholder))"
        case .clientCertificate: "clientCertificate(privateKey: \(Secret.placeholder))"
        }
    }

    public var description: String {
        "KubernetesCredential(context: \(contextName), server: \(server), namespace: \(namespace), "
            + "authentication: \(authenticationName))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "contextName": contextName, "server": server, "namespace": namespace,
            "insecureSkipTLSVerify": insecureSkipTLSVerify, "authentication": authenticationName,
        ])
    }

    private enum CodingKeys: String, CodingKey {
        case contextName, server, namespace, insecureSkipTLSVerify, hasCertificateAuthority, authentication
    }

    /// Encodes the non-secret settings and the authentication method's name only.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(contextName, forKey: .contextName)
        try container.encode(server, forKey: .server)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(insecureSkipTLSVerify, forKey: .insecureSkipTLSVerify)
        try container.encode(certificateAuthorityPEM != nil, forKey: .hasCertificateAuthority)
        try container.encode(authenticationName, forKey: .authentication)
    }
}

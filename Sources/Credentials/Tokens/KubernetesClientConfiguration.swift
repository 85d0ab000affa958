import NIOSSL

/// What a client needs to call a Kubernetes API server for one ``KubernetesCredential``: the
/// server URL, the TLS configuration and, for token authentication, the `Authorization` header.
///
/// TLS: the kubeconfig's CA certificates are the only trust roots when given (else the system's);
/// a client certificate and key are presented for certificate authentication; certificate
/// verification is switched off only when the kubeconfig says `insecure-skip-tls-verify: true`.
public struct KubernetesClientConfiguration: Sendable {
    /// The API server URL.
    public let server: String
    /// The namespace to work in.
    public let namespace: String
    /// The TLS configuration for an `HTTPClient` talking to the API server.
    public let tlsConfiguration: TLSConfiguration
    /// `Bearer <token>` for token authentication, `nil` for client-certificate authentication.
    public let authorizationHeader: Secret?

    /// Builds the configuration.
    ///
    /// - Throws: ``CredentialError`` `credential.invalid_value` when the CA, certificate or key is
    ///   not PEM that BoringSSL accepts.
    public init(credential: KubernetesCredential) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = credential.certificateAuthorityPEM {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMBytes(ca)
            } catch {
                throw CredentialError(.invalidValue, "the certificate authority of context \"\(credential.contextName)\" is not PEM certificates")
            }
            guard !roots.isEmpty else {
                throw CredentialError(.invalidValue, "the certificate authority of context \"\(credential.contextName)\" holds no certificate")
            }
            tls.trustRoots = .certificates(roots)
        }
        if credential.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        }
        switch credential.authentication {
        case .bearerToken(let token):
            authorizationHeader = token.withRevealedBytes { Secret(bytes: Array("Bearer ".utf8) + $0) }
        case .clientCertificate(let certificatePEM, let keyPEM):
            authorizationHeader = nil
            do {
                let chain = try NIOSSLCertificate.fromPEMBytes(certificatePEM)
                guard !chain.isEmpty else { throw CredentialError(.invalidValue, "empty certificate chain") }
                tls.certificateChain = chain.map { .certificate($0) }
                tls.privateKey = .privateKey(try keyPEM.withRevealedBytes {
                    try NIOSSLPrivateKey(bytes: Array($0), format: .pem)
                })
            } catch {
                throw CredentialError(
                    .invalidValue,
                    "the client certificate or key of context \"\(credential.contextName)\" is not PEM that can be loaded"
                )
            }
        }
        server = credential.server
        namespace = credential.namespace
        tlsConfiguration = tls
    }
}

extension KubernetesClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "KubernetesClientConfiguration(server: \(server), namespace: \(namespace), "
            + "authorization: \(authorizationHeader == nil ? "client certificate" : Secret.placeholder))"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["server": server, "namespace": namespace]) }
}

import AsyncHTTPClient
import Credentials
import Foundation
import NIOSSL
import Testing

@Suite(
    "Kubernetes TLS from a kubeconfig",
    .enabled(if: TestCertificates.openssl != nil, "needs the openssl command to make test certificates")
)
struct KubernetesTLSTests {
    static func kubeconfig(server: String, certificates: TestCertificates, user: String) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: test
          cluster:
            server: \(server)
            certificate-authority-data: \(Base64.encode(Array(certificates.caPEM.utf8)))
        contexts:
        - name: test
          context: {cluster: test, user: test, namespace: training}
        users:
        - name: test
          user:
        \(user)
        """
    }

    static func clientCertificateUser(_ certificates: TestCertificates) -> String {
        "    client-certificate-data: \(Base64.encode(Array(certificates.clientCertificatePEM.utf8)))\n"
            + "    client-key-data: \(Base64.encode(Array(certificates.clientKeyPEM.utf8)))"
    }

    /// An API server that requires a client certificate issued by the test CA.
    static func startMutualTLSServer(_ certificates: TestCertificates) async throws -> TestHTTPServer {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem))
        )
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificates.caPEM.utf8)))
        tls.certificateVerification = .noHostnameVerification
        return try await TestHTTPServer.start(tls: tls) { _ in .ok(#"{"kind":"APIVersions","versions":["v1"]}"#) }
    }

    static func get(_ url: String, tls: TLSConfiguration, timeout: Int64 = 10) async throws -> Int {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tls
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let request = HTTPClientRequest(url: url)
        do {
            let response = try await client.execute(request, timeout: .seconds(timeout))
            _ = try await response.body.collect(upTo: 1 << 16)
            try await client.shutdown()
            return Int(response.status.code)
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    @Test("client certificate + CA from the kubeconfig complete mutual TLS; without them the handshake fails")
    func mutualTLS() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try TestCertificates.make(in: directory)
        let server = try await Self.startMutualTLSServer(certificates)
        do {
            let credential = try KubernetesCredential(kubeconfigYAML: Self.kubeconfig(
                server: server.baseURL(scheme: "https"), certificates: certificates, user: Self.clientCertificateUser(certificates)
            ))
            let configuration = try KubernetesClientConfiguration(credential: credential)
            #expect(configuration.authorizationHeader == nil)
            #expect(configuration.namespace == "training")
            #expect(configuration.tlsConfiguration.certificateVerification == .fullVerification)
            #expect(configuration.tlsConfiguration.certificateChain.count == 1)
            #expect(try await Self.get("\(server.baseURL(scheme: "https"))/api", tls: configuration.tlsConfiguration) == 200)

            // The same CA but no client certificate: the server refuses the handshake.
            var withoutClientCertificate = configuration.tlsConfiguration
            withoutClientCertificate.certificateChain = []
            withoutClientCertificate.privateKey = nil
            await #expect(throws: (any Error).self) {
                try await Self.get("\(server.baseURL(scheme: "https"))/api", tls: withoutClientCertificate, timeout: 2)
            }
            // The client certificate but the system trust roots: the server's certificate is not trusted.
            var systemRoots = configuration.tlsConfiguration
            systemRoots.trustRoots = .default
            await #expect(throws: (any Error).self) {
                try await Self.get("\(server.baseURL(scheme: "https"))/api", tls: systemRoots, timeout: 2)
            }
            #expect(server.requests.count == 1)
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    @Test("a bearer token becomes the Authorization header; insecure-skip-tls-verify turns verification off")
    func bearerTokenAndInsecure() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try TestCertificates.make(in: directory)
        let tokenConfig = try KubernetesClientConfiguration(credential: KubernetesCredential(kubeconfigYAML: Self.kubeconfig(
            server: "https://10.0.0.1:6443", certificates: certificates, user: "    token: sa-token-value"
        )))
        #expect(tokenConfig.authorizationHeader?.revealedString == "Bearer sa-token-value")
        #expect(tokenConfig.tlsConfiguration.privateKey == nil)
        #expect(tokenConfig.tlsConfiguration.certificateVerification == .fullVerification)

        let insecure = try KubernetesClientConfiguration(credential: KubernetesCredential(kubeconfigYAML: """
            current-context: c
            clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443", insecure-skip-tls-verify: true}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            users: [{name: u, user: {token: t}}]
            """))
        #expect(insecure.tlsConfiguration.certificateVerification == .none)
        #expect(insecure.tlsConfiguration.trustRoots == .default)
    }

    @Test("a CA that is not PEM is a clear error")
    func badCertificateAuthority() throws {
        let credential = try KubernetesCredential(
            contextName: "c", server: "https://h", certificateAuthorityPEM: Array("garbage".utf8),
            insecureSkipTLSVerify: false, authentication: .bearerToken(Secret("t"))
        )
        let error = #expect(throws: CredentialError.self) { try KubernetesClientConfiguration(credential: credential) }
        #expect(error?.code == .invalidValue)
    }
}

import Credentials
import Foundation
import Testing

@Suite("Kubeconfig parsing and errors")
struct KubeconfigTests {
    static let caData = Base64.encode(Array("-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n".utf8))

    static func kubeconfig(
        currentContext: String? = "dev",
        contextCluster: String = "dev-cluster",
        contextUser: String = "dev-user",
        namespace: String? = "ml-jobs",
        user: String = "    token: kube-token-123",
        cluster: String = "    server: https://10.0.0.1:6443\n    certificate-authority-data: \(caData)"
    ) -> String {
        """
        apiVersion: v1
        kind: Config
        \(currentContext.map { "current-context: \($0)" } ?? "")
        clusters:
        - name: dev-cluster
          cluster:
        \(cluster)
        - name: prod-cluster
          cluster:
            server: https://prod.example.com
            insecure-skip-tls-verify: true
        contexts:
        - name: dev
          context:
            cluster: \(contextCluster)
            user: \(contextUser)
        \(namespace.map { "    namespace: \($0)" } ?? "")
        - name: prod
          context:
            cluster: prod-cluster
            user: prod-user
        users:
        - name: dev-user
          user:
        \(user)
        - name: prod-user
          user:
            token: prod-token
        """
    }

    @Test("current-context resolves server, CA, token and namespace")
    func currentContext() throws {
        let credential = try KubernetesCredential(kubeconfigYAML: Self.kubeconfig())
        #expect(credential.contextName == "dev")
        #expect(credential.server == "https://10.0.0.1:6443")
        #expect(credential.certificateAuthorityPEM == (try Base64.decode(Self.caData)))
        #expect(credential.insecureSkipTLSVerify == false)
        #expect(credential.authentication == .bearerToken(Secret("kube-token-123")))
        #expect(credential.namespace == "ml-jobs")
    }

    @Test("a named context wins over current-context; namespace defaults to default")
    func namedContext() throws {
        let credential = try KubernetesCredential(kubeconfigYAML: Self.kubeconfig(), context: "prod")
        #expect(credential.contextName == "prod")
        #expect(credential.server == "https://prod.example.com")
        #expect(credential.insecureSkipTLSVerify)
        #expect(credential.certificateAuthorityPEM == nil)
        #expect(credential.namespace == "default")
        #expect(credential.authentication == .bearerToken(Secret("prod-token")))
    }

    @Test("client certificate and key data are decoded; base64 may be wrapped over lines")
    func clientCertificateData() throws {
        let certificate = Base64.encode(Array("CERT PEM".utf8)), key = Base64.encode(Array("KEY PEM".utf8))
        let credential = try KubernetesCredential(kubeconfigYAML: Self.kubeconfig(
            user: "    client-certificate-data: \(certificate)\n    client-key-data: \(key.prefix(4)) \(key.dropFirst(4))"
        ))
        #expect(credential.authentication == .clientCertificate(
            certificatePEM: Array("CERT PEM".utf8), privateKeyPEM: Secret("KEY PEM")
        ))
    }

    @Test("file references are read relative to the kubeconfig's folder")
    func fileReferences() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("certs/ca.pem", "CA PEM")
        try directory.write("certs/client.pem", "CLIENT PEM")
        try directory.write("certs/client.key", "CLIENT KEY")
        try directory.write("token", "file-token\n")
        let withCertificates = try directory.write("config", Self.kubeconfig(
            user: "    client-certificate: certs/client.pem\n    client-key: certs/client.key",
            cluster: "    server: https://10.0.0.1:6443\n    certificate-authority: certs/ca.pem"
        ))
        let credential = try KubernetesCredential(kubeconfigFile: withCertificates)
        #expect(credential.certificateAuthorityPEM == Array("CA PEM".utf8))
        #expect(credential.authentication == .clientCertificate(certificatePEM: Array("CLIENT PEM".utf8), privateKeyPEM: Secret("CLIENT KEY")))
        let withTokenFile = try directory.write("config2", Self.kubeconfig(user: "    tokenFile: \(directory.path)/token"))
        #expect(try KubernetesCredential(kubeconfigFile: withTokenFile).authentication == .bearerToken(Secret("file-token")))
    }

    @Test(
        "broken kubeconfigs give stable error codes",
        arguments: [
            (kubeconfig(currentContext: nil), nil, CredentialError.Code.kubeconfigMissingContext),
            (kubeconfig(), "staging", .kubeconfigMissingContext),
            (kubeconfig(contextCluster: "gone"), nil, .kubeconfigMissingCluster),
            (kubeconfig(cluster: "    certificate-authority-data: \(caData)"), nil, .kubeconfigMissingCluster),
            (kubeconfig(contextUser: "nobody"), nil, .kubeconfigMissingUser),
            (kubeconfig(user: "    username: admin\n    password: hunter2"), nil, .kubeconfigNoAuthMethod),
            (kubeconfig(user: "    exec:\n      command: aws"), nil, .kubeconfigNoAuthMethod),
            (kubeconfig(user: "    client-certificate-data: \(caData)"), nil, .kubeconfigNoAuthMethod),
            (kubeconfig(user: "    client-certificate-data: not*base64\n    client-key-data: \(caData)"), nil, .kubeconfigInvalidBase64),
            (kubeconfig(cluster: "    server: https://h\n    certificate-authority-data: '%%%'"), nil, .kubeconfigInvalidBase64),
            ("clusters: [unterminated", nil, .kubeconfigInvalidYAML),
            ("clusters: 42", nil, .kubeconfigInvalidYAML),
        ] as [(String, String?, CredentialError.Code)]
    )
    func errors(yaml: String, context: String?, code: CredentialError.Code) {
        let error = #expect(throws: CredentialError.self) { try KubernetesCredential(kubeconfigYAML: yaml, context: context) }
        #expect(error?.code == code, "\(error.map(String.init(describing:)) ?? "no error")")
        #expect(error.map { !"\($0)".contains("hunter2") } ?? true)
    }

    @Test("error messages name what is missing")
    func messages() {
        let error = #expect(throws: CredentialError.self) {
            try KubernetesCredential(kubeconfigYAML: Self.kubeconfig(contextUser: "nobody"))
        }
        #expect(error?.description == #"kubeconfig.missing_user: context "dev" names user "nobody", which is not in users"#)
        let missingFile = #expect(throws: CredentialError.self) {
            try KubernetesCredential(kubeconfigFile: "/nonexistent/kubeconfig")
        }
        #expect(missingFile?.code == .fileUnreadable)
    }
}

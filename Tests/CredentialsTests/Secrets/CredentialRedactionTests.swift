import Credentials
import Foundation
import Logging
import Synchronization
import Testing

/// A swift-log handler that keeps every rendered line (message and metadata) in memory.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var text: String { lines.withLock { $0.joined(separator: "\n") } }
    }

    let store: Store
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.lines.withLock { $0.append("\(event.level) \(event.message) \(rendered)") }
    }
}

@Suite("Redaction of credential kinds, tokens and assertions")
struct CredentialRedactionTests {
    struct Subject {
        let name: String
        let value: Any
        let json: String
        let secrets: [String]
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func subjects() throws -> [Subject] {
        let aws = try CredentialKindsTests.aws()
        let gcp = try CredentialKindsTests.gcp()
        let azure = try CredentialKindsTests.azure()
        let kubernetes = try CredentialKindsTests.kubernetes()
        let kubernetesToken = try KubernetesCredential(
            contextName: "t", server: "https://h", certificateAuthorityPEM: nil, insecureSkipTLSVerify: false,
            authentication: .bearerToken(Secret("k8s-sa-token-0123456789"))
        )
        let pemLines = try #require(gcp.privateKey.revealedString).split(separator: "\n")
            .filter { !$0.hasPrefix("-----") }.map(String.init)
        let token = AccessToken(
            value: Secret("ya29.a0AfH6SMBx-secret-token"), obtainedAt: Date(timeIntervalSince1970: 0),
            expiresAt: Date(timeIntervalSince1970: 3600)
        )
        let assertion = try GoogleJWTAssertion(
            serviceAccount: gcp, privateKey: gcp.rsaPrivateKey(), scopes: ["s"], now: Date(timeIntervalSince1970: 1_700_000_000)
        )
        let assertionText = try #require(assertion.compact.revealedString)
        let assertionSignature = try #require(assertionText.split(separator: ".").last.map(String.init))
        let storageKey = try AzureStorageAccountKey(accountName: "acct", base64Key: AzureSharedKeySDKTests.accountKey)
        let kubernetesConfiguration = try KubernetesClientConfiguration(credential: kubernetesToken)
        return [
            Subject(name: "AWSAccessKeyCredential", value: aws, json: try json(aws),
                    secrets: ["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLE=="]),
            Subject(name: "GCPServiceAccountKey", value: gcp, json: try json(gcp), secrets: pemLines),
            Subject(name: "AzureServicePrincipal", value: azure, json: try json(azure), secrets: ["az-secret~value"]),
            Subject(name: "KubernetesCredential (client certificate)", value: kubernetes, json: try json(kubernetes),
                    secrets: ["KEY", Base64.encode(Array("KEY".utf8))]),
            Subject(name: "KubernetesCredential (token)", value: kubernetesToken, json: try json(kubernetesToken),
                    secrets: ["k8s-sa-token-0123456789"]),
            Subject(name: "CloudCredential", value: CloudCredential.aws(aws), json: try json(CloudCredential.aws(aws)),
                    secrets: ["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLE=="]),
            Subject(name: "CloudCredential (gcp)", value: CloudCredential.gcp(gcp), json: try json(CloudCredential.gcp(gcp)),
                    secrets: pemLines),
            Subject(name: "AccessToken", value: token, json: try json(token), secrets: ["ya29.a0AfH6SMBx-secret-token"]),
            Subject(name: "GoogleJWTAssertion", value: assertion, json: try json(assertion),
                    secrets: [assertionText, assertionSignature]),
            Subject(name: "AzureStorageAccountKey", value: storageKey, json: try json(storageKey),
                    secrets: [AzureSharedKeySDKTests.accountKey]),
            Subject(name: "KubernetesClientConfiguration", value: kubernetesConfiguration, json: "",
                    secrets: ["k8s-sa-token-0123456789"]),
        ]
    }

    @Test("print, dump, String(describing:), interpolation, JSON and log metadata never show a secret")
    func noLeaks() throws {
        let store = CapturingLogHandler.Store()
        var logger = Logger(label: "redaction-test") { _ in CapturingLogHandler(store: store) }
        logger[metadataKey: "request"] = "r-1"
        for subject in try Self.subjects() {
            var forms = RedactionTests.renderings(of: subject.value)
            forms["JSON"] = subject.json
            logger.info("registered \(subject.name): \(String(describing: subject.value))", metadata: [
                "credential": "\(subject.value)",
                "dumped": .stringConvertible(String(reflecting: subject.value)),
                "nested": .dictionary(["value": "\(subject.value)"]),
            ])
            RedactionTests.expectNoLeak(forms, of: subject.secrets, in: subject.name)
            let logged = store.text
            #expect(logged.contains("registered \(subject.name)"), "the log handler saw the line")
            for secret in subject.secrets {
                #expect(!logged.contains(secret), "\(subject.name) leaks into the log: \(logged)")
            }
        }
    }

    @Test("descriptions still name the non-secret parts")
    func descriptionsAreUseful() throws {
        let aws = try CredentialKindsTests.aws()
        #expect("\(aws)" == "AWSAccessKeyCredential(accessKeyID: AKIDEXAMPLE, region: eu-west-1, "
            + "roleARN: arn:aws:iam::123456789012:role/trainer, secretAccessKey: <redacted>)")
        #expect(try Self.json(aws).contains(#""secretAccessKey":"<redacted>""#))
        let token = AccessToken(value: Secret("t"), obtainedAt: Date(timeIntervalSince1970: 0), expiresAt: Date(timeIntervalSince1970: 60))
        #expect("\(token)" == "AccessToken(<redacted>, expiresAt: 1970-01-01T00:01:00Z)")
        #expect(try Self.json(token).contains(#""value":"<redacted>""#))
        let kubernetes = try CredentialKindsTests.kubernetes()
        #expect("\(kubernetes)".contains("server: https://10.0.0.1:6443"))
        #expect(try Self.json(kubernetes).contains(#""authentication":"clientCertificate(privateKey: <redacted>)""#))
    }
}

import Credentials
import Foundation
import Testing

@Suite("Credential kinds: parsing, validation and the sealing round trip")
struct CredentialKindsTests {
    static func aws() throws -> AWSAccessKeyCredential {
        try AWSAccessKeyCredential(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            sessionToken: Secret("FwoGZXIvYXdzEXAMPLE=="), roleARN: "arn:aws:iam::123456789012:role/trainer", region: "eu-west-1"
        )
    }

    static func gcp() throws -> GCPServiceAccountKey { try GCSTestAccount.serviceAccount() }

    static func azure() throws -> AzureServicePrincipal {
        try AzureServicePrincipal(
            tenantID: "tenant", clientID: "client", clientSecret: Secret("az-secret~value"), subscriptionID: "sub"
        )
    }

    static func kubernetes() throws -> KubernetesCredential {
        try KubernetesCredential(
            contextName: "dev", server: "https://10.0.0.1:6443", certificateAuthorityPEM: Array("CA".utf8),
            insecureSkipTLSVerify: false,
            authentication: .clientCertificate(certificatePEM: Array("CERT".utf8), privateKeyPEM: Secret("KEY")),
            namespace: "ml"
        )
    }

    static func all() throws -> [CloudCredential] {
        [.aws(try aws()), .gcp(try gcp()), .azure(try azure()), .kubernetes(try kubernetes()),
         .kubernetes(try KubernetesCredential(contextName: "t", server: "https://h", certificateAuthorityPEM: nil,
                                              insecureSkipTLSVerify: true, authentication: .bearerToken(Secret("tok"))))]
    }

    @Test("every kind survives revealedPayload → open, and through Fernet sealing")
    func roundTrip() throws {
        let fernet = Fernet(key: try FernetKey.generate())
        for credential in try Self.all() {
            let payload = try credential.revealedPayload()
            #expect(try CloudCredential.open(kind: credential.kind, payload: payload) == credential, "\(credential.kind)")
            let sealed = try fernet.encrypt(payload)
            #expect(try CloudCredential.open(kind: credential.kind, payload: fernet.decrypt(sealed)) == credential)
        }
        #expect(Set(try Self.all().map(\.kind)) == Set(CredentialKind.allCases))
        #expect(AWSAccessKeyCredential.kind == .aws && GCPServiceAccountKey.kind == .gcp)
        #expect(AzureServicePrincipal.kind == .azure && KubernetesCredential.kind == .kubernetes)
    }

    @Test("the payload holds the secrets in clear (it exists to be sealed)")
    func payloadHoldsSecrets() throws {
        let text = String(decoding: try Self.aws().revealedPayload(), as: UTF8.self)
        #expect(text.contains("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
        #expect(text.contains("\"region\":\"eu-west-1\""))
        let gcp = String(decoding: try Self.gcp().revealedPayload(), as: UTF8.self)
        #expect(gcp.contains("\"type\":\"service_account\"") && gcp.contains("BEGIN PRIVATE KEY"))
    }

    @Test("a payload of another kind or not JSON is refused with credential.invalid_payload")
    func wrongPayload() throws {
        let awsPayload = try Self.aws().revealedPayload()
        for kind in [CredentialKind.azure, .kubernetes] {
            let error = #expect(throws: CredentialError.self) { try CloudCredential.open(kind: kind, payload: awsPayload) }
            #expect(error?.code == .invalidPayload)
        }
        let error = #expect(throws: CredentialError.self) { try CloudCredential.open(kind: .aws, payload: Array("nope".utf8)) }
        #expect(error?.code == .invalidPayload)
        #expect(error.map { !"\($0)".contains("nope") } == true)
    }

    @Test("AWSAccessKeyCredential gives the signer's AWSCredentials and validates its fields")
    func awsFields() throws {
        let credential = try Self.aws()
        #expect(credential.signingCredentials == AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "FwoGZXIvYXdzEXAMPLE=="
        ))
        #expect(throws: CredentialError.self) {
            try AWSAccessKeyCredential(accessKeyID: "", secretAccessKey: Secret("s"), region: "us-east-1")
        }
        #expect(throws: CredentialError.self) {
            try AWSAccessKeyCredential(accessKeyID: "AKID", secretAccessKey: Secret("s"), roleARN: "role/x", region: "us-east-1")
        }
    }

    @Test("Azure authority host defaults to login.microsoftonline.com and must be a URL without a path")
    func azureAuthority() throws {
        #expect(try Self.azure().authorityHost == "https://login.microsoftonline.com")
        #expect(try AzureServicePrincipal(tenantID: "t", clientID: "c", clientSecret: Secret("s"), subscriptionID: "s",
                                          authorityHost: "https://login.microsoftonline.us/").authorityHost == "https://login.microsoftonline.us")
        for bad in ["login.microsoftonline.com", "https://host/tenant", "ftp://x"] {
            let error = #expect(throws: CredentialError.self) {
                try AzureServicePrincipal(tenantID: "t", clientID: "c", clientSecret: Secret("s"), subscriptionID: "s", authorityHost: bad)
            }
            #expect(error?.code == .invalidValue)
        }
        let error = #expect(throws: CredentialError.self) {
            try AzureServicePrincipal(tenantID: "", clientID: "c", clientSecret: Secret(""), subscriptionID: "s")
        }
        #expect(error?.message == "Azure service principal lacks tenant id, client secret")
    }
}

@Suite("GCP service-account JSON")
struct GCPServiceAccountKeyTests {
    static func json(_ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Conformance.data("gcs/test_service_account.not-a-test.json")) as? [String: Any]
        )
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test("the dummy key parses")
    func parses() throws {
        let key = try GCPServiceAccountKey(json: Self.json { _ in })
        #expect(key.clientEmail == "test-iam-credentials@dummy-project-id.iam.gserviceaccount.com")
        #expect(key.projectID == "dummy-project-id")
        #expect(key.privateKeyID == "ffffffffffffffffffffffffffffffffffffffff")
        #expect(key.tokenURI == "https://oauth2.googleapis.com/token")
        #expect(try key.rsaPrivateKey().bitCount == 2048)
    }

    @Test("bad documents give stable codes that name the problem")
    func errors() throws {
        let cases: [(Data, CredentialError.Code, String)] = [
            (Data("{not json".utf8), .serviceAccountInvalidJSON, "not a JSON object"),
            (Data("[1,2]".utf8), .serviceAccountInvalidJSON, "not a JSON object"),
            (try Self.json { $0["type"] = "authorized_user" }, .serviceAccountWrongType, "authorized_user"),
            (try Self.json { $0["type"] = nil }, .serviceAccountMissingField, "\"type\""),
            (try Self.json { $0["client_email"] = nil; $0["private_key"] = "" }, .serviceAccountMissingField, "private_key, client_email"),
            (try Self.json { $0["private_key"] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" },
             .serviceAccountInvalidPrivateKey, "private_key"),
            (try Self.json { $0["token_uri"] = "not a url" }, .invalidValue, "token_uri"),
            (try Self.json { $0["project_id"] = 42 }, .serviceAccountInvalidJSON, "string fields"),
        ]
        for (data, code, fragment) in cases {
            let error = #expect(throws: CredentialError.self) { try GCPServiceAccountKey(json: data) }
            #expect(error?.code == code, "\(error.map(String.init(describing:)) ?? "")")
            #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
            #expect(error.map { !"\($0)".contains("MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCsPzMirIottfQ2") } == true)
        }
    }
}

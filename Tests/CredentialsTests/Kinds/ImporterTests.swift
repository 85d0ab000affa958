import Credentials
import Foundation
import Testing

@Suite("Importing credentials from the ecosystem's standard places")
struct ImporterTests {
    @Test("AWS from environment variables")
    func awsEnvironment() throws {
        let credential = try AWSCredentialImporter.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
            "AWS_DEFAULT_REGION": "ap-southeast-2", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r",
        ])
        #expect(credential.accessKeyID == "AKIDENV")
        #expect(credential.secretAccessKey == Secret("env-secret"))
        #expect(credential.sessionToken == Secret("env-token"))
        #expect(credential.region == "ap-southeast-2")
        #expect(credential.roleARN == "arn:aws:iam::1:role/r")
        #expect(try AWSCredentialImporter.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "x",
        ]).region == "us-west-2")
        let error = #expect(throws: CredentialError.self) { try AWSCredentialImporter.fromEnvironment(["AWS_ACCESS_KEY_ID": "A"]) }
        #expect(error?.code == .missingValue)
        #expect(error?.message == "environment lacks AWS_SECRET_ACCESS_KEY, AWS_REGION (or AWS_DEFAULT_REGION)")
    }

    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret

        [research]
        aws_access_key_id=AKIDRESEARCH
        aws_secret_access_key=research/secret+x
        aws_session_token = research-token
        ; another comment
        """
    static let configFile = """
        [default]
        region = us-east-1
        s3 =
          max_concurrent_requests = 20
        [profile research]
        region = eu-central-1
        [profile trainer]
        role_arn = arn:aws:iam::123456789012:role/trainer
        source_profile = research
        region = eu-west-1
        [profile broken]
        region = eu-west-1
        """

    @Test("AWS from ~/.aws/credentials and ~/.aws/config profiles")
    func awsSharedFiles() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", Self.credentialsFile)
        try home.write(".aws/config", Self.configFile)

        let standard = try AWSCredentialImporter.fromSharedFiles(environment: [:], homeDirectory: home.path)
        #expect(standard.accessKeyID == "AKIDDEFAULT" && standard.region == "us-east-1" && standard.sessionToken == nil)

        let research = try AWSCredentialImporter.fromSharedFiles(environment: ["AWS_PROFILE": "research"], homeDirectory: home.path)
        #expect(research.accessKeyID == "AKIDRESEARCH")
        #expect(research.secretAccessKey == Secret("research/secret+x"))
        #expect(research.sessionToken == Secret("research-token"))
        #expect(research.region == "eu-central-1")

        let trainer = try AWSCredentialImporter.fromSharedFiles(environment: ["AWS_PROFILE": "research"], homeDirectory: home.path, profile: "trainer")
        #expect(trainer.accessKeyID == "AKIDRESEARCH")
        #expect(trainer.roleARN == "arn:aws:iam::123456789012:role/trainer")
        #expect(trainer.region == "eu-west-1")

        let regionFromEnvironment = try AWSCredentialImporter.fromSharedFiles(environment: ["AWS_REGION": "sa-east-1"], homeDirectory: home.path)
        #expect(regionFromEnvironment.region == "sa-east-1")

        let missing = #expect(throws: CredentialError.self) {
            try AWSCredentialImporter.fromSharedFiles(environment: [:], homeDirectory: home.path, profile: "nope")
        }
        #expect(missing?.code == .awsProfileNotFound)
        let broken = #expect(throws: CredentialError.self) {
            try AWSCredentialImporter.fromSharedFiles(environment: [:], homeDirectory: home.path, profile: "broken")
        }
        #expect(broken?.code == .missingValue)
        #expect(broken?.message.hasPrefix("profile \"broken\" lacks aws_access_key_id, aws_secret_access_key") == true)
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE override the default paths")
    func awsFileOverrides() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let credentials = try directory.write("elsewhere/creds", "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = ci\n")
        let config = try directory.write("elsewhere/conf", "[profile ci]\nregion = us-east-2\n")
        let credential = try AWSCredentialImporter.fromSharedFiles(
            environment: ["AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": config, "AWS_PROFILE": "ci"],
            homeDirectory: "/nonexistent-home"
        )
        #expect(credential.accessKeyID == "AKIDCI" && credential.region == "us-east-2")
    }

    @Test("GCP from a file or GOOGLE_APPLICATION_CREDENTIALS")
    func gcp() throws {
        let path = try Conformance.url("gcs/test_service_account.not-a-test.json").path
        #expect(try GCPCredentialImporter.fromFile(path).clientEmail.hasPrefix("test-iam-credentials@"))
        #expect(try GCPCredentialImporter.fromEnvironment(["GOOGLE_APPLICATION_CREDENTIALS": path]).projectID == "dummy-project-id")
        let unset = #expect(throws: CredentialError.self) { try GCPCredentialImporter.fromEnvironment([:]) }
        #expect(unset?.message == "environment lacks GOOGLE_APPLICATION_CREDENTIALS")
        let unreadable = #expect(throws: CredentialError.self) { try GCPCredentialImporter.fromFile("/nonexistent/key.json") }
        #expect(unreadable?.code == .fileUnreadable)
    }

    @Test("Azure from AZURE_* variables")
    func azure() throws {
        let principal = try AzureCredentialImporter.fromEnvironment([
            "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s", "AZURE_SUBSCRIPTION_ID": "sub",
        ])
        #expect(principal.clientSecret == Secret("s") && principal.authorityHost == AzureServicePrincipal.defaultAuthorityHost)
        let error = #expect(throws: CredentialError.self) {
            try AzureCredentialImporter.fromEnvironment(["AZURE_TENANT_ID": "t", "AZURE_CLIENT_SECRET": ""])
        }
        #expect(error?.message == "environment lacks AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID")
    }

    @Test("Kubernetes from the first KUBECONFIG file, else ~/.kube/config")
    func kubernetes() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = { (token: String) in
            "current-context: a\nclusters: [{name: c, cluster: {server: 'https://k8s:6443'}}]\n"
                + "contexts: [{name: a, context: {cluster: c, user: u}}, {name: b, context: {cluster: c, user: u, namespace: other}}]\n"
                + "users: [{name: u, user: {token: \(token)}}]\n"
        }
        try home.write(".kube/config", config("home-token"))
        let first = try home.write("first.yaml", config("first-token"))
        let second = try home.write("second.yaml", config("second-token"))

        #expect(try KubernetesCredentialImporter.fromEnvironment([:], homeDirectory: home.path).authentication == .bearerToken(Secret("home-token")))
        let fromList = try KubernetesCredentialImporter.fromEnvironment(["KUBECONFIG": "\(first):\(second)"], homeDirectory: home.path, context: "b")
        #expect(fromList.authentication == .bearerToken(Secret("first-token")))
        #expect(fromList.namespace == "other")
        let error = #expect(throws: CredentialError.self) {
            try KubernetesCredentialImporter.fromEnvironment(["KUBECONFIG": "/nonexistent/config"], homeDirectory: home.path)
        }
        #expect(error?.code == .fileUnreadable)
        #expect(error?.message.contains("/nonexistent/config") == true)
    }
}

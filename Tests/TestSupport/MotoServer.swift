import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A real moto server (PyPI `moto[server]`) on a free loopback port, with authentication enforced: requests
/// must be SigV4-signed with the access key it created, and a wrong secret fails with `SignatureDoesNotMatch`.
public final class MotoServer: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    public let endpoint: String
    /// An access key moto knows, with full permissions.
    public let accessKeyID: String
    public let secretAccessKey: String
    private let process: Process

    /// Why a moto server could not be started.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether the test venv has moto (tests that need it are skipped with this reason otherwise).
    public static var isAvailable: Bool {
        guard let python = Repository.venvPython else { return false }
        return (try? Subprocess.run(python, ["-c", "import moto.server, boto3"]))?.status == 0
    }

    /// Starts a server off Swift's cooperative threads (starting takes seconds of blocking waits).
    public static func start(buckets: [String] = []) async throws -> MotoServer {
        try await blockingWork { try MotoServer(buckets: buckets) }
    }

    /// Starts a server, creates an IAM user with an access key and an admin policy and the given S3 buckets,
    /// then turns authentication on. This blocks: from async code use ``start(buckets:)``.
    public init(buckets: [String] = []) throws {
        guard let python = Repository.venvPython else { throw Unavailable(description: "no test venv at .build/venv (run make test)") }
        let port = try LoopbackPort.free()
        endpoint = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"]
        process.environment = ProcessInfo.processInfo.environment.merging(["INITIAL_NO_AUTH_ACTION_COUNT": "1000000"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        do {
            guard LoopbackPort.waitUntilListening(port) else {
                throw Unavailable(description: "moto did not start listening on port \(port) within 30 s")
            }
            let setup = try Subprocess.run(python, ["-c", Self.setupScript, endpoint] + buckets)
            guard setup.status == 0 else { throw Unavailable(description: "moto setup failed: \(setup.errors)") }
            let keys = setup.output.split(whereSeparator: \.isNewline).last.map { $0.split(separator: " ").map(String.init) } ?? []
            guard keys.count == 2 else { throw Unavailable(description: "moto setup printed no key") }
            accessKeyID = keys[0]
            secretAccessKey = keys[1]
        } catch {
            Self.stop(process)
            throw error
        }
    }

    deinit {
        Self.stop(process)
    }

    /// SIGKILL: the server's Python may ignore SIGTERM while serving.
    private static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Creates the IAM user and key without authentication, then enforces authentication for every later request.
    private static let setupScript = """
        import json, sys, urllib.request, boto3
        endpoint = sys.argv[1]
        iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        iam.create_user(UserName="trainyard")
        policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        iam.put_user_policy(UserName="trainyard", PolicyName="all", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName="trainyard")["AccessKey"]
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        for bucket in sys.argv[2:]:
            s3.create_bucket(Bucket=bucket)
        # text/plain: a form content type would leave the body unread by the server.
        reset = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                       headers={"Content-Type": "text/plain"})
        urllib.request.urlopen(reset).read()
        print(key["AccessKeyId"], key["SecretAccessKey"])
        """
}

import Credentials
import Foundation

/// Fernet round trips against Python cryptography, and SigV4 presigned S3 URLs with the cached signing key.
enum CredentialsBenchmark {
    static let fernetGoal = 10.0
    static let presignGoal = 300_000.0

    static func run(repositoryRoot: String) throws {
        let fernet = Fernet(key: try FernetKey.generate())
        let payload = try SecureRandom.bytes(count: 1024)
        var failures = 0
        let swift = Measure.throughput(seconds: 3, batch: 200) {
            guard let token = try? fernet.encrypt(payload), let opened = try? fernet.decrypt(token), opened == payload else {
                failures += 1
                return
            }
        }
        precondition(failures == 0, "Fernet round trips failed")
        let python = try Peer.run("fernet_peer.py", repositoryRoot: repositoryRoot, arguments: ["3"])["per_second"] ?? 0
        let ratio = swift.perSecond / python
        print(String(format: "fernet: %.0f encrypt+decrypt/s of 1 KiB; python cryptography %.0f/s; ratio %.2f (goal >= %.0f)",
                     swift.perSecond, python, ratio, fernetGoal))

        let presigner = S3Presigner(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        var counter = 0
        var signed = 0
        let presign = Measure.throughput(seconds: 3, batch: 1000) {
            counter += 1
            if (try? presigner.presignedURL(for: .getObject(bucket: "trainyard-artifacts", key: "orgs/acme/jobs/\(counter)/model.onnx"), date: date, expiresIn: 3600)) != nil {
                signed += 1
            }
        }
        precondition(signed == counter, "presigning failed")
        print(String(format: "sigv4: %.0f presigned S3 URLs/s on one core with the cached signing key (goal >= %.0f): ratio to goal %.2f",
                     presign.perSecond, presignGoal, presign.perSecond / presignGoal))
    }
}

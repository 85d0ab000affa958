import Foundation
import Testing
import TestSupport

/// `trainyard storage put|get|ls|rm` on the local backend and on a real moto S3 server.
@Suite("trainyard storage", .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct StorageCLITests {
    /// put, ls, get (compared byte for byte), rm, then get of the removed key fails with storage.not_found.
    func roundTrip(home: URL, environment: [String: String]) async throws {
        let folder = try Repository.temporaryFolder("storage-cli")
        let original = "\(folder)/weights.bin", copy = "\(folder)/copy.bin"
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: original))
        let run = { (arguments: [String]) in try await CLI.run(["storage"] + arguments, home: home, environment: environment) }

        let put = try await run(["put", original, "runs/7/weights.bin", "--content-type", "application/octet-stream", "--metadata", "epoch=3"])
        #expect(put.status == 0, "\(put.errors)")
        #expect(put.output.contains("orgs/default/runs/7/weights.bin\t300000 bytes"))
        #expect(try await run(["put", original, "runs/8/weights.bin"]).status == 0)

        let listed = try await run(["ls", "runs/"])
        #expect(listed.status == 0, "\(listed.errors)")
        let keys = listed.output.split(separator: "\n").map { $0.split(separator: "\t").last.map(String.init) ?? "" }
        #expect(keys == ["orgs/default/runs/7/weights.bin", "orgs/default/runs/8/weights.bin"])

        let get = try await run(["get", "runs/7/weights.bin", copy])
        #expect(get.status == 0, "\(get.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == bytes)
        #expect(get.output == put.output)

        #expect(try await run(["rm", "runs/7/weights.bin"]).status == 0)
        #expect(try await run(["rm", "runs/7/weights.bin"]).status == 0, "removing a missing object is not an error")
        let missing = try await run(["get", "runs/7/weights.bin", copy])
        #expect(missing.status != 0 && missing.errors.contains("storage.not_found"), "\(missing.errors)")
        #expect(try await run(["ls", "runs/"]).output.split(separator: "\n").count == 1)
    }

    @Test("the local backend in the state folder by default")
    func local() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-storage-\(UUID().uuidString)")
        try await roundTrip(home: home, environment: [:])
    }

    @Test("an S3 bucket from TRAINYARD_STORAGE and the AWS variables", .enabled(if: MotoServer.isAvailable, "moto is not installed in .build/venv"))
    func s3() async throws {
        let moto = try await MotoServer.start(buckets: ["cli-bucket"])
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-storage-\(UUID().uuidString)")
        let environment = [
            "TRAINYARD_STORAGE": "s3://cli-bucket?region=us-east-1&endpoint=\(moto.endpoint)&path_style=true",
            "AWS_ACCESS_KEY_ID": moto.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
        ]
        try await roundTrip(home: home, environment: environment)
        let wrongSecret = try await CLI.run(["storage", "ls"], home: home, environment: environment.merging(["AWS_SECRET_ACCESS_KEY": "wrong"]) { $1 })
        #expect(wrongSecret.status != 0 && wrongSecret.errors.contains("SignatureDoesNotMatch"), "\(wrongSecret.errors)")
    }

    @Test("a GCS bucket from TRAINYARD_STORAGE on fake-gcs-server", .enabled(if: FakeGCSServer.isAvailable, "fake-gcs-server is not installed in .build/venv"))
    func gcs() async throws {
        let server = try await FakeGCSServer.start(buckets: ["cli-bucket"])
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-storage-\(UUID().uuidString)")
        try await roundTrip(home: home, environment: ["TRAINYARD_STORAGE": "gs://cli-bucket?endpoint=\(server.endpoint)&anonymous=true"])
        let withoutKey = try await CLI.run(["storage", "ls"], home: home, environment: ["TRAINYARD_STORAGE": "gs://cli-bucket", "GOOGLE_APPLICATION_CREDENTIALS": ""])
        #expect(withoutKey.status != 0 && withoutKey.errors.contains("storage.missing_credentials"), "\(withoutKey.errors)")
    }

    @Test("an Azure container from TRAINYARD_STORAGE, Shared Key checked by azure-storage-blob", .enabled(if: AzureBlobPeer.isAvailable, "azure-storage-blob is not installed in .build/venv"))
    func azure() async throws {
        let peer = try await AzureBlobPeer.start(containers: ["cli"])
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-storage-\(UUID().uuidString)")
        let environment = ["TRAINYARD_STORAGE": "azure://cli?endpoint=\(peer.endpoint)",
                           "AZURE_STORAGE_ACCOUNT": AzureBlobPeer.accountName, "AZURE_STORAGE_KEY": AzureBlobPeer.accountKey]
        try await roundTrip(home: home, environment: environment)
        let wrongKey = try await CLI.run(["storage", "ls"], home: home, environment: environment.merging(["AZURE_STORAGE_KEY": "d3Jvbmcga2V5"]) { $1 })
        #expect(wrongKey.status != 0 && wrongKey.errors.contains("AuthenticationFailed"), "\(wrongKey.errors)")
    }

    @Test("bad input: a traversal key, a malformed location, missing credentials, bad metadata")
    func refusals() async throws {
        let cases: [([String], [String: String], String)] = [
            (["rm", "../../etc/passwd"], [:], "storage.invalid_key"),
            (["ls"], ["TRAINYARD_STORAGE": "ftp://bucket"], "storage.invalid_location"),
            (["ls"], ["TRAINYARD_STORAGE": "s3://bucket?regoin=us-east-1"], "unknown parameter 'regoin'"),
            (["ls"], ["TRAINYARD_STORAGE": "s3://bucket", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""], "storage.missing_credentials"),
            (["put", "/etc/hostname", "a", "--metadata", "novalue"], [:], "storage.invalid_metadata"),
        ]
        for (arguments, environment, message) in cases {
            let result = try await CLI.run(["storage"] + arguments, environment: environment)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
    }
}

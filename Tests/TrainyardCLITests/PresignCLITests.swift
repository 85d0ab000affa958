import Foundation
import Testing
import TestSupport

/// `trainyard presign` against the URLs the vendors' SDKs produced for the same inputs
/// (`../shared/conformance/sdk/`): every vector the command's options can express.
@Suite("trainyard presign", .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct PresignCLITests {
    static let vectors = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/conformance")

    static func rows(_ file: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: vectors.appendingPathComponent("sdk/\(file)"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static func presign(_ arguments: [String], environment: [String: String]) async throws -> String {
        let result = try await CLI.run(["presign"] + arguments, environment: environment)
        #expect(result.status == 0, "\(result.errors)")
        return result.output.trimmingCharacters(in: .newlines)
    }

    @Test("S3 URLs equal botocore's generate_presigned_url")
    func s3() async throws {
        var compared = 0
        for row in try Self.rows("s3-presign.jsonl") {
            guard (row["params"] as? [String: Any])?.isEmpty == true, let operation = row["operation"] as? String,
                  ["get_object", "put_object"].contains(operation), let style = row["addressing_style"] as? String, style != "virtual"
            else { continue }
            var arguments = ["--provider", "s3", "--bucket", row["bucket"] as! String, "--key", row["key"] as! String,
                             "--method", operation == "get_object" ? "GET" : "PUT", "--expires", "\(row["expires"] as! Int)",
                             "--region", row["region"] as! String, "--now", row["now"] as! String]
            if let endpoint = row["endpoint_url"] as? String { arguments += ["--endpoint", endpoint] }
            if style == "path" { arguments.append("--path-style") }
            var environment = ["AWS_ACCESS_KEY_ID": row["access_key_id"] as! String, "AWS_SECRET_ACCESS_KEY": row["secret_access_key"] as! String]
            if let token = row["session_token"] as? String { environment["AWS_SESSION_TOKEN"] = token }
            #expect(try await Self.presign(arguments, environment: environment) == row["url"] as? String, "\(row["id"]!)")
            compared += 1
        }
        #expect(compared >= 8)
    }

    @Test("GCS URLs equal google-cloud-storage's generate_signed_url (v4)")
    func gcs() async throws {
        var compared = 0
        for row in try Self.rows("gcs-presign.jsonl") {
            guard row["encryption_key_b64"] == nil, let options = row["kwargs"] as? [String: Any], Set(options.keys).isSubset(of: ["method", "api_access_endpoint"]),
                  let method = options["method"] as? String, ["GET", "PUT"].contains(method)
            else { continue }
            let keyFile = Self.vectors.appendingPathComponent(row["service_account_file"] as! String).path
            let date = try Date(row["now"] as! String, strategy: .iso8601)
            var arguments = ["--provider", "gcs", "--bucket", row["bucket"] as! String, "--key", row["object"] as! String,
                             "--method", method, "--expires", "\(row["expiration_seconds"] as! Int)",
                             "--now", ISO8601DateFormatter().string(from: date)]
            if let endpoint = options["api_access_endpoint"] as? String { arguments += ["--endpoint", endpoint] }
            #expect(try await Self.presign(arguments, environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile]) == row["url"] as? String, "\(row["id"]!)")
            compared += 1
        }
        #expect(compared >= 5)
    }

    @Test("Azure blob SAS URLs equal azure-storage-blob's generate_blob_sas")
    func azure() async throws {
        var compared = 0
        for row in try Self.rows("azure-sas.jsonl") {
            guard row["function"] as? String == "generate_blob_sas", row["start"] is NSNull,
                  (row["options"] as? [String: Any])?.isEmpty == true, let permission = row["permission"] as? String, ["r", "cw"].contains(permission)
            else { continue }
            let expiry = try Date(row["expiry"] as! String, strategy: .iso8601)
            let arguments = ["--provider", "azure", "--bucket", row["container"] as! String, "--key", row["blob"] as! String,
                             "--method", permission == "r" ? "GET" : "PUT", "--expires", "3600",
                             "--now", ISO8601DateFormatter().string(from: expiry.addingTimeInterval(-3600))]
            let environment = ["AZURE_STORAGE_ACCOUNT": row["account_name"] as! String, "AZURE_STORAGE_KEY": row["account_key"] as! String]
            #expect(try await Self.presign(arguments, environment: environment) == row["url"] as? String, "\(row["id"]!)")
            compared += 1
        }
        #expect(compared >= 1)
    }

    @Test("local URLs are signed with the state folder's key, created once with mode 0600")
    func local() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-presign-\(UUID().uuidString)")
        let arguments = ["presign", "--provider", "local", "--key", "orgs/acme/datasets/train.csv", "--now", "2026-11-23T12:00:00Z", "--expires", "60"]
        let first = try await CLI.run(arguments, home: home)
        let second = try await CLI.run(arguments, home: home)
        #expect(first.status == 0 && first.output == second.output)
        #expect(first.output.hasPrefix("http://127.0.0.1:8080/files/orgs/acme/datasets/train.csv?method=GET&expires=1795435260&signature="))
        let attributes = try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("storage.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let otherHome = try await CLI.run(arguments)
        #expect(otherHome.status == 0 && otherHome.output != first.output, "another state folder has another key")
    }

    @Test("bad input: unknown provider or method, a traversal key, missing credentials, a bad time")
    func refusals() async throws {
        let cases: [([String], [String: String], String)] = [
            (["--provider", "ftp", "--bucket", "b", "--key", "k"], [:], "ftp"),
            (["--provider", "s3", "--bucket", "b", "--key", "k", "--method", "DELETE"], ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"], "presign.invalid_method"),
            (["--provider", "local", "--key", "orgs/acme/../other/x"], [:], "storage.invalid_key"),
            (["--provider", "s3", "--bucket", "b", "--key", "k"], ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""], "AWS_ACCESS_KEY_ID"),
            (["--provider", "gcs", "--bucket", "b", "--key", "k"], ["GOOGLE_APPLICATION_CREDENTIALS": ""], "presign.missing_credentials"),
            (["--provider", "azure", "--bucket", "c", "--key", "k", "--now", "yesterday"], ["AZURE_STORAGE_ACCOUNT": "a", "AZURE_STORAGE_KEY": "a2V5"], "presign.invalid_time"),
        ]
        for (arguments, environment, message) in cases {
            let result = try await CLI.run(["presign"] + arguments, environment: environment)
            #expect(result.status != 0 && result.stdout.isEmpty, "\(arguments)")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
    }
}

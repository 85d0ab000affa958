import Credentials
import Foundation
import Testing
import TestSupport

/// Finds a Python interpreter with azure-storage-blob (see requirements-extra.txt).
///
/// Order: `$TRAINYARD_TEST_PYTHON`, then `<package root>/.build/venv/bin/python3`, then `python3` on
/// `PATH`; the first that imports `azure.storage.blob` is used.
enum PythonWithAzureStorage {
    static let interpreter: String? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["TRAINYARD_TEST_PYTHON"], !configured.isEmpty {
            candidates.append(configured)
        }
        candidates.append(Conformance.packageRoot.appendingPathComponent(".build/venv/bin/python3").path)
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/python3")
        }
        return candidates.first { path in
            FileManager.default.isExecutableFile(atPath: path)
                && (try? PythonWithCryptography.run(path, script: "import azure.storage.blob", input: Data()))?.status == 0
        }
    }()
}

/// Shared Key `Authorization` headers compared with azure-storage-blob's own signing policy.
///
/// A Python script drives the SDK's real clients with a transport that records each request (after
/// the SDK's `SharedKeyCredentialPolicy` has signed it) and then aborts it, so nothing goes on the
/// network. Swift re-signs each recorded request without its `Authorization` header and must produce
/// the same header.
@Suite("Azure Shared Key signing against azure-storage-blob")
struct AzureSharedKeySDKTests {
    /// The storage emulator's (Azurite's) published account and key.
    static let accountName = "devstoreaccount1"
    static let accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

    struct Captured: Decodable {
        let operation: String
        let method: String
        let url: String
        let headers: [[String]]
    }

    static let script = #"""
        import json, os, sys
        from azure.core.pipeline.transport import HttpTransport
        from azure.storage.blob import BlobServiceClient, BlobBlock, ContentSettings

        class Recorded(Exception):
            pass

        class RecordingTransport(HttpTransport):
            def __init__(self):
                self.requests = []
                self.operation = ""
            def __enter__(self):
                return self
            def __exit__(self, *args):
                pass
            def open(self):
                pass
            def close(self):
                pass
            def send(self, request, **kwargs):
                self.requests.append({"operation": self.operation, "method": request.method, "url": request.url,
                                      "headers": [[k, v] for k, v in request.headers.items()]})
                raise Recorded()

        transport = RecordingTransport()
        account = os.environ["TY_ACCOUNT"]
        service = BlobServiceClient(f"https://{account}.blob.core.windows.net",
                                    credential={"account_name": account, "account_key": os.environ["TY_KEY"]},
                                    transport=transport, retry_total=0)
        container = service.get_container_client("checkpoints")
        blob = container.get_blob_client("runs/run 1/model+final.safetensors")
        unicode_blob = container.get_blob_client("ünïcödé/数据/файл.bin")

        def run(name, call):
            transport.operation = name
            try:
                call()
            except Recorded:
                pass

        run("put blob", lambda: blob.upload_blob(b"hello world", overwrite=True,
            metadata={"run_id": "r-42", "run1": "x", "owner": "Ada Lovelace"},
            content_settings=ContentSettings(content_type="text/plain; charset=utf-8", content_language="de-CH")))
        run("put unicode blob", lambda: unicode_blob.upload_blob(b"\x00\x01", overwrite=True))
        run("get blob with range", lambda: blob.download_blob(offset=100, length=1000))
        run("get blob properties", lambda: blob.get_blob_properties())
        run("list with prefix", lambda: list(container.list_blobs(name_starts_with="runs/run 1/", include=["metadata"])))
        run("put block", lambda: blob.stage_block(block_id="YmxvY2stMDAwMDE=", data=b"chunk-data"))
        run("put block list", lambda: blob.commit_block_list([BlobBlock(block_id="YmxvY2stMDAwMDE=")],
            metadata={"a_b": "1", "a1": "2", "ab": "3", "a-b": "4"}))
        run("set metadata", lambda: blob.set_blob_metadata({"a_b": "1", "a1": "2", "ab": "3", "run": "x"}))
        run("create container", lambda: service.get_container_client("new-container").create_container(metadata={"team": "ml"}))
        run("delete blob", lambda: blob.delete_blob(delete_snapshots="include"))
        json.dump(transport.requests, sys.stdout)
        """#

    @Test(
        "Authorization equals the SDK's for PUT, ranged GET, list, put block, block list and metadata requests",
        .enabled(
            if: PythonWithAzureStorage.interpreter != nil,
            "needs a python3 with azure-storage-blob (requirements-extra.txt): set TRAINYARD_TEST_PYTHON or create .build/venv"
        )
    )
    func matchesSDK() async throws {
        let python = try #require(PythonWithAzureStorage.interpreter)
        let outcome = try await blockingWork {
            try PythonWithCryptography.run(python, script: Self.script, input: Data(),
                                           extraEnvironment: ["TY_ACCOUNT": Self.accountName, "TY_KEY": Self.accountKey])
        }
        try #require(outcome.status == 0, "python failed: \(outcome.errors)")
        let captured = try JSONDecoder().decode([Captured].self, from: outcome.stdout)
        #expect(Set(captured.map(\.operation)).count == 10, "every operation reached the transport: \(captured.map(\.operation))")

        let signer = AzureSharedKeySigner(account: try AzureStorageAccountKey(accountName: Self.accountName, base64Key: Self.accountKey))
        for request in captured {
            let headers = try request.headers.map { pair -> AzureSharedKeyRequest.Header in
                guard pair.count == 2 else { throw Conformance.MalformedVector(description: "bad header pair \(pair)") }
                return .init(pair[0], pair[1])
            }
            let expected = try #require(headers.first { $0.name.lowercased() == "authorization" }?.value)
            #expect(expected.hasPrefix("SharedKey \(Self.accountName):"))
            let unsigned = AzureSharedKeyRequest(
                method: request.method, url: request.url, headers: headers.filter { $0.name.lowercased() != "authorization" }
            )
            #expect(try signer.authorization(for: unsigned) == expected, "\(request.operation): \(request.method) \(request.url)")
        }
    }
}

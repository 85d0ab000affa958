import Foundation
import Testing
import TestSupport

/// The local backend's `/files/` route of a real server, fed by a client that stops part way.
@Suite("Presigned uploads to a real server",
       .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct FileRouteTests {
    @Test("an upload whose connection drops before its Content-Length arrived stores nothing; the object before it stays")
    func truncatedUpload() async throws {
        let server = try await ServerProcess(home: URL(fileURLWithPath: "\(try Repository.temporaryFolder("files"))/home"), bootstrap: true)
        defer { server.terminate() }
        let key = try #require(server.adminKey)
        func presign(_ method: String) async throws -> String {
            let url = try #require(try await server.call(.POST, "/v1/storage/presign", key: key,
                                                         body: #"{"key": "models/model.bin", "method": "\#(method)"}"#).json["url"] as? String)
            #expect(url.hasPrefix(server.base + "/files/"))
            return String(url.dropFirst(server.base.count))
        }
        let put = try await presign("PUT"), get = try await presign("GET")
        #expect(try await server.rawStatus("PUT", put, body: "version one") == 201)

        let port = try #require(URL(string: server.base)?.port)
        let request = "PUT \(put) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nversion two, cut short"
        let script = "import socket, sys; s = socket.create_connection(('127.0.0.1', int(sys.argv[1]))); s.sendall(sys.argv[2].encode()); s.close()"
        let sent = try await blockingWork { try Subprocess.run("/usr/bin/python3", ["-c", script, String(port), request]) }
        #expect(sent.status == 0, "\(sent.errors)")
        // Whatever the server does with the broken upload happens within moments of the drop.
        try await Task.sleep(for: .seconds(1))
        #expect(try await server.rawBody(get) == "version one")
        #expect(try await server.call(.GET, "/healthz", key: nil).status == 200, "the server carries on")
    }
}

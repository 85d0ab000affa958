import Foundation

/// A CA, a server certificate for 127.0.0.1 and a client certificate, made with the `openssl`
/// command at test time (RSA 2048, valid one day). Nothing here protects anything.
struct TestCertificates {
    let caPEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String
    let clientCertificatePEM: String
    let clientKeyPEM: String

    struct OpenSSLFailed: Error, CustomStringConvertible {
        let description: String
    }

    static let openssl: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func make(in directory: TemporaryDirectory) throws -> TestCertificates {
        guard let openssl else { throw OpenSSLFailed(description: "no openssl executable") }
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = Pipe()
            try process.run()
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw OpenSSLFailed(description: "openssl \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
            }
        }
        try directory.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        try directory.write("client.ext", "extendedKeyUsage=clientAuth\n")
        try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                 "-days", "1", "-subj", "/CN=Trainyard Test CA"])
        for name in ["server", "client"] {
            try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr",
                     "-subj", "/CN=trainyard-test-\(name)"])
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "\(name).pem", "-days", "1", "-extfile", "\(name).ext"])
        }
        func read(_ name: String) throws -> String {
            try String(contentsOfFile: (directory.path as NSString).appendingPathComponent(name), encoding: .utf8)
        }
        return TestCertificates(
            caPEM: try read("ca.pem"),
            serverCertificatePEM: try read("server.pem"),
            serverKeyPEM: try read("server.key"),
            clientCertificatePEM: try read("client.pem"),
            clientKeyPEM: try read("client.key")
        )
    }
}

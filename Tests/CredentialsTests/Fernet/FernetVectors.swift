import Credentials
import Foundation
import Testing

/// The Fernet conformance vectors, decoded.
enum FernetVectors {
    struct Generate: Decodable, Sendable {
        let token: String
        let now: String
        let iv: [UInt8]
        let src: String
        let secret: String
    }

    struct Verify: Decodable, Sendable {
        let token: String
        let now: String
        let ttl_sec: UInt64
        let src: String
        let secret: String
    }

    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        let desc: String
        let token: String
        let now: String
        let ttl_sec: UInt64
        let secret: String
        var testDescription: String { desc }
    }

    struct Python: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let secret: String
        let now: UInt64
        let iv_b64: String?
        let plaintext_b64: String
        let plaintext_len: Int
        let note: String
        let token: String
        var testDescription: String { "\(id) (\(note))" }
    }

    struct PythonTTL: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let description: String
        let secret: String
        let token: String
        let ttl: UInt64?
        let now: UInt64?
        let python_lenient: Bool
        let result: String
        let plaintext_b64: String?
        var testDescription: String { "\(id): \(description)" }
    }

    static func generate() throws -> [Generate] {
        try Conformance.decode([Generate].self, from: "fernet/generate.json")
    }

    static func verify() throws -> [Verify] {
        try Conformance.decode([Verify].self, from: "fernet/verify.json")
    }

    static func invalid() throws -> [Invalid] {
        try Conformance.decode([Invalid].self, from: "fernet/invalid.json")
    }

    static func python() throws -> [Python] {
        try Conformance.decodeLines(Python.self, from: "sdk/fernet-python.jsonl")
    }

    static func pythonTTL() throws -> [PythonTTL] {
        try Conformance.decodeLines(PythonTTL.self, from: "sdk/fernet-python-ttl.jsonl")
    }
}

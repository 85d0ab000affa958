import Storage
import Testing

@Suite("Storage keys")
struct StorageKeyTests {
    /// Attempts to escape the organization's prefix, in many encodings: each must be refused before any I/O.
    static let escapes: [String] = [
        "../secret", "a/../../b", "..", ".", "./a", "a/./b", "a/..", "/etc/passwd", "//etc/passwd", "a//b", "a/",
        "%2e%2e/secret", "%2E%2E/secret", "a/%2e%2e/%2e%2e/b", "%2e%2e%2fsecret", "%2e%2e%2Fsecret", "..%2fsecret",
        "%252e%252e/secret", "%25252e%25252e/x", "%2fetc/passwd", "%2Fetc", "a%2f..%2f..%2fb",
        "..\\secret", "a\\..\\b", "%5c..%5csecret", "a%5cb", "a\u{0}b", "a%00b", "a\nb", "a%0ab", "a\u{7f}b", "a%7fb",
        "a\u{85}b", "\u{FF0E}\u{FF0E}/secret", "%ef%bc%8e%ef%bc%8e/secret", "a/\u{FF0E}/b", "%c0%ae%c0%ae/secret",
        "%e0%80%ae%e0%80%ae/x", "%", "%zz", "a%2", "",
    ]

    @Test("escape attempts are refused", arguments: escapes)
    func refused(_ path: String) {
        #expect(throws: StorageError.self) { try StorageKey(organization: "acme", path: path) }
    }

    @Test("at least 30 escape encodings are covered")
    func coverage() { #expect(Self.escapes.count >= 30) }

    @Test("ordinary keys are accepted under the organization's prefix", arguments: [
        "datasets/train.csv", "jobs/job-1/checkpoints/epoch-0003.ckpt", "a b/c+d=e~f", "unicode/données.csv", "x/..y/z..", "%41bc",
    ])
    func accepted(_ path: String) throws {
        let key = try StorageKey(organization: "acme", path: path)
        #expect(key.fullKey == "orgs/acme/\(path)")
        #expect(try StorageKey(fullKey: key.fullKey, organization: "acme") == key)
    }

    @Test("a full key of another organization, and malformed organization ids, are refused")
    func otherOrganization() {
        #expect(throws: StorageError.self) { try StorageKey(fullKey: "orgs/globex/a.csv", organization: "acme") }
        #expect(throws: StorageError.self) { try StorageKey(fullKey: "orgs/acme-evil/a.csv", organization: "acme") }
        for organization in ["", "ACME", "acme/..", "../acme", "a b", String(repeating: "a", count: 64)] {
            #expect(throws: StorageError.self) { try StorageKey(organization: organization, path: "a") }
        }
    }
}

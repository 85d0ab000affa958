import Testing
@testable import Storage

@Suite("Storage locations")
struct StorageLocationTests {
    @Test("each scheme parses into its backend's settings")
    func parsing() throws {
        #expect(try StorageLocation("local:/var/lib/trainyard/storage") == .local(root: "/var/lib/trainyard/storage"))
        #expect(try StorageLocation("file:///srv/objects") == .local(root: "/srv/objects"))
        #expect(try StorageLocation("s3://data?region=eu-west-1&endpoint=http://127.0.0.1:9000&path_style=true")
            == .s3(bucket: "data", region: "eu-west-1", endpoint: "http://127.0.0.1:9000", pathStyle: true))
        #expect(try StorageLocation("s3://data") == .s3(bucket: "data", region: nil, endpoint: nil, pathStyle: false))
        #expect(try StorageLocation("gs://models?endpoint=http://127.0.0.1:4443&anonymous=true") == .gcs(bucket: "models", endpoint: "http://127.0.0.1:4443", anonymous: true))
        #expect(try StorageLocation("gs://models") == .gcs(bucket: "models", endpoint: nil, anonymous: false))
        #expect(try StorageLocation("azure://ckpt?account=acct") == .azure(container: "ckpt", account: "acct", endpoint: nil))
    }

    @Test("malformed locations are refused with storage.invalid_location and the reason")
    func refusals() {
        let cases: [(String, String)] = [
            ("", "not a URL"),
            ("ftp://bucket", "unknown scheme 'ftp'"),
            ("s3://", "name exactly one bucket"),
            ("s3://bucket/folder", "name exactly one bucket"),
            ("s3://bucket?regoin=us-east-1", "unknown parameter 'regoin'"),
            ("s3://bucket?path_style=yes", "path_style is true or false"),
            ("s3://bucket?region=a&region=b", "given twice"),
            ("gs://bucket?region=x", "unknown parameter 'region'"),
            ("local:relative/folder", "absolute path"),
            ("local:/folder?x=1", "unknown parameter 'x'"),
        ]
        for (text, reason) in cases {
            do {
                _ = try StorageLocation(text)
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.code == "storage.invalid_location", "\(text)")
                #expect(error.description.contains(reason), "\(text): \(error)")
            }
        }
    }
}

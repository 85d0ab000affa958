import Foundation
import Testing
@testable import TrainyardServer

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    @Test("a line is one JSON object with sorted keys that reads back as the fields, whatever characters they hold")
    func escaping() throws {
        let fields = [
            "message": "quote \" backslash \\ slash / newline \n tab \t return \r bell \u{07} nul \u{00} end",
            "org": "acme", "path": "/v1/jobs/job-1?x=\"y\"", "unicode": "ünïcödé 数据 🚀", "empty": "",
        ]
        let line = String(decoding: JSONLogHandler.line(fields), as: UTF8.self)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false, "one line")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(parsed == fields)
        let keys = fields.keys.sorted().map { "\"\($0)\":" }
        let positions = keys.compactMap { line.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
    }
}

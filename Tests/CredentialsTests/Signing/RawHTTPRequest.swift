import Credentials
import Foundation

/// A raw HTTP/1.1 request as written in the SigV4 test suites, parsed into an `AWSSigV4Request`.
struct RawHTTPRequest {
    /// What a line starting with whitespace (obsolete line folding) means. The two suites disagree.
    enum LineFolding {
        /// RFC 7230 section 3.2.4: the fold is replaced by a space (aws-c-auth's expectation).
        case unfoldWithSpace
        /// Each continuation line is another value of the same header (the 2015 suite's expectation,
        /// whose canonical request joins them with commas).
        case continuationIsRepeatedHeader
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    let request: AWSSigV4Request
    let body: [UInt8]

    init(_ text: String, folding: LineFolding) throws {
        let (head, body): (Substring, Substring) = {
            if let range = text.range(of: "\n\n") {
                return (text[..<range.lowerBound], text[range.upperBound...])
            }
            return (text[...], "")
        }()
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true {
            lines.removeLast()  // the request ends with a newline and no body
        }
        guard !lines.isEmpty else { throw ParseError(description: "empty request") }
        // The request line is `METHOD target HTTP/1.1`; the target itself may contain spaces.
        let requestLine = lines.removeFirst()
        guard
            let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.lastIndex(of: " "),
            firstSpace < lastSpace
        else {
            throw ParseError(description: "bad request line: \(requestLine)")
        }
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]

        var headers: [AWSSigV4Request.Field] = []
        for line in lines {
            if let first = line.first, first == " " || first == "\t" {
                guard let previous = headers.last else { throw ParseError(description: "fold before any header") }
                switch folding {
                case .unfoldWithSpace:
                    headers[headers.count - 1].value += " " + line
                case .continuationIsRepeatedHeader:
                    headers.append(.init(previous.name, String(line)))
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw ParseError(description: "bad header line: \(line)") }
            headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
        }

        let path: Substring, queryText: Substring
        if let question = target.firstIndex(of: "?") {
            path = target[..<question]
            queryText = target[target.index(after: question)...]
        } else {
            path = target
            queryText = ""
        }
        let query = try queryText.split(separator: "&").map { pair -> AWSSigV4Request.Field in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return try .init(Self.percentDecoded(parts[0]), parts.count > 1 ? Self.percentDecoded(parts[1]) : "")
        }
        self.request = AWSSigV4Request(method: method, path: String(path), query: query, headers: headers)
        self.body = Array(body.utf8)
    }

    private static func percentDecoded(_ text: Substring) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw ParseError(description: "bad percent-encoding in \(text)")
        }
        return decoded
    }
}

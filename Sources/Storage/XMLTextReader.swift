import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A flat reader for the small XML documents storage services answer with: every element's text, in document
/// order (an element comes after its children), with the path of element names that leads to it.
final class XMLTextReader: NSObject, XMLParserDelegate {
    private(set) var values: [(path: [String], text: String)] = []
    private var path: [String] = []
    private var text = ""

    /// The elements of `data`, or `nil` when it is not well-formed XML.
    static func read(_ data: Data) -> [(path: [String], text: String)]? {
        let reader = XMLTextReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        return parser.parse() ? reader.values : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        values.append((path, text))
        path.removeLast()
        text = ""
    }
}

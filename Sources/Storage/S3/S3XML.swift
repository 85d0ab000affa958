import Foundation

/// The few S3 XML documents the backend reads: errors, listings, multipart upload ids.
enum S3XML {
    /// `<Error><Code>…</Code><Message>…</Message></Error>`.
    static func error(_ data: Data) -> (code: String, message: String)? {
        guard let values = XMLTextReader.read(data) else { return nil }
        let code = values.first { $0.path.last == "Code" }?.text
        let message = values.first { $0.path.last == "Message" }?.text
        return code.map { ($0, message ?? "") }
    }

    /// The text of the first element called `name`.
    static func first(_ name: String, in data: Data) -> String? {
        XMLTextReader.read(data)?.first { $0.path.last == name }?.text
    }

    /// One page of ListObjectsV2: the objects and the continuation token of the next page.
    static func listing(_ data: Data) -> (objects: [(key: String, size: Int64, modified: String)], next: String?)? {
        guard let values = XMLTextReader.read(data) else { return nil }
        var objects: [(key: String, size: Int64, modified: String)] = []
        var key: String?, size: Int64?, modified: String?
        for value in values {
            guard value.path.count >= 2, value.path[value.path.count - 2] == "Contents" else {
                if value.path.last == "Contents", let key, let size {
                    objects.append((key, size, modified ?? ""))
                }
                if value.path.last == "Contents" { (key, size, modified) = (nil, nil, nil) }
                continue
            }
            switch value.path.last {
            case "Key": key = value.text
            case "Size": size = Int64(value.text)
            case "LastModified": modified = value.text
            default: break
            }
        }
        let truncated = values.first { $0.path.last == "IsTruncated" }?.text == "true"
        let next = truncated ? values.first { $0.path.last == "NextContinuationToken" }?.text : nil
        return (objects, next)
    }
}

import Foundation

/// The S3 listing document the backend reads (errors and single values are ``AWSXML``'s).
enum S3XML {
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

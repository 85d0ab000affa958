import Foundation

/// The Blob service XML documents the backend reads and writes: errors, List Blobs pages and block lists.
enum AzureBlobXML {
    /// `<Error><Code>…</Code><Message>…</Message></Error>`; the message without the `RequestId:` and `Time:` lines
    /// the service appends.
    static func error(_ data: Data) -> (code: String, message: String)? {
        guard let values = XMLTextReader.read(data),
              let code = values.first(where: { $0.path == ["Error", "Code"] })?.text else { return nil }
        let message = values.first { $0.path == ["Error", "Message"] }?.text ?? ""
        return (code, message.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
    }

    /// One page of List Blobs (`include=metadata`): the blobs, their checksum taken from the `sha256` metadata,
    /// and the `NextMarker` (`nil` on the last page).
    static func listing(_ data: Data) -> (blobs: [ObjectInfo], next: String?)? {
        guard let values = XMLTextReader.read(data) else { return nil }
        let blobPath = ["EnumerationResults", "Blobs", "Blob"]
        var blobs: [ObjectInfo] = []
        var name: String?, size: Int64?, contentType: String?, modified: Date?
        var metadata: [String: String] = [:]
        for value in values where value.path.starts(with: blobPath) {
            let inner = value.path.dropFirst(blobPath.count)
            switch (inner.first, inner.dropFirst().first, inner.count) {
            case ("Name", _, 1): name = value.text
            case ("Properties", "Content-Length", 2): size = Int64(value.text)
            case ("Properties", "Content-Type", 2): contentType = value.text.isEmpty ? nil : value.text
            case ("Properties", "Last-Modified", 2): modified = HTTPDate.parse(value.text)
            case ("Metadata", let key?, 2): metadata[key.lowercased()] = value.text
            case (nil, _, 0):
                // The end of one <Blob>.
                guard let blobName = name, let blobSize = size else { return nil }
                let checksum = metadata.removeValue(forKey: "sha256")
                blobs.append(ObjectInfo(key: blobName, size: blobSize, sha256: checksum, contentType: contentType,
                                        metadata: metadata, modified: modified ?? Date(timeIntervalSince1970: 0)))
                (name, size, contentType, modified, metadata) = (nil, nil, nil, nil, [:])
            default: break
            }
        }
        let next = values.first { $0.path == ["EnumerationResults", "NextMarker"] }?.text
        return (blobs, next?.isEmpty == false ? next : nil)
    }

    /// The Put Block List body committing `blockIDs` in order (base64 ids need no escaping).
    static func blockList(_ blockIDs: [String]) -> [UInt8] {
        let items = blockIDs.map { "<Latest>\($0)</Latest>" }.joined()
        return Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>\(items)</BlockList>".utf8)
    }
}

/// Collects tokenizer output into the feature buffer and label indices.
struct CSVDatasetBuilder: CSVRecordSink {
    let path: String
    let labelColumn: String?
    private var header: [String] = []
    private var headerDone = false
    private var labelIndex: Int?
    private var featureIndex: [Int?] = []
    private var featureNames: [String] = []
    private var row: [Float] = []
    private var features: [Float] = []
    private var rowCount = 0
    private var labelIDs: [String: Int] = [:]
    private var labelNames: [String] = []
    private var rawLabels: [Int] = []

    init(path: String, labelColumn: String?) {
        self.path = path
        self.labelColumn = labelColumn
    }

    mutating func cell(_ bytes: [UInt8], row line: Int, column: Int) throws {
        guard headerDone else {
            header.append(String(decoding: bytes, as: UTF8.self))
            return
        }
        guard column <= header.count else { return }
        if column - 1 == labelIndex {
            guard !bytes.isEmpty else { throw DatasetError.missingLabel(path: path, row: line, column: column) }
            let name = String(decoding: bytes, as: UTF8.self)
            if let id = labelIDs[name] {
                rawLabels.append(id)
            } else {
                labelIDs[name] = labelNames.count
                rawLabels.append(labelNames.count)
                labelNames.append(name)
            }
        } else if let index = featureIndex[column - 1] {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let value = Float(text), value.isFinite else {
                throw DatasetError.nonNumeric(
                    path: path, row: line, column: column, columnName: header[column - 1], value: text
                )
            }
            row[index] = value
        }
    }

    mutating func endRow(_ line: Int, cellCount: Int) throws {
        guard headerDone else {
            try finishHeader()
            return
        }
        guard cellCount == header.count else {
            throw DatasetError.raggedRow(
                path: path, row: line, column: min(cellCount, header.count) + 1,
                expected: header.count, found: cellCount
            )
        }
        features.append(contentsOf: row)
        rowCount += 1
    }

    func dataset(sha256: String) throws(DatasetError) -> Dataset {
        guard headerDone else { throw DatasetError.emptyFile(path: path) }
        guard rowCount > 0 else { throw DatasetError.noRows(path: path) }
        let matrix = Matrix(rows: rowCount, columns: featureNames.count, values: features)
        guard labelIndex != nil else {
            return Dataset(
                source: path, schema: DataSchema(features: featureNames, label: nil, classes: []),
                features: matrix, labels: nil, sha256: sha256
            )
        }
        let sortedNames = Self.sortedClasses(labelNames)
        var remap = [Int](repeating: 0, count: labelNames.count)
        for (sortedIndex, name) in sortedNames.enumerated() {
            if let firstSeen = labelIDs[name] { remap[firstSeen] = sortedIndex }
        }
        return Dataset(
            source: path,
            schema: DataSchema(features: featureNames, label: labelColumn, classes: sortedNames),
            features: matrix, labels: rawLabels.map { remap[$0] }, sha256: sha256
        )
    }

    private mutating func finishHeader() throws {
        for (index, name) in header.enumerated() {
            if name.isEmpty {
                throw DatasetError.invalidHeader(path: path, column: index + 1, reason: "column \(index + 1) has no name")
            }
            if header[..<index].contains(name) {
                throw DatasetError.invalidHeader(path: path, column: index + 1, reason: "column name '\(name)' is repeated")
            }
        }
        if let labelColumn {
            guard let index = header.firstIndex(of: labelColumn) else {
                throw DatasetError.missingLabelColumn(path: path, label: labelColumn, available: header)
            }
            labelIndex = index
        }
        var next = 0
        featureIndex = header.indices.map { index in
            guard index != labelIndex else { return nil }
            defer { next += 1 }
            return next
        }
        featureNames = header.enumerated().filter { $0.offset != labelIndex }.map(\.element)
        guard !featureNames.isEmpty else { throw DatasetError.noFeatures(path: path) }
        row = [Float](repeating: 0, count: featureNames.count)
        headerDone = true
    }

    private static func sortedClasses(_ names: [String]) -> [String] {
        let integers = names.compactMap { Int($0) }
        guard integers.count == names.count else { return names.sorted() }
        return names.sorted { lhs, rhs in
            let (left, right) = (Int(lhs) ?? 0, Int(rhs) ?? 0)
            return left == right ? lhs < rhs : left < right
        }
    }
}

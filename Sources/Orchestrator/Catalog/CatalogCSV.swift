import Adapters

/// Reads the catalog's two CSV files: plain comma-separated values with a header, no quoting.
enum CatalogCSV {
    static let priceColumns = [
        "provider", "kind", "region", "machine", "gpu_model", "gpu_count", "gpu_memory_gib", "vcpus",
        "memory_gib", "price_ondemand_usd_hr", "price_spot_usd_hr", "source",
    ]
    static let throughputColumns = ["gpu_model", "gpu_memory_gib", "relative_throughput", "source"]

    static func parsePrices(_ text: String, file: String, knownModels: [String: GPUModel]) throws -> [CatalogRow] {
        try records(text, file: file, columns: priceColumns) { (line: Int, field: FieldReader) throws -> CatalogRow in
            let provider: ProviderKind = try field.parse("provider") { ProviderKind(rawValue: $0) }
            let kind: CatalogRow.Kind = try field.parse("kind") { CatalogRow.Kind(rawValue: $0) }
            let gpuCount: Int = try field.parse("gpu_count") { Int($0).flatMap { $0 >= 0 ? $0 : nil } }
            let vcpus: Int? = try field.optional("vcpus").map { (text: String) throws -> Int in try field.check(Int(text), "vcpus", text) }
            let onDemand: Double = try field.parse("price_ondemand_usd_hr") { Double($0).flatMap { $0 >= 0 ? $0 : nil } }
            let row = CatalogRow(
                provider: provider, kind: kind, region: try field.text("region"),
                machine: try field.optional("machine") ?? "", gpuModel: try field.optional("gpu_model"),
                gpuCount: gpuCount, gpuMemoryGiB: try field.optionalNumber("gpu_memory_gib"), vcpus: vcpus,
                memoryGiB: try field.optionalNumber("memory_gib"), onDemandUSDPerHour: onDemand,
                spotUSDPerHour: try field.optionalNumber("price_spot_usd_hr"), source: try field.text("source"))
            if let model = row.gpuModel, knownModels[model] == nil {
                throw CatalogError.malformed(file: file, line: line, message: "gpu_model '\(model)' is not in gpu-throughput.csv")
            }
            if row.kind != .accelerator, row.machine.isEmpty {
                throw CatalogError.malformed(file: file, line: line, message: "machine is empty")
            }
            return row
        }
    }

    static func parseThroughput(_ text: String, file: String) throws -> [GPUModel] {
        try records(text, file: file, columns: throughputColumns) { (_: Int, field: FieldReader) throws -> GPUModel in
            let memory: Double = try field.parse("gpu_memory_gib") { Double($0).flatMap { $0 >= 0 ? $0 : nil } }
            let throughput: Double = try field.parse("relative_throughput") { Double($0).flatMap { $0 > 0 ? $0 : nil } }
            return GPUModel(name: try field.text("gpu_model"), memoryGiB: memory, relativeThroughput: throughput, source: try field.text("source"))
        }
    }

    /// Splits the text into records, checking the header and the field count of every line.
    private static func records<Value>(
        _ text: String, file: String, columns: [String], _ build: (Int, FieldReader) throws -> Value
    ) throws -> [Value] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, header.split(separator: ",", omittingEmptySubsequences: false).map(String.init) == columns else {
            throw CatalogError.malformed(file: file, line: 1, message: "the header must be \(columns.joined(separator: ","))")
        }
        var values: [Value] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == columns.count else {
                throw CatalogError.malformed(file: file, line: offset + 1, message: "expected \(columns.count) fields, found \(fields.count)")
            }
            let reader = FieldReader(file: file, line: offset + 1, values: Dictionary(uniqueKeysWithValues: zip(columns, fields)))
            values.append(try build(offset + 1, reader))
        }
        return values
    }
}

/// Typed access to one CSV record's fields, with errors naming the file, line and column.
private struct FieldReader {
    let file: String
    let line: Int
    let values: [String: String]

    func optional(_ column: String) throws -> String? {
        let value = values[column] ?? ""
        return value.isEmpty ? nil : value
    }

    func text(_ column: String) throws -> String {
        guard let value = try optional(column) else {
            throw CatalogError.malformed(file: file, line: line, message: "\(column) is empty")
        }
        return value
    }

    func parse<Value>(_ column: String, _ convert: (String) -> Value?) throws -> Value {
        let raw = try text(column)
        return try check(convert(raw), column, raw)
    }

    func optionalNumber(_ column: String) throws -> Double? {
        try optional(column).map { raw in try check(Double(raw).flatMap { $0 >= 0 ? $0 : nil }, column, raw) }
    }

    func check<Value>(_ value: Value?, _ column: String, _ raw: String) throws -> Value {
        guard let value else {
            throw CatalogError.malformed(file: file, line: line, message: "\(column) '\(raw)' is not valid")
        }
        return value
    }
}

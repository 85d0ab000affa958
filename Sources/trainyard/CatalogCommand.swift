import Adapters
import ArgumentParser
import Foundation
import Orchestrator

/// `trainyard catalog list`
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Inspect the price catalog.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List priced machines.")

        @Option(help: "Only this provider (platform, sagemaker, vertex, azureml, kubernetes).")
        var provider: ProviderKind?

        @Option(help: "Only rows with this GPU model (e.g. T4, A100).")
        var gpu: String?

        @Option(help: "table or json.")
        var output: OutputFormat = .table

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let catalog = try catalogOptions.load()
            let rows = catalog.rows.filter { row in
                (provider == nil || row.provider == provider)
                    && (gpu == nil || row.gpuModel?.caseInsensitiveCompare(gpu ?? "") == .orderedSame)
            }
            if output == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
                return
            }
            let header = ["provider", "kind", "region", "machine", "gpu", "count", "on-demand", "spot"]
            let cells = rows.map { row in
                [row.provider.rawValue, row.kind.rawValue, row.region, row.machine.isEmpty ? "-" : row.machine,
                 row.gpuModel ?? "-", String(row.gpuCount), String(format: "%.4f", row.onDemandUSDPerHour),
                 row.spotUSDPerHour.map { String(format: "%.4f", $0) } ?? "-"]
            }
            let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
            for line in [header] + cells {
                print(line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
            print("\(rows.count) row(s)")
        }
    }
}

extension ProviderKind: ExpressibleByArgument {}

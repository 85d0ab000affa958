import ArgumentParser
import Foundation
import Orchestrator

/// How commands find the price catalog: `--catalog`, then `$TRAINYARD_CATALOG`, then `./profiles/catalog`,
/// then `$TRAINYARD_HOME/catalog`.
struct CatalogOptions: ParsableArguments {
    @Option(help: "Folder holding prices.csv and gpu-throughput.csv.")
    var catalog: String?

    func load() throws -> PriceCatalog {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [catalog, environment["TRAINYARD_CATALOG"], "profiles/catalog", TrainyardHome().file("catalog")]
        for case let folder? in candidates where !folder.isEmpty {
            let prices = (folder as NSString).appendingPathComponent(PriceCatalog.pricesFile)
            if FileManager.default.fileExists(atPath: prices) || folder == catalog {
                return try PriceCatalog.load(directory: folder)
            }
        }
        throw CatalogError.notFound("no price catalog found: pass --catalog DIR or set TRAINYARD_CATALOG")
    }
}

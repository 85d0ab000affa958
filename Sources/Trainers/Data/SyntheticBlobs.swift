import Foundation

/// Deterministic Gaussian blobs for tests and demos: `centers` isotropic clusters in `features`
/// dimensions, drawn from ``SeededRandom`` stream `.synthetic` of `seed`.
///
/// Centres are uniform in `[−centerBox, centerBox]` per dimension and redrawn (up to 1,000 times)
/// until every pair is at least `minimumSeparation` apart. Row `i` belongs to blob `i % centers`.
public struct SyntheticBlobs: Sendable {
    /// How labels are written to CSV.
    public enum LabelStyle: Sendable {
        /// `0`, `1`, `2`, …
        case integer
        /// `blob_a`, `blob_b`, … (text labels)
        case name
    }

    /// Number of rows.
    public var samples: Int
    /// Number of feature columns.
    public var features: Int
    /// Number of blobs (classes).
    public var centers: Int
    /// Standard deviation of every blob.
    public var spread: Double
    /// Half-width of the box the centres are drawn from.
    public var centerBox: Double
    /// Smallest distance between two centres.
    public var minimumSeparation: Double
    /// Seed of every draw.
    public var seed: UInt64

    /// A generator; by default blobs have spread 1 and centres at least 6 apart in a ±10 box.
    public init(
        samples: Int, features: Int, centers: Int, seed: UInt64,
        spread: Double = 1, centerBox: Double = 10, minimumSeparation: Double = 6
    ) {
        self.samples = samples
        self.features = features
        self.centers = centers
        self.spread = spread
        self.centerBox = centerBox
        self.minimumSeparation = minimumSeparation
        self.seed = seed
    }

    /// The points, each row's blob index, and the blob centres.
    public func generate() -> (features: Matrix, labels: [Int], centers: Matrix) {
        var random = SeededRandom(seed: seed, stream: .synthetic)
        var centres: [[Double]] = []
        for _ in 0 ..< centers {
            var candidate = drawCentre(&random)
            var attempts = 1
            while attempts < 1_000, !centres.allSatisfy({ distance($0, candidate) >= minimumSeparation }) {
                candidate = drawCentre(&random)
                attempts += 1
            }
            centres.append(candidate)
        }
        var values = [Float]()
        values.reserveCapacity(samples * features)
        let labels = (0 ..< samples).map { $0 % max(1, centers) }
        for label in labels {
            for dimension in 0 ..< features {
                values.append(Float(centres[label][dimension] + spread * random.nextGaussian()))
            }
        }
        return (
            Matrix(rows: samples, columns: features, values: values), labels,
            Matrix(rows: centers, columns: features, values: centres.flatMap { $0.map(Float.init) })
        )
    }

    /// CSV text with columns `x0 … x{features−1}` and, unless `labelColumn` is `nil`, a label column last.
    public func csv(labelColumn: String? = "label", style: LabelStyle = .integer) -> String {
        let (points, labels, _) = generate()
        var header = (0 ..< features).map { "x\($0)" }
        if let labelColumn { header.append(labelColumn) }
        var lines = [header.joined(separator: ",")]
        for row in 0 ..< samples {
            var cells = points.row(row).map { "\($0)" }
            if labelColumn != nil { cells.append(Self.labelText(labels[row], style: style)) }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``csv(labelColumn:style:)`` to `url`.
    public func write(to url: URL, labelColumn: String? = "label", style: LabelStyle = .integer) throws {
        try Data(csv(labelColumn: labelColumn, style: style).utf8).write(to: url)
    }

    private static func labelText(_ label: Int, style: LabelStyle) -> String {
        switch style {
        case .integer:
            return String(label)
        case .name:
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            return "blob_" + (label < letters.count ? String(letters[label]) : String(label))
        }
    }

    private func drawCentre(_ random: inout SeededRandom) -> [Double] {
        (0 ..< features).map { _ in (random.nextUnit() * 2 - 1) * centerBox }
    }

    private func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }
}

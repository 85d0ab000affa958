import Foundation
import Testing
@testable import Trainers

@Suite("Split and standardisation")
struct PreparedDatasetTests {
    private func dataset(rows: Int) -> Dataset {
        let values: [Float] = (0 ..< rows).flatMap { row -> [Float] in [Float(row), Float(row % 3) * 10, 5] }
        return Dataset(
            source: "memory", schema: DataSchema(features: ["a", "b", "c"], label: "y", classes: ["0", "1"]),
            features: Matrix(rows: rows, columns: 3, values: values),
            labels: (0 ..< rows).map { $0 % 2 }, sha256: "x"
        )
    }

    @Test func splitSizesFollowTheFraction() throws {
        let prepared = try PreparedDataset(dataset(rows: 50), validationFraction: 0.2, seed: 1)
        #expect(prepared.train.count == 40)
        #expect(prepared.validation.count == 10)
        let tiny = try PreparedDataset(dataset(rows: 2), validationFraction: 0.01, seed: 1)
        #expect(tiny.train.count == 1 && tiny.validation.count == 1)
        #expect(throws: DatasetError.self) { try PreparedDataset(dataset(rows: 1), validationFraction: 0.2, seed: 1) }
    }

    @Test func splitIsAPartitionDecidedByTheSeed() throws {
        let source = dataset(rows: 40)
        let first = try PreparedDataset(source, validationFraction: 0.25, seed: 3)
        let again = try PreparedDataset(source, validationFraction: 0.25, seed: 3)
        let other = try PreparedDataset(source, validationFraction: 0.25, seed: 4)
        // Column a holds the row number; undo the standardisation to recover which rows went where.
        func rows(_ split: DataSplit, _ prepared: PreparedDataset) -> [Int] {
            (0 ..< split.count).map {
                Int((split.features[$0, 0] * prepared.standardizer.scales[0] + prepared.standardizer.means[0]).rounded())
            }
        }
        let validationRows = rows(first.validation, first)
        #expect(Set(validationRows).isDisjoint(with: rows(first.train, first)))
        #expect((validationRows + rows(first.train, first)).sorted() == Array(0 ..< 40))
        #expect(validationRows == rows(again.validation, again))
        #expect(validationRows != rows(other.validation, other))
        #expect(first.validation.labels == validationRows.map { $0 % 2 })
    }

    @Test func standardizerIsFittedOnTrainingRowsOnly() throws {
        let prepared = try PreparedDataset(dataset(rows: 60), validationFraction: 0.3, seed: 2)
        let train = prepared.train.features
        for column in 0 ..< 2 {
            let values = (0 ..< train.rows).map { Double(train[$0, column]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-5)
            #expect(abs(variance - 1) < 1e-4)
        }
        // The constant column keeps scale 1 and becomes 0.
        #expect(prepared.standardizer.scales[2] == 1)
        #expect(train.row(0)[2] == 0)
        // Validation rows use the training statistics, so their mean is not forced to 0.
        let validationMean = (0 ..< prepared.validation.count).map { Double(prepared.validation.features[$0, 0]) }
            .reduce(0, +) / Double(prepared.validation.count)
        #expect(abs(validationMean) > 1e-3)
    }

    @Test func standardizerMatchesHandComputedStatistics() {
        let standardizer = Standardizer(fitting: Matrix(rows: 4, columns: 1, values: [1, 2, 3, 4]))
        #expect(standardizer.means == [2.5])
        #expect(abs(standardizer.scales[0] - Float(1.25).squareRoot()) < 1e-6)
        #expect(standardizer.transform(Matrix(rows: 1, columns: 1, values: [2.5])).values == [0])
    }

    @Test func classifiersNeedTwoClassesAndALabel() throws {
        var single = dataset(rows: 10)
        single.schema.classes = ["only"]
        single.labels = [Int](repeating: 0, count: 10)
        #expect { try MLPTrainer.prepare(single, config: TrainingConfig()) } throws: {
            ($0 as? DatasetError)?.code == "data.single_class"
        }
        #expect(try KMeansTrainer.prepare(single, config: TrainingConfig()).train.count == 8)
    }

    @Test func syntheticBlobsAreDeterministicAndSeparated() {
        let first = Fixtures.blobs.generate()
        #expect(first.features == Fixtures.blobs.generate().features)
        #expect(first.features != SyntheticBlobs(samples: 300, features: 4, centers: 3, seed: 8).generate().features)
        let distances = SquaredDistances.between(first.centers, first.centers)
        for i in 0 ..< 3 {
            for j in 0 ..< 3 where i != j { #expect(distances[i, j] >= 36) }
        }
    }
}

import Foundation
import Testing
@testable import Trainers

@Suite("Metrics on hand-computed examples")
struct MetricsTests {
    @Test func accuracy() {
        #expect(ClassificationMetrics.accuracy(predicted: [0, 1, 1, 2], actual: [0, 1, 2, 2]) == 0.75)
    }

    @Test func logLoss() {
        let binary = Matrix(rows: 2, columns: 2, values: [0.9, 0.1, 0.2, 0.8])
        // −(ln 0.9 + ln 0.8) / 2
        #expect(abs(ClassificationMetrics.logLoss(probabilities: binary, actual: [0, 1]) - 0.164252033486018) < 1e-6)
        let three = Matrix(rows: 3, columns: 3, values: [0.7, 0.2, 0.1, 0.2, 0.6, 0.2, 0.25, 0.25, 0.5])
        // −(ln 0.7 + ln 0.6 + ln 0.5) / 3
        #expect(abs(ClassificationMetrics.logLoss(probabilities: three, actual: [0, 1, 2]) - 0.5202159160882228) < 1e-6)
        let certainWrong = Matrix(rows: 1, columns: 2, values: [1, 0])
        #expect(abs(ClassificationMetrics.logLoss(probabilities: certainWrong, actual: [1]) - -log(1e-15)) < 1e-9)
    }

    @Test func rocAUC() {
        // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ordered.
        #expect(ClassificationMetrics.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], positives: [false, false, true, true]) == 0.75)
        // A tie between a positive and a negative counts one half: pairs (0.5 vs 0.5) = ½, (0.9 vs 0.5) = 1, → 1.5 / 2.
        #expect(ClassificationMetrics.rocAUC(scores: [0.5, 0.5, 0.9], positives: [false, true, true]) == 0.75)
        #expect(ClassificationMetrics.rocAUC(scores: [0.3, 0.3], positives: [true, false]) == 0.5)
        #expect(ClassificationMetrics.rocAUC(scores: [0.9, 0.1], positives: [false, true]) == 0)
        #expect(ClassificationMetrics.rocAUC(scores: [0.2, 0.4], positives: [true, true]) == nil)
    }

    @Test func f1Macro() {
        // Class 0: TP 1, FP 0, FN 1 → 2/3. Class 1: TP 1, FP 1, FN 0 → 2/3. Class 2: TP 1 → 1.
        let score = ClassificationMetrics.f1Macro(predicted: [0, 1, 1, 2], actual: [0, 0, 1, 2])
        #expect(abs(score - (2.0 / 3 + 2.0 / 3 + 1) / 3) < 1e-12)
        // A class only predicted, never present, still counts (F1 0).
        let expected: Double = 1.0 / 3
        #expect(abs(ClassificationMetrics.f1Macro(predicted: [1, 1], actual: [0, 1]) - expected) < 1e-12)
    }

    @Test func inertia() {
        let points = Matrix(rows: 3, columns: 2, values: [0, 0, 2, 0, 10, 10])
        let centroids = Matrix(rows: 2, columns: 2, values: [1, 0, 10, 10])
        #expect(ClusteringMetrics.inertia(points: points, centroids: centroids) == 2)
    }

    @Test func silhouette() throws {
        // 1-D points 0, 1 | 10, 11: s = (10.5 − 1)/10.5 for the outer points, (9.5 − 1)/9.5 for the inner ones.
        let points = Matrix(rows: 4, columns: 1, values: [0, 1, 10, 11])
        let score = try #require(ClusteringMetrics.silhouette(points: points, assignments: [0, 0, 1, 1]))
        #expect(abs(score - (9.5 / 10.5 + 8.5 / 9.5) / 2) < 1e-6)
        // A singleton cluster scores 0: point 5 alone; points 0,1: a = 1, b = 5 or 4.
        let withSingleton = Matrix(rows: 3, columns: 1, values: [0, 1, 5])
        let mixed = try #require(ClusteringMetrics.silhouette(points: withSingleton, assignments: [0, 0, 1]))
        #expect(abs(mixed - ((5.0 - 1) / 5 + (4.0 - 1) / 4 + 0) / 3) < 1e-6)
        #expect(ClusteringMetrics.silhouette(points: points, assignments: [0, 0, 0, 0]) == nil)
    }

    @Test func classificationSummaryUsesProbabilities() throws {
        let probabilities = Matrix(rows: 3, columns: 2, values: [0.8, 0.2, 0.3, 0.7, 0.6, 0.4])
        let metrics = ClassificationMetrics.evaluate(probabilities: probabilities, actual: [0, 1, 1])
        #expect(metrics.accuracy == 2.0 / 3)
        #expect(metrics.auc == 1)
        #expect(metrics.loss == metrics.logLoss)
        #expect(metrics.inertia == nil)
    }
}

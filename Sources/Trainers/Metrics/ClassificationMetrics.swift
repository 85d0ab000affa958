import Foundation

/// Metrics of predicted classes and probabilities against true classes.
public enum ClassificationMetrics {
    /// Probabilities are clipped to `[probabilityFloor, 1]` before taking logarithms.
    public static let probabilityFloor = 1e-15

    /// Share of positions where `predicted` equals `actual` (0 for empty input).
    public static func accuracy(predicted: [Int], actual: [Int]) -> Double {
        precondition(predicted.count == actual.count, "accuracy: lengths differ")
        guard !actual.isEmpty else { return 0 }
        let correct = zip(predicted, actual).filter { $0 == $1 }.count
        return Double(correct) / Double(actual.count)
    }

    /// Mean of `−ln p(true class)` over rows of `probabilities` (`rows × classes`).
    public static func logLoss(probabilities: Matrix, actual: [Int]) -> Double {
        precondition(probabilities.rows == actual.count, "logLoss: lengths differ")
        guard !actual.isEmpty else { return 0 }
        var total = 0.0
        for (row, label) in actual.enumerated() {
            total -= log(max(probabilityFloor, min(1, Double(probabilities[row, label]))))
        }
        return total / Double(actual.count)
    }

    /// Exact ROC AUC from ranks (Mann–Whitney U): tied scores share their average rank, so a tie
    /// between a positive and a negative counts one half. `nil` unless both classes occur.
    public static func rocAUC(scores: [Double], positives: [Bool]) -> Double? {
        precondition(scores.count == positives.count, "rocAUC: lengths differ")
        let positiveCount = positives.filter { $0 }.count
        let negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] {
                end += 1
            }
            let averageRank = Double(start + end) / 2 + 1
            for position in start ... end where positives[order[position]] {
                positiveRankSum += averageRank
            }
            start = end + 1
        }
        let positives = Double(positiveCount)
        return (positiveRankSum - positives * (positives + 1) / 2) / (positives * Double(negativeCount))
    }

    /// Unweighted mean of per-class F1 = 2·TP / (2·TP + FP + FN), over the classes that occur in
    /// `actual` or `predicted` (0 for empty input).
    public static func f1Macro(predicted: [Int], actual: [Int]) -> Double {
        precondition(predicted.count == actual.count, "f1Macro: lengths differ")
        let classes = Set(predicted).union(actual).sorted()
        guard !classes.isEmpty else { return 0 }
        var total = 0.0
        for label in classes {
            var truePositives = 0
            var falsePositives = 0
            var falseNegatives = 0
            for (guess, truth) in zip(predicted, actual) {
                if guess == label && truth == label {
                    truePositives += 1
                } else if guess == label {
                    falsePositives += 1
                } else if truth == label {
                    falseNegatives += 1
                }
            }
            total += Double(2 * truePositives) / Double(2 * truePositives + falsePositives + falseNegatives)
        }
        return total / Double(classes.count)
    }

    /// Accuracy, log loss, F1 macro and (binary) AUC of class probabilities; `loss` is the log loss.
    static func evaluate(probabilities: Matrix, actual: [Int]) -> ValidationMetrics {
        let predicted = probabilities.rowArgmax()
        let logLoss = logLoss(probabilities: probabilities, actual: actual)
        var auc: Double?
        if probabilities.columns == 2 {
            let scores = (0 ..< probabilities.rows).map { Double(probabilities[$0, 1]) }
            auc = rocAUC(scores: scores, positives: actual.map { $0 == 1 })
        }
        return ValidationMetrics(
            loss: logLoss,
            accuracy: accuracy(predicted: predicted, actual: actual),
            logLoss: logLoss,
            auc: auc,
            f1Macro: f1Macro(predicted: predicted, actual: actual)
        )
    }
}

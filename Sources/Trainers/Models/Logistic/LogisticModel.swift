/// Logistic regression: a sigmoid over one logit for two classes, a softmax over one logit per
/// class for more.
///
/// Tensors: `weight` (`features × outputs`) and `bias` (`outputs`), where `outputs` is 1 for a
/// binary model (the logit of class 1) and the class count otherwise.
public struct LogisticModel: PredictiveModel {
    public static let trainerName = "logistic"

    public internal(set) var tensors: [Tensor]

    public var featureCount: Int { tensors[0].shape[0] }

    /// A zero-initialised model.
    init(features: Int, classes: Int) {
        let outputs = classes == 2 ? 1 : classes
        tensors = [Tensor(name: "weight", shape: [features, outputs]), Tensor(name: "bias", shape: [outputs])]
    }

    public init(tensors: [Tensor]) throws(ModelError) {
        guard tensors.count == 2, tensors[0].name == "weight", tensors[1].name == "bias",
              tensors[0].shape.count == 2, tensors[1].shape.count == 1,
              tensors[0].shape[1] >= 1, tensors[1].shape[0] == tensors[0].shape[1]
        else {
            throw ModelError.invalidParameters(
                trainer: Self.trainerName, reason: "expected weight [features, outputs] and bias [outputs]"
            )
        }
        self.tensors = tensors
    }

    /// Logits per row: 1 (binary) or one per class.
    var outputs: Int { tensors[1].shape[0] }

    /// Number of classes the model separates.
    var classCount: Int { outputs == 1 ? 2 : outputs }

    /// `x · W + b` (GEMV for one output, GEMM otherwise).
    func logits(_ features: Matrix) -> Matrix {
        var logits = Matrix(rows: features.rows, columns: outputs)
        if outputs == 1 {
            var column = [Float](repeating: 0, count: features.rows)
            BLAS.gemv(features, tensors[0].values, into: &column)
            logits = Matrix(rows: features.rows, columns: 1, values: column)
        } else {
            BLAS.gemm(features, tensors[0].matrix, into: &logits)
        }
        logits.addToEveryRow(tensors[1].values)
        return logits
    }

    /// Class probabilities (`rows × classCount`) from logits.
    func probabilities(fromLogits logits: Matrix) -> Matrix {
        guard outputs == 1 else {
            var probabilities = logits
            Activations.softmaxRows(&probabilities)
            return probabilities
        }
        var positive = logits.values
        Activations.sigmoid(&positive)
        var values = [Float]()
        values.reserveCapacity(positive.count * 2)
        for probability in positive {
            values.append(1 - probability)
            values.append(probability)
        }
        return Matrix(rows: logits.rows, columns: 2, values: values)
    }

    public func predict(_ features: Matrix) -> Prediction {
        let probabilities = probabilities(fromLogits: logits(features))
        return Prediction(indices: probabilities.rowArgmax(), probabilities: probabilities)
    }
}

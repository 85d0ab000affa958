import Foundation

/// The library's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// The generator is a plain value whose four state words can be saved in a checkpoint and
/// restored, so a resumed run draws exactly the numbers an uninterrupted run would have drawn.
/// Independent streams (data split, training, metric sampling) come from the same seed
/// combined with a stream number, so drawing from one never shifts another.
public struct SeededRandom: RandomNumberGenerator, Sendable, Equatable {
    /// Well-known stream numbers used by the library.
    public enum Stream: UInt64, Sendable {
        /// Model initialisation and per-epoch shuffling.
        case training = 0
        /// The train/validation split.
        case split = 1
        /// Sampling points for the silhouette score.
        case silhouette = 2
        /// Synthetic data generation.
        case synthetic = 3
    }

    /// The four xoshiro256** state words.
    public private(set) var state: [UInt64]

    /// A generator for `seed` and `stream`, seeded by running SplitMix64 over `seed ^ stream·φ`.
    public init(seed: UInt64, stream: Stream = .training) {
        var splitMix = SplitMix64(state: seed ^ (stream.rawValue &* 0x9E37_79B9_7F4A_7C15))
        state = (0 ..< 4).map { _ in splitMix.next() }
    }

    /// A generator continuing from saved state words; `nil` unless there are four words, not all zero.
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        self.state = state
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state[1] &* 5, by: 7) &* 9
        let shifted = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= shifted
        state[3] = rotateLeft(state[3], by: 45)
        return result
    }

    /// A uniform Double in `[0, 1)` built from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0 ..< bound` (Lemire's unbiased multiply-and-reject).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt: bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A standard normal sample (Box–Muller, using one value of each pair).
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextUnit()
        let u2 = nextUnit()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// Shuffles `values` in place (Fisher–Yates, from the back).
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, nextInt(below: index + 1))
        }
    }

    /// `0 ..< count` in a random order.
    public mutating func permutation(of count: Int) -> [Int] {
        var indices = Array(0 ..< count)
        shuffle(&indices)
        return indices
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}

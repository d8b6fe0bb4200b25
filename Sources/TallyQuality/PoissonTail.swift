#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tail probabilities of the Poisson distribution: how likely a count at least as far from a mean as the one
/// observed is, if chance alone were at work.
///
///     P(X ≥ k | μ) = P(k, μ)          (the regularized lower incomplete gamma function; 1 for k ≤ 0)
///     P(X ≤ k | μ) = Q(k + 1, μ)      (the regularized upper incomplete gamma function)
///
/// Both are computed directly in their own tail (no `1 − …`), so probabilities as small as `10⁻³⁰⁰` keep their
/// relative accuracy. The audit uses them to tell a typing error from the ordinary spread of small counts.
///
/// When both the count and the mean exceed 10¹² (no real count does, but stored values are not trusted) the
/// series would need millions of terms; the tails then come from the normal approximation with continuity
/// correction, `P(X ≥ k) ≈ ½ erfc((k − ½ − μ) / √(2μ))`, whose relative error at five standard deviations is
/// about `z³ / (6√μ) < 10⁻⁴`.
public enum PoissonTail {
    /// Which side of the mean a count lies on.
    public enum Side: Sendable, Hashable {
        /// The count is at or above the mean: the tail is `P(X ≥ k)`.
        case above
        /// The count is below the mean: the tail is `P(X ≤ k)`.
        case below
    }

    /// A count's tail probability on its side of the mean.
    public struct Result: Sendable, Hashable {
        /// The count tested, `k`: the value rounded to a whole number (half away from zero), at least 0.
        public let count: Double
        /// The Poisson mean `μ` it was tested against.
        public let mean: Double
        /// The side of the mean the count lies on.
        public let side: Side
        /// `P(X ≥ k)` when `side == .above`, `P(X ≤ k)` when `side == .below`.
        public let probability: Double
    }

    /// `P(X ≥ k)` for a Poisson count with mean `μ`: 1 for `k ≤ 0`; for `μ = 0`, 0 when `k > 0`.
    /// A negative mean counts as 0; a mean that is not finite gives NaN (which no threshold flags).
    public static func atLeast(_ k: Int, mean: Double) -> Double {
        atLeast(Double(k), mean: mean)
    }

    /// `P(X ≤ k)` for a Poisson count with mean `μ`: 0 for `k < 0`; for `μ = 0`, 1 when `k ≥ 0`.
    /// A negative mean counts as 0; a mean that is not finite gives NaN (which no threshold flags).
    public static func atMost(_ k: Int, mean: Double) -> Double {
        atMost(Double(k), mean: mean)
    }

    /// The probability of a count at least as far from `mean` as `value`, on its side: `P(X ≥ k)` when
    /// `k ≥ μ`, `P(X ≤ k)` when `k < μ`, with `k` the value rounded to a whole number.
    ///
    /// This is the test the audit applies to counts (outliers, consistency over time). With `μ = 0` a positive
    /// count has probability 0 and a count of 0 probability 1. A negative value or mean counts as 0; a value or
    /// mean that is not finite gives the probability NaN, which no threshold flags.
    ///
    /// - Parameters:
    ///   - value: the count observed (rounded half away from zero).
    ///   - mean: the Poisson mean expected.
    public static func beyond(_ value: Double, mean: Double) -> Result {
        guard value.isFinite, mean.isFinite else {
            return Result(count: value, mean: mean, side: value >= mean ? .above : .below, probability: .nan)
        }
        let mean = max(0, mean)
        let k = max(0, value.rounded())
        if k >= mean {
            return Result(count: k, mean: mean, side: .above, probability: atLeast(k, mean: mean))
        }
        return Result(count: k, mean: mean, side: .below, probability: atMost(k, mean: mean))
    }

    // MARK: - Whole numbers held as doubles (counts beyond Int's range stay finite)

    /// Above this count and mean the normal approximation replaces the incomplete gamma function: 10¹².
    static let normalApproximationFrom = 1e12

    /// Whether `k` and `mean` are both so large that the normal approximation is used.
    static func isNormalRange(_ k: Double, _ mean: Double) -> Bool {
        k > normalApproximationFrom && mean > normalApproximationFrom
    }

    /// `P(X ≥ k)` for a whole number `k` held as a double.
    static func atLeast(_ k: Double, mean: Double) -> Double {
        guard mean.isFinite else { return .nan }
        if k <= 0 { return 1 }
        let mean = max(0, mean)
        if mean == 0 { return 0 }
        if isNormalRange(k, mean) { return 0.5 * erfc((k - 0.5 - mean) / (2 * mean).squareRoot()) }
        return IncompleteGamma.p(k, mean)
    }

    /// `P(X ≤ k)` for a whole number `k` held as a double.
    static func atMost(_ k: Double, mean: Double) -> Double {
        guard mean.isFinite else { return .nan }
        if k < 0 { return 0 }
        let mean = max(0, mean)
        if mean == 0 { return 1 }
        if isNormalRange(k, mean) { return 0.5 * erfc((mean - k - 0.5) / (2 * mean).squareRoot()) }
        return IncompleteGamma.q(k + 1, mean)
    }
}

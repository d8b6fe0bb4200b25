/// Outlier scores of one value against a reference series, as used by routine health-information systems.
///
/// - z-score: `z = (x − x̄) / s`, with the sample standard deviation `s = √(Σ(xᵢ − x̄)² / (n − 1))`;
///   graded by the WHO *Data Quality Review* (2017, module 2, dimension "outliers"): moderate when
///   `|z| ≥ 2`, extreme when `|z| ≥ 3`.
/// - modified z-score (Iglewicz & Hoaglin, *How to Detect and Handle Outliers*, 1993; DHIS2's outlier
///   detection): `M = 0.6745 · |x − x̃| / MAD`, with `x̃` the median of the reference and
///   `MAD = median |xᵢ − x̃|`; an outlier when `M > 3.5`. When `MAD = 0`, `M = 0` (DHIS2: do not flag).
/// - robust score (`robustZScore`): the modified z-score, except that when `MAD = 0` (more than half the
///   reference equals its median) it falls back to the mean absolute deviation around the median,
///   `M = |x − x̃| / (1.2533 · MeanAD)` with `MeanAD = Σ|xᵢ − x̃| / n` and `1.2533 = √(π/2)` (IBM SPSS's rule, and
///   the WHO DQR app's `calculateZScore` in `src/appCore/appServiceMath.js`). Only a constant reference
///   (`MeanAD = 0`) has no robust score. `OutlierRule` makes the audit's decision from these scores.
///
/// The caller excludes the value itself from the reference series. The median of an even count is the mean
/// of the two middle values. Values are expected to be finite; a NaN propagates.
public enum OutlierScore {
    /// The WHO Data Quality Review grade of a z-score: `none` below 2, `moderate` for `2 ≤ |z| < 3`,
    /// `extreme` for `|z| ≥ 3`.
    public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable {
        /// `|z| < 2` (or no z-score).
        case none
        /// `2 ≤ |z| < 3`.
        case moderate
        /// `|z| ≥ 3`.
        case extreme

        /// Orders the grades `none < moderate < extreme`.
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A value's scores together with the reference statistics behind them, so a report can show the
    /// expected ranges `x̄ ± 2s` and `x̃ ± 3.5 · MAD / 0.6745`.
    public struct Summary: Sendable, Hashable {
        /// The value scored, `x`.
        public let value: Double
        /// The number of reference values, `n ≥ 1`.
        public let referenceCount: Int
        /// The reference mean `x̄ = Σ xᵢ / n`.
        public let mean: Double
        /// The sample standard deviation `s = √(Σ(xᵢ − x̄)² / (n − 1))`; nil when `n < 2`.
        public let standardDeviation: Double?
        /// The reference median `x̃`.
        public let median: Double
        /// The median absolute deviation `MAD = median |xᵢ − x̃|` (unscaled).
        public let medianAbsoluteDeviation: Double
        /// `z = (x − x̄) / s`; nil when `n < 2` or `s = 0`.
        public let zScore: Double?
        /// `M = 0.6745 · |x − x̃| / MAD`, and 0 when `MAD = 0`.
        public let modifiedZScore: Double
        /// The mean absolute deviation around the median, `MeanAD = Σ|xᵢ − x̃| / n`.
        public let meanAbsoluteDeviation: Double

        /// The robust score: `M` from the MAD, or from the mean absolute deviation when `MAD = 0`; nil when the
        /// reference is constant (`MeanAD = 0`). See `OutlierScore.robustZScore(_:reference:)`.
        public var robustZScore: RobustScore? {
            OutlierScore.robustZScore(
                value, median: median, medianAbsoluteDeviation: medianAbsoluteDeviation,
                meanAbsoluteDeviation: meanAbsoluteDeviation)
        }

        /// The WHO grade of `zScore` (`none` when there is no z-score).
        public var severity: Severity {
            zScore.map { OutlierScore.severity(z: $0) } ?? .none
        }

        /// Whether `M > 3.5` (`OutlierScore.modifiedZThreshold`).
        public var isModifiedZOutlier: Bool {
            modifiedZScore > OutlierScore.modifiedZThreshold
        }

        /// The range `x̄ ± 2s` outside which `|z| > 2`; nil without a standard deviation.
        public var expectedRange: (low: Double, high: Double)? {
            standardDeviation.map { (mean - OutlierScore.moderateZ * $0, mean + OutlierScore.moderateZ * $0) }
        }

        /// The range `x̃ ± 3.5 · MAD / 0.6745` outside which `M > 3.5`; a single point when `MAD = 0`
        /// (nothing is flagged then).
        public var robustExpectedRange: (low: Double, high: Double) {
            let halfWidth = OutlierScore.modifiedZThreshold * medianAbsoluteDeviation / OutlierScore.madScale
            return (median - halfWidth, median + halfWidth)
        }
    }

    /// A robust (median-based) score of a value and the spread it was measured with.
    public struct RobustScore: Sendable, Hashable {
        /// The measure of spread the score divides by.
        public enum Spread: Sendable, Hashable {
            /// `M = 0.6745 · |x − x̃| / MAD`.
            case medianAbsoluteDeviation
            /// `M = |x − x̃| / (1.2533 · MeanAD)`, used because `MAD = 0`.
            case meanAbsoluteDeviation
        }

        /// The score `M ≥ 0` (an absolute value: it does not say on which side of the median `x` lies).
        public let value: Double
        /// The spread it was measured with.
        public let spread: Spread
    }

    /// The modified z-score above which a value is an outlier: 3.5 (Iglewicz & Hoaglin; DHIS2's default).
    public static let modifiedZThreshold = 3.5

    /// The consistency constant `0.6745 ≈ Φ⁻¹(0.75)` that makes `MAD / 0.6745` estimate σ for normal data.
    public static let madScale = 0.6745

    /// `√(2/π) ≈ 0.79788 = 1 / 1.2533`: for normal data `E|X − μ| = σ √(2/π)`, so `MeanAD / √(2/π)` estimates σ.
    /// (The WHO DQR app writes it `0.7978846482`.)
    public static let meanDeviationScale = 0.797_884_560_802_865_4

    /// `|z|` from which a value is a moderate outlier: 2 (WHO Data Quality Review).
    public static let moderateZ = 2.0

    /// `|z|` from which a value is an extreme outlier: 3 (WHO Data Quality Review).
    public static let extremeZ = 3.0

    /// The z-score `(x − x̄) / s` of `x` against `reference`, with `s` the sample (n − 1) standard deviation.
    ///
    /// - Returns: nil when the reference has fewer than 2 values or `s = 0`.
    public static func zScore(_ x: Double, reference: [Double]) -> Double? {
        guard let mean = Summation.mean(reference),
            let deviation = sampleStandardDeviation(reference, mean: mean),
            deviation != 0
        else { return nil }
        return (x - mean) / deviation
    }

    /// The modified z-score `0.6745 · |x − x̃| / MAD` of `x` against `reference`.
    ///
    /// - Returns: 0 when `MAD = 0` (DHIS2: do not flag); nil for an empty reference.
    public static func modifiedZScore(_ x: Double, reference: [Double]) -> Double? {
        guard let median = median(reference),
            let deviation = medianAbsoluteDeviation(reference, median: median)
        else { return nil }
        return modifiedZScore(x, median: median, medianAbsoluteDeviation: deviation)
    }

    /// The robust score of `x` against `reference`: `0.6745 · |x − x̃| / MAD`, or when `MAD = 0`
    /// `|x − x̃| / (1.2533 · MeanAD)` with the mean absolute deviation around the median.
    ///
    /// For example against 22 zeros, 5 ones and 8 twos (median 0, MAD 0, MeanAD 21/35 = 0.6) the value 40 scores
    /// `0.79788 · 40 / 0.6 = 53.19`, where the modified z-score is 0.
    ///
    /// - Returns: nil for an empty or constant reference (`MeanAD = 0`: no spread to measure against).
    public static func robustZScore(_ x: Double, reference: [Double]) -> RobustScore? {
        guard let median = median(reference),
            let mad = medianAbsoluteDeviation(reference, median: median),
            let meanDeviation = meanAbsoluteDeviation(reference, median: median)
        else { return nil }
        return robustZScore(x, median: median, medianAbsoluteDeviation: mad, meanAbsoluteDeviation: meanDeviation)
    }

    /// The WHO Data Quality Review grade of a z-score: `.extreme` for `|z| ≥ 3`, `.moderate` for `|z| ≥ 2`,
    /// `.none` otherwise (also for NaN).
    public static func severity(z: Double) -> Severity {
        if abs(z) >= extremeZ { return .extreme }
        if abs(z) >= moderateZ { return .moderate }
        return .none
    }

    /// Both scores of `x` against `reference` with the statistics behind them; nil for an empty reference.
    public static func summary(_ x: Double, reference: [Double]) -> Summary? {
        guard let mean = Summation.mean(reference),
            let median = median(reference),
            let deviation = medianAbsoluteDeviation(reference, median: median),
            let meanDeviation = meanAbsoluteDeviation(reference, median: median)
        else { return nil }
        let standardDeviation = sampleStandardDeviation(reference, mean: mean)
        let z = standardDeviation.flatMap { $0 == 0 ? nil : (x - mean) / $0 }
        return Summary(
            value: x,
            referenceCount: reference.count,
            mean: mean,
            standardDeviation: standardDeviation,
            median: median,
            medianAbsoluteDeviation: deviation,
            zScore: z,
            modifiedZScore: modifiedZScore(x, median: median, medianAbsoluteDeviation: deviation),
            meanAbsoluteDeviation: meanDeviation
        )
    }

    /// The arithmetic mean `x̄ = Σ xᵢ / n` (compensated summation); nil for an empty series.
    public static func mean(_ values: [Double]) -> Double? {
        Summation.mean(values)
    }

    /// The sample standard deviation `s = √(Σ(xᵢ − x̄)² / (n − 1))` (two-pass); nil when `n < 2`.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        Summation.mean(values).flatMap { sampleStandardDeviation(values, mean: $0) }
    }

    /// The median: the middle value of the sorted series, or the mean of the two middle values for an even
    /// count; nil for an empty series.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// The (unscaled) median absolute deviation `MAD = median |xᵢ − x̃|`; nil for an empty series.
    public static func medianAbsoluteDeviation(_ values: [Double]) -> Double? {
        median(values).flatMap { medianAbsoluteDeviation(values, median: $0) }
    }

    /// The mean absolute deviation around the median, `MeanAD = Σ|xᵢ − x̃| / n`; nil for an empty series.
    public static func meanAbsoluteDeviation(_ values: [Double]) -> Double? {
        median(values).flatMap { meanAbsoluteDeviation(values, median: $0) }
    }

    /// Grades a unit's values of the year the DQR app's way (`startIndicatorOutlierAnalysis` in
    /// `src/appCore/appServiceDataAnalysis.js`, for `OutlierSummary`): against the mean and sample standard deviation of
    /// the same values (each value included), extreme when outside `mean ± extreme · s`, moderate when outside
    /// `mean ± moderate · s` but not extreme (both bounds strict). With fewer than 2 values or `s = 0` nothing
    /// is graded above `none`.
    ///
    /// (Since each value is part of its own reference, `|z|` cannot exceed `(n − 1) ÷ √n`: 3.18 for 12 months,
    /// so an extreme monthly value is rare by construction; the audit's `OutlierRule` leaves the value out.)
    public static func gradesWithinSeries(
        _ values: [Double], moderate: Double = moderateZ, extreme: Double = extremeZ
    ) -> [OutlierScore.Severity] {
        guard let mean = Summation.mean(values),
            let deviation = sampleStandardDeviation(values, mean: mean), deviation > 0
        else { return values.map { _ in .none } }
        return values.map { value in
            let distance = abs(value - mean)
            if distance > extreme * deviation { return .extreme }
            if distance > moderate * deviation { return .moderate }
            return .none
        }
    }

    // MARK: - Helpers

    /// `Σ|xᵢ − x̃| / n` given `x̃`; nil for an empty series.
    static func meanAbsoluteDeviation(_ values: [Double], median center: Double) -> Double? {
        Summation.mean(values.map { abs($0 - center) })
    }

    /// The MAD score, or the mean-absolute-deviation score when `MAD = 0`; nil when both are 0.
    static func robustZScore(
        _ x: Double, median: Double, medianAbsoluteDeviation: Double, meanAbsoluteDeviation: Double
    ) -> RobustScore? {
        if medianAbsoluteDeviation > 0 {
            return RobustScore(
                value: madScale * abs(x - median) / medianAbsoluteDeviation, spread: .medianAbsoluteDeviation)
        }
        guard meanAbsoluteDeviation > 0 else { return nil }
        return RobustScore(
            value: meanDeviationScale * abs(x - median) / meanAbsoluteDeviation, spread: .meanAbsoluteDeviation)
    }

    /// `√(Σ(xᵢ − x̄)² / (n − 1))` given `x̄`; nil when `n < 2`.
    static func sampleStandardDeviation(_ values: [Double], mean: Double) -> Double? {
        guard values.count >= 2 else { return nil }
        let squares = Summation.neumaier(values.lazy.map { ($0 - mean) * ($0 - mean) })
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// `median |xᵢ − x̃|` given `x̃`; nil for an empty series.
    static func medianAbsoluteDeviation(_ values: [Double], median center: Double) -> Double? {
        median(values.map { abs($0 - center) })
    }

    /// `0.6745 · |x − x̃| / MAD`, and 0 when `MAD = 0`.
    static func modifiedZScore(_ x: Double, median: Double, medianAbsoluteDeviation: Double) -> Double {
        medianAbsoluteDeviation == 0 ? 0 : madScale * abs(x - median) / medianAbsoluteDeviation
    }
}

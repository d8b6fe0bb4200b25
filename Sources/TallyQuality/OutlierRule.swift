#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The audit's decision whether a value is an outlier against its own reference series, and how serious.
///
/// The scores are those of `OutlierScore`: the z-score `z = (x − x̄) / s` grades the value (WHO *Data Quality
/// Review*: moderate from 2, extreme from 3), and the robust score `M` (the modified z-score, or its
/// mean-absolute-deviation form when `MAD = 0`) must agree. For counts the value must also be implausible as
/// Poisson chance at the reference mean, so that the ordinary spread of small village counts is not flagged.
///
/// | reference | counts (`isCount`) | other values |
/// |---|---|---|
/// | spread (`s > 0`) | `|z| ≥ 2`, `M ≥ 3.5` and `P < 10⁻⁴`: moderate; also `|z| ≥ 3` and `P < 10⁻⁷`: extreme | `|z| ≥ 2` and `M ≥ 3.5`: moderate; also `|z| ≥ 3`: extreme |
/// | constant (`s = 0`), mean > 0 | the Poisson test alone: `P < 10⁻⁴` moderate, `P < 10⁻⁷` extreme | not judged (no scale) |
/// | all zeros | `P = (n + 1)^−x` (below) against the same thresholds | not judged |
/// | fewer than 2 values | not judged | not judged |
///
/// `M` falls back to the mean absolute deviation when `MAD = 0` (see `OutlierScore`), so a series of mostly
/// zeros no longer hides a typing error: `anc_visits` = 40 against 22 zeros, 5 ones and 8 twos has `z = 46.5`,
/// `M = 53.2` and `P(X ≥ 40 | 0.6) = 9.1 × 10⁻⁵⁸`: extreme. A constant series has no z-score at all (`s = 0`),
/// so counts are judged by the Poisson test alone: `child_checks` = 60 among 5s has `P(X ≥ 60 | 5) ≈ 10⁻⁴⁴`:
/// extreme. A non-count value against a constant reference is not judged: with no spread there is no scale to
/// call a difference large (declare the element's `min`/`max` to catch impossible values).
///
/// When every reference value is 0 the Poisson law at mean 0 would call any positive count impossible. The
/// test is then the exact conditional one (Przyborowski & Wilenski, 1940): given the `x` events of the `n + 1`
/// periods, the chance that all of them fall in this one when every period is equally likely, `(n + 1)^−x`
/// (1/36 for a single event after 35 months of zeros; `36⁻⁵ = 1.7 × 10⁻⁸` for five).
///
/// The probability thresholds apply one-sidedly on the value's side of the mean (`PoissonTail.beyond`).
public struct OutlierRule: Sendable, Hashable {
    /// `|z|` from which a value is a moderate outlier (`outliers.moderate`, 2).
    public var moderateZ: Double
    /// `|z|` from which a value is an extreme outlier (`outliers.extreme`, 3).
    public var extremeZ: Double
    /// The robust score `M` a value must also reach (`outliers.modified`, 3.5).
    public var modifiedZ: Double
    /// For counts, the Poisson probability a value must fall below to be reported at all: 10⁻⁴.
    public var moderateProbability: Double
    /// For counts, the Poisson probability below which a value can be extreme: 10⁻⁷.
    public var extremeProbability: Double

    /// A rule with the WHO and DHIS2 defaults: z from 2 (moderate) and 3 (extreme), `M ≥ 3.5`, and for counts
    /// Poisson probabilities below 10⁻⁴ and 10⁻⁷.
    public init(
        moderateZ: Double = OutlierScore.moderateZ, extremeZ: Double = OutlierScore.extremeZ,
        modifiedZ: Double = OutlierScore.modifiedZThreshold, moderateProbability: Double = 1e-4,
        extremeProbability: Double = 1e-7
    ) {
        self.moderateZ = moderateZ
        self.extremeZ = extremeZ
        self.modifiedZ = modifiedZ
        self.moderateProbability = moderateProbability
        self.extremeProbability = extremeProbability
    }

    /// How a value was judged.
    public enum Basis: Sendable, Hashable {
        /// Fewer than 2 reference values: not judged.
        case tooFewValues
        /// The reference has spread: z and the robust score (and for counts the Poisson test).
        case scores
        /// A constant reference and a count: the Poisson test alone.
        case poissonAlone
        /// A constant reference and not a count: not judged (no scale to measure a difference with).
        case noSpread
    }

    /// The decision for one value, with the figures behind it.
    public struct Assessment: Sendable, Hashable {
        /// The value's scores and the reference statistics (mean, SD, median, MAD, mean absolute deviation).
        public let summary: OutlierScore.Summary
        /// The robust score used (nil for a constant reference).
        public let robustZScore: OutlierScore.RobustScore?
        /// For counts, the Poisson probability of a count at least as far out; for an all-zero reference the
        /// conditional probability `(n + 1)^−x`. Nil for other values and when not judged.
        public let probability: Double?
        /// How the value was judged.
        public let basis: Basis
        /// The grade: `none` when the value is not an outlier (or was not judged).
        public let severity: OutlierScore.Severity

        /// The z-score (nil for a constant or too short reference).
        public var zScore: Double? { summary.zScore }
    }

    /// Judges `x` against its reference series (the value itself excluded).
    ///
    /// The audit calls it once per value: `rule.assess(x, reference: others, isCount: element is an integer)`,
    /// and reports the value when `severity != .none`, with `zScore` as the score (nil when the reference is
    /// constant; the probability then says why) and `summary.expectedRange` as the expected range.
    ///
    /// - Parameters:
    ///   - x: the value judged.
    ///   - reference: the same unit's other values (at least 2 are needed).
    ///   - isCount: whether the values are counts (whole, non-negative): adds the Poisson test.
    /// - Returns: nil for an empty reference.
    public func assess(_ x: Double, reference: [Double], isCount: Bool) -> Assessment? {
        guard let summary = OutlierScore.summary(x, reference: reference) else { return nil }
        let robust = summary.robustZScore
        guard let deviation = summary.standardDeviation else {
            return Assessment(
                summary: summary, robustZScore: robust, probability: nil, basis: .tooFewValues, severity: .none)
        }
        let probability = isCount ? Self.countProbability(x, summary: summary) : nil
        guard deviation > 0 else {
            guard let probability else {
                return Assessment(
                    summary: summary, robustZScore: robust, probability: nil, basis: .noSpread, severity: .none)
            }
            return Assessment(
                summary: summary, robustZScore: robust, probability: probability, basis: .poissonAlone,
                severity: grade(probability: probability))
        }
        var severity = OutlierScore.Severity.none
        if let z = summary.zScore, abs(z) >= moderateZ, let robust, robust.value >= modifiedZ {
            severity = abs(z) >= extremeZ ? .extreme : .moderate
            if let probability {
                severity = min(severity, grade(probability: probability))
            }
        }
        return Assessment(
            summary: summary, robustZScore: robust, probability: probability, basis: .scores, severity: severity)
    }

    /// The grade of a probability alone: below `extremeProbability` extreme, below `moderateProbability`
    /// moderate, otherwise none (NaN: none).
    func grade(probability: Double) -> OutlierScore.Severity {
        if probability < extremeProbability { return .extreme }
        if probability < moderateProbability { return .moderate }
        return .none
    }

    /// The Poisson probability of a count at least as far from the reference mean; for an all-zero reference
    /// the conditional probability `(n + 1)^−k` that all `k` events fall in the one period.
    static func countProbability(_ x: Double, summary: OutlierScore.Summary) -> Double {
        guard summary.mean == 0, summary.standardDeviation == 0 else {
            return PoissonTail.beyond(x, mean: summary.mean).probability
        }
        guard x.isFinite else { return .nan }
        let k = max(0, x.rounded())
        return k == 0 ? 1 : exp(-k * log(Double(summary.referenceCount + 1)))
    }
}

/// The audit's decision whether a unit's change over time is inconsistent with the change of the unit it is
/// compared with, and how seriously.
///
///     ratio    = value ÷ reference                   (reference: the mean of the previous years that count)
///     relative = ratio ÷ comparisonRatio             (comparisonRatio: the parent's ratio, or 1)
///     moderate when |relative − 1| > band            (0.33)
///     extreme  when |relative − 1| > 2 × band
///
/// For counts the value must also be implausible as Poisson chance around the count the comparison predicts,
/// `expected = reference × comparisonRatio` (see `ConsistencyRatio.countTest`): `P < 10⁻³` to be reported at
/// all and `P < 10⁻⁶` to be extreme. The prediction is defined when the count is 0, so a drop to zero is
/// judged: births falling from about 20 a year to 0 while the county holds steady expect 20, and
/// `P(X ≤ 0 | 20) = 2.1 × 10⁻⁹` makes it extreme. The grades are `OutlierScore.Severity`'s three levels.
public struct ConsistencyRule: Sendable, Hashable {
    /// The allowed relative difference from the comparison ratio (`consistency.band`, 0.33).
    public var band: Double
    /// For counts, the Poisson probability a value must fall below to be reported: 10⁻³.
    public var moderateProbability: Double
    /// For counts, the Poisson probability below which a value can be extreme: 10⁻⁶.
    public var extremeProbability: Double

    /// A rule with the WHO band of 33% and, for counts, Poisson probabilities below 10⁻³ and 10⁻⁶.
    public init(
        band: Double = ConsistencyRatio.defaultTolerance, moderateProbability: Double = 1e-3,
        extremeProbability: Double = 1e-6
    ) {
        self.band = band
        self.moderateProbability = moderateProbability
        self.extremeProbability = extremeProbability
    }

    /// The decision for one unit, with the figures behind it.
    public struct Assessment: Sendable, Hashable {
        /// The value this period.
        public let value: Double
        /// The reference it is compared with.
        public let reference: Double
        /// `value ÷ reference`.
        public let ratio: Double
        /// The parent's ratio (or 1).
        public let comparisonRatio: Double
        /// `ratio ÷ comparisonRatio`.
        public let relative: Double
        /// For counts, the Poisson test around `reference × comparisonRatio`; nil for other values.
        public let countTest: ConsistencyRatio.CountTest?
        /// The grade: `none` when consistent.
        public let severity: OutlierScore.Severity
    }

    /// Judges a unit's value against its reference and the comparison ratio.
    ///
    /// The audit calls it once per unit and element: `rule.assess(value: now, reference:
    /// ReferenceYear.mean(years), comparisonRatio: parentRatio, isCount: element is an integer)`, and reports the
    /// unit when `severity != .none`, with `ratio` as the value, `comparisonRatio` as the expected ratio and
    /// `relative` as the score.
    ///
    /// - Returns: nil when the reference or the comparison ratio is not positive, or a figure is not finite
    ///   (no ratio to judge).
    public func assess(value: Double, reference: Double, comparisonRatio: Double, isCount: Bool) -> Assessment? {
        guard value.isFinite, reference.isFinite, comparisonRatio.isFinite, reference > 0, comparisonRatio > 0
        else { return nil }
        let ratio = value / reference
        let relative = ratio / comparisonRatio
        let distance = abs(relative - 1)
        var severity: OutlierScore.Severity = distance > 2 * band ? .extreme : distance > band ? .moderate : .none
        var test: ConsistencyRatio.CountTest?
        if isCount {
            let countTest = ConsistencyRatio.countTest(
                value: value, reference: reference, comparisonRatio: comparisonRatio)
            let p = countTest.tail.probability
            let allowed: OutlierScore.Severity =
                p < extremeProbability ? .extreme : p < moderateProbability ? .moderate : .none
            severity = min(severity, allowed)
            test = countTest
        }
        return Assessment(
            value: value, reference: reference, ratio: ratio, comparisonRatio: comparisonRatio, relative: relative,
            countTest: test, severity: severity)
    }
}

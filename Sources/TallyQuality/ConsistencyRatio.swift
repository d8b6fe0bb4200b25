/// Consistency over time (WHO *Data Quality Review*, 2017, module 2, "consistency of reported data"):
/// the current value against the mean of the preceding ones, and an organisation unit's ratio against its
/// parent's.
///
///     ratio    = value ÷ mean(previous three values)
///     relative = unitRatio ÷ parentRatio,   flagged when |relative − 1| > 0.33
///
/// The reference may instead be the forecast of the previous values' linear trend (`Reference.forecast`, the
/// DQR's "increasing/decreasing" expected trend), and a count is tested against the count the comparison
/// predicts, `reference × comparisonRatio` (`countTest`). `ConsistencyRule` makes the audit's decision and
/// `ConsistencyOverTime` builds the DQR's table.
public enum ConsistencyRatio {
    /// How the reference a value is compared with is formed from the previous values (the WHO DQR's "expected
    /// trend"; `referenceValue` in the DQR app's `src/appCore/dqAnalysisConsistency.js`).
    public enum Reference: Sendable, Hashable {
        /// The mean of the previous values that are present ("constant").
        case meanOfPrevious
        /// The least-squares linear trend of the previous values, one step on ("increasing/decreasing"); a
        /// negative forecast counts as 0.
        case forecast
    }

    /// A count set against the count its reference and the comparison predict.
    ///
    ///     expected = reference × comparisonRatio
    ///     P        = P(X ≤ value | expected) below it, P(X ≥ value | expected) at or above it   (Poisson)
    public struct CountTest: Sendable, Hashable {
        /// The count observed this period.
        public let value: Double
        /// The reference: the mean of the previous years (or their forecast).
        public let reference: Double
        /// The ratio the unit is compared with: its parent's ratio, or 1 ("compare to expected").
        public let comparisonRatio: Double
        /// `reference × comparisonRatio`: the count expected if the unit changed as the comparison did.
        public let expected: Double
        /// The Poisson probability of a count at least as far from `expected` as `value`, on its side.
        public let tail: PoissonTail.Result

        /// `value ÷ reference`, the unit's own ratio; nil when the reference is 0.
        public var ratio: Double? {
            reference != 0 ? value / reference : nil
        }

        /// `ratio ÷ comparisonRatio`; nil when either is missing or 0.
        public var relative: Double? {
            guard let ratio, comparisonRatio != 0 else { return nil }
            return ratio / comparisonRatio
        }
    }

    /// A unit's consistency ratio set against its parent's.
    public struct ParentComparison: Sendable, Hashable {
        /// `unitRatio ÷ parentRatio`.
        public let relative: Double
        /// The tolerance the comparison used (0.33 by default).
        public let tolerance: Double

        /// Whether the unit's ratio lies outside `1 ± tolerance` of its parent's: `|relative − 1| > tolerance`.
        public var isFlagged: Bool {
            abs(relative - 1) > tolerance
        }
    }

    /// The number of preceding values averaged by default: 3 (the WHO review's three preceding years).
    public static let defaultWindow = 3

    /// The tolerance around 1 of `relativeToParent` by default: 0.33.
    public static let defaultTolerance = 0.33

    /// `value ÷ mean(previous.suffix(window))`: the value over the mean of the last `window` preceding values
    /// (of all of them when fewer precede).
    ///
    /// - Parameters:
    ///   - value: the current value.
    ///   - previous: the preceding values, oldest first; the last `window` of them are averaged.
    ///   - window: how many preceding values to average, `≥ 1`; 3 by default.
    /// - Returns: nil when there are no previous values or their mean is 0.
    /// - Precondition: `window ≥ 1`.
    public static func ratio(value: Double, previous: [Double], window: Int = defaultWindow) -> Double? {
        precondition(window >= 1, "The window must hold at least one value")
        guard let mean = Summation.mean(previous.suffix(window)), mean != 0 else { return nil }
        return value / mean
    }

    /// The reference of the previous values (oldest first; nil for a year that is missing or does not count,
    /// see `ReferenceYear`): their mean, or their linear trend's forecast (negative forecasts count as 0, and a
    /// forecast above `cap` counts as `cap`, e.g. 1 for a reporting rate).
    ///
    /// - Returns: nil when no value is present (the mean) or fewer than 2 are (the forecast).
    public static func reference(_ previous: [Double?], method: Reference, cap: Double? = nil) -> Double? {
        switch method {
        case .meanOfPrevious:
            guard let mean = Summation.mean(previous.compactMap { $0 }) else { return nil }
            return cap.map { min(mean, $0) } ?? mean
        case .forecast:
            guard let forecast = LinearTrend(previous)?.forecast, forecast.isFinite else { return nil }
            let floored = max(0, forecast)
            return cap.map { min(floored, $0) } ?? floored
        }
    }

    /// Tests a count against the count predicted by its reference and the comparison ratio:
    /// `expected = reference × comparisonRatio` (the documented prediction; it is defined when the count is 0,
    /// unlike `value ÷ unitRatio × parentRatio`). A town whose higher-order births fall from about 20 a year to 0
    /// while its county holds steady (ratio 1) expects 20 and has `P(X ≤ 0 | 20) = e⁻²⁰ = 2.1 × 10⁻⁹`.
    ///
    /// - Parameters:
    ///   - value: the count this period.
    ///   - reference: the mean of the previous periods (or their forecast).
    ///   - comparisonRatio: the parent's ratio, or 1 to compare with the unit's own past.
    public static func countTest(value: Double, reference: Double, comparisonRatio: Double) -> CountTest {
        let expected = reference * comparisonRatio
        return CountTest(
            value: value, reference: reference, comparisonRatio: comparisonRatio, expected: expected,
            tail: PoissonTail.beyond(value, mean: expected))
    }

    /// A unit's ratio relative to its parent's: `unitRatio ÷ parentRatio`, flagged when outside `1 ± tolerance`.
    ///
    /// - Parameters:
    ///   - unitRatio: the unit's consistency ratio.
    ///   - parentRatio: the parent's (for example the national) consistency ratio.
    ///   - tolerance: the allowed relative difference; 0.33 by default.
    /// - Returns: nil when `parentRatio = 0`.
    public static func relativeToParent(
        unitRatio: Double,
        parentRatio: Double,
        tolerance: Double = defaultTolerance
    ) -> ParentComparison? {
        guard parentRatio != 0 else { return nil }
        return ParentComparison(relative: unitRatio / parentRatio, tolerance: tolerance)
    }
}

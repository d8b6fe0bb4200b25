/// Consistency over time (WHO *Data Quality Review*, 2017, module 2, "consistency of reported data"):
/// the current value against the mean of the preceding ones, and an organisation unit's ratio against its
/// parent's.
///
///     ratio    = value ÷ mean(previous three values)
///     relative = unitRatio ÷ parentRatio,   flagged when |relative − 1| > 0.33
public enum ConsistencyRatio {
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

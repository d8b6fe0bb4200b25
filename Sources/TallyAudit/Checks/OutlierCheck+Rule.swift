public import TallyCore
internal import TallyQuality

extension OutlierCheck {
    /// The audit's rule for one value of an element against the same unit's other values: the one place that says
    /// what an outlier is. The audit judges every stored value with it, and the entry form judges a typed value
    /// with it before saving (through Tally's entry form), so a clerk is warned about exactly what the audit would
    /// report.
    ///
    /// A value outside the element's `minimum`–`maximum` is extreme (``bounds(_:)``; the audit applies it to each
    /// stored value, one category option combo, DHIS2's MIN_MAX). Otherwise ``unusual(_:reference:)`` applies
    /// TallyQuality's `OutlierRule`: the z-score against the reference grades a value (moderate from
    /// `outliers.moderate`, 2 SD; extreme from `outliers.extreme`, 3 SD), and it is an outlier only when the robust
    /// score (the modified z-score, or the mean absolute deviation × 1.2533 when the MAD is 0) also reaches
    /// `outliers.modified` (3.5); a count must also be implausible as Poisson chance at the reference mean (below
    /// 1e-4; extreme only below 1e-7). A count against a constant reference is judged by the Poisson test alone.
    public struct Rule: Sendable {
        /// The smallest plausible value (the element's `minimum`).
        public var minimum: Double?
        /// The largest plausible value (the element's `maximum`).
        public var maximum: Double?
        /// Whether the values are counts (an integer element): adds the Poisson test.
        public var isCount: Bool
        /// Whether a value may be below zero.
        public var allowNegative: Bool
        /// The thresholds.
        public var settings: QualitySettings

        /// The rule for an element's values (no bounds and not a count when the element is unknown).
        public init(element: DataElement?, settings: QualitySettings) {
            minimum = element?.minimum
            maximum = element?.maximum
            isCount = element?.valueType.isCount ?? false
            allowNegative = element?.allowNegative ?? false
            self.settings = settings
        }

        /// How serious `x` is as an outlier against `reference` (the same unit's other values, `x` excluded), and
        /// why; `nil` when it is not one: ``bounds(_:)``, then ``unusual(_:reference:)``.
        public func judge(_ x: Double, reference: [Double]) -> (severity: Finding.Severity, reason: Payload.Reason)? {
            bounds(x) ?? unusual(x, reference: reference)
        }

        /// Extreme when `x` is outside the element's `minimum`–`maximum`; `nil` inside them or without bounds.
        public func bounds(_ x: Double) -> (severity: Finding.Severity, reason: Payload.Reason)? {
            if let minimum, x < minimum { return (.extreme, .belowMinimum(minimum: minimum, maximum: maximum)) }
            if let maximum, x > maximum { return (.extreme, .aboveMaximum(minimum: minimum, maximum: maximum)) }
            return nil
        }

        /// How serious `x` is as an outlier against `reference` by its scores alone (not its bounds), and why;
        /// `nil` when it is not one.
        public func unusual(_ x: Double, reference: [Double]) -> (severity: Finding.Severity, reason: Payload.Reason)? {
            let rule = OutlierRule(
                moderateZ: settings.outlierModerate, extremeZ: settings.outlierExtreme,
                modifiedZ: settings.outlierModified)
            guard let judged = rule.assess(x, reference: reference, isCount: isCount), judged.severity != .none
            else { return nil }
            let summary = judged.summary
            let usual = summary.expectedRange.map { NumberRange(low: $0.low, high: $0.high) }
            return (
                judged.severity == .extreme ? .extreme : .moderate,
                .unusual(
                    median: summary.median, usual: usual, zScore: judged.zScore, probability: judged.probability)
            )
        }

        /// The values the rule does not judge unusual against `reference`, as one range around the reference's
        /// median, for a form to mark a typed value at once: from the lowest to the highest value not flagged on
        /// each side (whole numbers for counts; an end is infinite when nothing on that side is flagged, and the
        /// low end is at least 0 for an element that may not be negative). `nil` when the rule flags nothing at
        /// all (too few values, or measurements that are all equal, and no bounds) or the reference is empty; a
        /// count against equal values has the range of the Poisson test.
        ///
        /// ``judge(_:reference:)`` decides; this range only shows where its decision changes, found by searching
        /// outwards from the median and then halving the interval, so it follows the rule whatever the rule is.
        public func usualRange(reference: [Double]) -> NumberRange? {
            guard let median = OutlierScore.median(reference), median.isFinite,
                judge(median, reference: reference) == nil
            else { return nil }
            let high = edge(from: median, upwards: true, reference: reference)
            let low = edge(from: median, upwards: false, reference: reference)
            guard low.isFinite || high.isFinite else { return nil }
            return NumberRange(low: allowNegative ? low : max(low, 0), high: high)
        }

        /// The last value not flagged going from `start` (not flagged) up or down; ±infinity when none is flagged
        /// within 2⁶⁰ times the start's magnitude (going down, none from 0 on for an element that may not be
        /// negative).
        func edge(from start: Double, upwards: Bool, reference: [Double]) -> Double {
            let sign = upwards ? 1.0 : -1.0
            let floor = allowNegative || upwards ? -Double.infinity : 0
            let scale = max(abs(start), 1)
            var inside = start
            var outside: Double?
            var step = isCount ? 1.0 : scale / 1024
            for _ in 0..<80 {
                let x = max(isCount ? (start + sign * step).rounded() : start + sign * step, floor)
                if judge(x, reference: reference) != nil {
                    outside = x
                    break
                }
                if x == floor || step > scale * 0x1p60 { return upwards ? .infinity : -.infinity }
                inside = x
                step *= 2
            }
            guard var outside else { return upwards ? .infinity : -.infinity }
            // Halve the interval between the last value not flagged and the first flagged.
            for _ in 0..<200 {
                if isCount {
                    guard abs(outside - inside) > 1 else { break }
                    let middle = ((inside + outside) / 2).rounded(.down)
                    if judge(middle, reference: reference) != nil { outside = middle } else { inside = middle }
                } else {
                    let middle = (inside + outside) / 2
                    guard middle != inside, middle != outside else { break }
                    if judge(middle, reference: reference) != nil { outside = middle } else { inside = middle }
                }
            }
            return inside
        }
    }
}

internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Outliers in each reporting unit's series of each element of a dataset.
///
/// A stored value (one category option combo, DHIS2's MIN_MAX) outside the element's `min`–`max` is extreme.
/// Otherwise the unit's total over the combos is judged by ``Rule`` (which applies `OutlierRule`) against the same unit's totals of the
/// dataset's period type in the three years up to the end of the audit period, the tested value excluded: the
/// z-score grades a value (WHO DQR: moderate at 2 SD, extreme at 3) and the robust score (the modified z-score,
/// or, when the MAD is 0, the mean absolute deviation × 1.2533) must reach 3.5 too. For counts (integer
/// elements) a value must also be implausible as chance: the Poisson probability, at the reference mean, of a
/// count at least as far out is below 1e-4 (1e-7 for extreme), so that the ordinary spread of small village
/// counts is not flagged. A count against a constant reference is judged by the Poisson test alone, and against
/// a reference of zeros by the chance that all its events fall in this one period. Verified counterparts are left
/// to the verification check.
public enum OutlierCheck: AuditCheck, AuditStep {
    /// A reporting unit's value that is out of bounds or far from its usual values; the finding's period is
    /// the value's.
    public struct Payload: FindingPayload {
        public typealias Check = OutlierCheck

        /// Why the value is an outlier.
        public enum Reason: Sendable, Equatable {
            /// Below the element's smallest plausible value.
            case belowMinimum(minimum: Double, maximum: Double?)
            /// Above the element's largest plausible value.
            case aboveMaximum(minimum: Double?, maximum: Double)
            /// Far from the unit's own values: their median, the mean ± 2 SD (nil with fewer than two values),
            /// the value's z-score (nil when the other values are all equal) and, for counts, the Poisson
            /// probability of a value at least as far out.
            case unusual(median: Double, usual: NumberRange?, zScore: Double?, probability: Double?)
        }

        /// The element.
        public var element: String
        /// The category option combo of a value out of bounds (its code, such as `male`); empty for the total.
        public var combo: String
        /// The value.
        public var value: Double
        /// Why it is an outlier.
        public var reason: Reason

        /// A finding's numbers.
        public init(element: String, combo: String = "", value: Double, reason: Reason) {
            self.element = element
            self.combo = combo
            self.value = value
            self.reason = reason
        }
    }

    public static let code = "outlier"
    public static let title = CheckTitle(zh: "异常值", en: "Outliers", table: "Outliers")

    static func run(_ audit: inout AuditRun) throws {
        let metadata = audit.metadata
        let tree = audit.tree
        let source = audit.aggregator.source
        let stored = source.storedPeriods
        let settings = audit.settings
        let period = audit.period
        let windowStart = period.end.adding(years: -settings.outlierYears) + 1
        var done: Set<String> = []
        // Verified recounts follow the reported values; the verification check covers them.
        let counterparts = Set(metadata.elements.compactMap(\.verifiedBy))
        for dataset in metadata.datasets {
            let reporters = dataset.reporters(below: audit.orgUnit, in: tree)
            let window = stored.indices.filter {
                stored[$0].type == dataset.periodType && stored[$0].start >= windowStart && stored[$0].end <= period.end
            }
            guard !reporters.isEmpty, !window.isEmpty else { continue }
            // The window's periods by stored index (-1: outside it), which of them are audited, and the reporters.
            var slot = [Int](repeating: -1, count: stored.count)
            for (k, p) in window.enumerated() { slot[p] = k }
            let audited = window.map { period.contains(stored[$0].start) }
            var reports = [Bool](repeating: false, count: tree.units.count)
            for unit in reporters { reports[unit] = true }
            for code in dataset.elements where !done.contains(code) && !counterparts.contains(code) {
                done.insert(code)
                guard let element = metadata.element(code) else { continue }
                let combos = metadata.combos(of: element)
                let values = try source.values(element: code, periods: window, within: audit.aggregator.scope)
                let rule = Rule(element: element, settings: settings)
                // The values out of bounds, each reported, in the order read; their (unit, period) cells are not
                // judged again as totals.
                let width = window.count
                var outOfBounds: Set<Int> = []
                for i in 0..<values.count {
                    let (unit, k) = (Int(values.orgUnit[i]), slot[Int(values.period[i])])
                    guard reports[unit], k >= 0, audited[k], let (severity, reason) = rule.bounds(values.value[i])
                    else { continue }
                    outOfBounds.insert(unit * width + k)
                    let c = Int(values.combo[i])
                    audit.add(
                        severity, unit: unit, period: stored[window[k]],
                        Payload(
                            element: code, combo: c < combos.count ? combos[c].code : "", value: values.value[i],
                            reason: reason))
                }
                // Each unit's series (its total over the combos in each period of the window) judged against the
                // unit's other periods: the values grouped by unit with a counting sort (the order read kept
                // within a unit), then summed into one row of the window at a time.
                var start = [Int](repeating: 0, count: tree.units.count + 1)
                for i in 0..<values.count where reports[Int(values.orgUnit[i])] && slot[Int(values.period[i])] >= 0 {
                    start[Int(values.orgUnit[i]) + 1] += 1
                }
                for u in 0..<tree.units.count { start[u + 1] += start[u] }
                var order = [Int](repeating: 0, count: start[tree.units.count])
                var next = start
                for i in 0..<values.count where reports[Int(values.orgUnit[i])] && slot[Int(values.period[i])] >= 0 {
                    let unit = Int(values.orgUnit[i])
                    order[next[unit]] = i
                    next[unit] += 1
                }
                var totals = [Double](repeating: 0, count: width)
                var has = [Bool](repeating: false, count: width)
                for unit in 0..<tree.units.count where start[unit] < start[unit + 1] {
                    for i in order[start[unit]..<start[unit + 1]] {
                        let k = slot[Int(values.period[i])]
                        totals[k] += values.value[i]
                        has[k] = true
                    }
                    for k in 0..<width where audited[k] && has[k] && !outOfBounds.contains(unit * width + k) {
                        var reference: [Double] = []
                        for j in 0..<width where j != k && has[j] { reference.append(totals[j]) }
                        guard let (severity, reason) = rule.unusual(totals[k], reference: reference) else { continue }
                        audit.add(
                            severity, unit: unit, period: stored[window[k]],
                            Payload(element: code, value: totals[k], reason: reason))
                    }
                    for k in 0..<width {
                        totals[k] = 0
                        has[k] = false
                    }
                }
            }
        }
    }
}

extension OutlierCheck.Payload {
    /// The z-score's size; without one (the other values all equal) the distance from them in Poisson standard
    /// deviations, |x − median| ÷ √max(median, 1).
    public var distance: Double {
        guard case .unusual(let median, _, let z, _) = reason else { return 0 }
        return z.map(abs) ?? abs(value - median) / max(median, 1).squareRoot()
    }

    public var scoring: ScoreMark? {
        ScoreMark(.values, key: element, reach: .enclosingUnits)
    }

    public var sentence: Sentence {
        let name = Word.element(element)
        let value = Word.count(self.value)
        let option =
            combo.isEmpty ? nil : Sentence(zh: "（\(.combo(element, combo))）", en: " (\(.combo(element, combo)))")
        switch reason {
        case .belowMinimum(let minimum, _):
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(option)\(value)，低于最小合理值\(.count(minimum))，请核查是否录入错误。",
                en:
                    "\(.unit) reported \(value) \(name)\(option) for \(.period), below the smallest plausible value, \(.count(minimum)): check for a typing error."
            )
        case .aboveMaximum(_, let maximum):
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(option)\(value)，高于最大合理值\(.count(maximum))，请核查是否录入错误。",
                en:
                    "\(.unit) reported \(value) \(name)\(option) for \(.period), above the largest plausible value, \(.count(maximum)): check for a typing error."
            )
        case .unusual(let median, let usual, let z?, _):
            let low = Word.decimal(max(usual?.low ?? 0, 0), places: 0)
            let high = Word.decimal(usual?.high ?? 0, places: 0)
            let sd = Word.decimal(abs(z), places: 1)
            return Sentence(
                zh:
                    "\(.unit)\(.period)报告\(name)\(value)，其常见值为\(low)–\(high)（中位数\(.count(median))），\(z > 0 ? "高于" : "低于")均值\(sd)个标准差，请核查是否录入错误。",
                en:
                    "\(.unit) reported \(value) \(name) for \(.period); its usual values are \(low)–\(high) (median \(.count(median))), so this is \(sd) standard deviations \(z > 0 ? "above" : "below") its mean: check for a typing error."
            )
        case .unusual(let median, _, nil, _):
            // The other periods all hold the same value: no spread to measure with, so the Poisson test decided.
            let usual = Word.count(median)
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(value)，而其他各期均为\(usual)，如此偏离几乎不可能是偶然，请核查是否录入错误。",
                en:
                    "\(.unit) reported \(value) \(name) for \(.period), where every other period has \(usual): a count that far out is almost impossible by chance, so check for a typing error."
            )
        }
    }

    public var columns: FindingColumns {
        let element = combo.isEmpty ? self.element : "\(self.element).\(combo)"
        switch reason {
        case .belowMinimum(let minimum, let maximum):
            return FindingColumns(element: element, value: value, low: minimum, high: maximum)
        case .aboveMaximum(let minimum, let maximum):
            return FindingColumns(element: element, value: value, low: minimum, high: maximum)
        case .unusual(let median, let usual, let z, _):
            return FindingColumns(
                element: element, value: value, expected: median, low: usual?.low, high: usual?.high, score: z)
        }
    }
}

internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Outliers in each reporting unit's series of each element of a dataset.
///
/// A value outside the element's `minimum`–`maximum` is extreme. Otherwise the reference is the same unit's
/// values of the dataset's period type in the three years up to the end of the audit period, the tested value
/// excluded. The z-score grades a value (WHO DQR: moderate at 2 SD, extreme at 3); it is reported only when the
/// modified z-score (0.6745 · |x − median| ÷ MAD) also reaches 3.5 (a MAD of 0 gives 0: DHIS2's rule). For
/// counts (integer elements) a value must also be implausible as chance: the Poisson probability, at the
/// reference mean, of a count at least as far out is below 1e-4 (1e-7 for extreme), so that the ordinary spread
/// of small village counts is not flagged. Verified counterparts are left to the verification check.
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
            /// Far from the unit's own values: their median, the mean ± 2 SD (nil with fewer than two values)
            /// and the value's z-score.
            case unusual(median: Double, usual: NumberRange?, zScore: Double)
        }

        /// The element.
        public var element: String
        /// The value.
        public var value: Double
        /// Why it is an outlier.
        public var reason: Reason
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
            let reporters = Set(tree.descendants(of: audit.orgUnit, atLevel: dataset.level))
            let window = stored.indices.filter {
                stored[$0].type == dataset.periodType && stored[$0].start >= windowStart && stored[$0].end <= period.end
            }
            guard !reporters.isEmpty, !window.isEmpty else { continue }
            for element in dataset.elements where !done.contains(element) && !counterparts.contains(element) {
                done.insert(element)
                let values = try source.values(element: element, periods: window)
                // Each unit's series: period index → total over combos.
                var series: [Int: [Int: Double]] = [:]
                for i in 0..<values.count where reporters.contains(Int(values.orgUnit[i])) {
                    series[Int(values.orgUnit[i]), default: [:]][Int(values.period[i]), default: 0] += values.value[i]
                }
                let rule = Rule(element: metadata.element(element), settings: settings)
                for (unit, byPeriod) in series {
                    for (p, x) in byPeriod where period.contains(stored[p].start) {
                        let reference = byPeriod.filter { $0.key != p }.map(\.value)
                        guard let (severity, reason) = rule.judge(x, reference: reference) else { continue }
                        audit.add(
                            severity, unit: unit, period: stored[p], Payload(element: element, value: x, reason: reason)
                        )
                    }
                }
            }
        }
    }
}

extension OutlierCheck.Payload {
    public var distance: Double {
        guard case .unusual(_, _, let z) = reason else { return 0 }
        return abs(z)
    }

    public var scoring: ScoreMark? {
        ScoreMark(.values, key: element, reach: .enclosingUnits)
    }

    public var sentence: Sentence {
        let name = Word.element(element)
        let value = Word.count(self.value)
        switch reason {
        case .belowMinimum(let minimum, _):
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(value)，低于最小合理值\(.count(minimum))，请核查是否录入错误。",
                en:
                    "\(.unit) reported \(value) \(name) for \(.period), below the smallest plausible value, \(.count(minimum)): check for a typing error."
            )
        case .aboveMaximum(_, let maximum):
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(value)，高于最大合理值\(.count(maximum))，请核查是否录入错误。",
                en:
                    "\(.unit) reported \(value) \(name) for \(.period), above the largest plausible value, \(.count(maximum)): check for a typing error."
            )
        case .unusual(let median, let usual, let z):
            let low = Word.decimal(max(usual?.low ?? 0, 0), places: 0)
            let high = Word.decimal(usual?.high ?? 0, places: 0)
            let sd = Word.decimal(abs(z), places: 1)
            return Sentence(
                zh:
                    "\(.unit)\(.period)报告\(name)\(value)，其常见值为\(low)–\(high)（中位数\(.count(median))），\(z > 0 ? "高于" : "低于")均值\(sd)个标准差，请核查是否录入错误。",
                en:
                    "\(.unit) reported \(value) \(name) for \(.period); its usual values are \(low)–\(high) (median \(.count(median))), so this is \(sd) standard deviations \(z > 0 ? "above" : "below") its mean: check for a typing error."
            )
        }
    }

    public var columns: FindingColumns {
        switch reason {
        case .belowMinimum(let minimum, let maximum):
            FindingColumns(element: element, value: value, low: minimum, high: maximum)
        case .aboveMaximum(let minimum, let maximum):
            FindingColumns(element: element, value: value, low: minimum, high: maximum)
        case .unusual(let median, let usual, let z):
            FindingColumns(
                element: element, value: value, expected: median, low: usual?.low, high: usual?.high, score: z)
        }
    }
}

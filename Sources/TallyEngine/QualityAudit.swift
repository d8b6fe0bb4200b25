public import TallyCore
internal import TallyQuality

/// One data-quality finding: a number an office should not trust without a look.
public struct Finding: Sendable, Equatable {
    /// The check that found it.
    public enum Check: String, Sendable, CaseIterable {
        /// Reported counts against the events the population and a reference rate imply (漏报).
        case expectedVsReported = "expected_vs_reported"
        /// Reported counts against an independent recount (核实).
        case verification
        /// Reports received ÷ reports expected, per dataset.
        case completeness
        /// A reporting unit's reports that have not arrived.
        case missingReport = "missing_report"
        /// Reports received by the due date ÷ reports expected, per dataset.
        case timeliness
        /// A report first stored after its due date.
        case lateReport = "late_report"
        /// A value far from the same unit's other values of the last years.
        case outlier
        /// Values present ÷ values expected, per element.
        case elementCompleteness = "element_completeness"
        /// A validation rule that does not hold.
        case validation
        /// A unit whose change on its own past years differs from its parent's.
        case consistency
        /// A unit's data-quality score: the share of the applicable checks it passed.
        case score
    }

    /// How serious it is.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        /// For information (the data-quality score).
        case info
        /// Worth a look.
        case moderate
        /// Very unlikely to be chance.
        case extreme

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

        var rank: Int {
            switch self {
            case .info: 0
            case .moderate: 1
            case .extreme: 2
            }
        }
    }

    /// The check.
    public var check: Check
    /// The severity.
    public var severity: Severity
    /// The org unit (tree index).
    public var unit: Int
    /// The period.
    public var period: Period
    /// The element checked.
    public var element: String
    /// The reported value.
    public var value: Double?
    /// What was expected: the implied count, or the verified count.
    public var expected: Double?
    /// The lower end of the accepted range.
    public var low: Double?
    /// The upper end of the accepted range.
    public var high: Double?
    /// A score: reported ÷ expected, or verified ÷ reported.
    public var score: Double?
    /// Events that may be unreported (expected minus reported), for the expected-vs-reported check.
    public var unreported: Double?
    /// The dataset, for the reporting checks.
    public var dataset: String?
    /// The periods concerned: the missing reports, or the late report's period.
    public var periods: [Period] = []
    /// When a late report was first stored (seconds since 1970), and when it was due (day).
    public var stored: Int64?
    /// The values equal to zero, for the completeness of an element's data.
    public var zeros: Int?
    /// The validation rule.
    public var rule: String?
    /// The reported rate minus the reference rate, in per-mille points (expected vs reported).
    public var rateGap: Double?
    /// The due date of a late report.
    public var due: Day?

    /// A finding.
    public init(
        check: Check, severity: Severity, unit: Int, period: Period, element: String, value: Double?, expected: Double?,
        low: Double?, high: Double?, score: Double?, unreported: Double?
    ) {
        self.check = check
        self.severity = severity
        self.unit = unit
        self.period = period
        self.element = element
        self.value = value
        self.expected = expected
        self.low = low
        self.high = high
        self.score = score
        self.unreported = unreported
    }
}

/// The groups of checks that make up a unit's data-quality score.
public enum ScoreGroup: String, Sendable, CaseIterable {
    /// Reports received: completeness of reporting and missing reports, per dataset.
    case reporting
    /// Reports on time: timeliness and late reports, per dataset.
    case timeliness
    /// The values themselves: completeness of each element's data and outliers, per element.
    case values
    /// Reported against expected from the population, per element with a reference rate.
    case expectedVsReported = "expected_vs_reported"
    /// Reported against verified, per element with a verified counterpart.
    case verification
    /// Validation rules, per rule.
    case validation
}

/// The audit of an org unit and the units below it over a period.
public struct AuditResult: Sendable {
    /// The period audited.
    public var period: Period
    /// The units audited (tree indices), the org unit first.
    public var units: [Int]
    /// The findings, the most serious first.
    public var findings: [Finding]
    /// Per element with a reference rate: the org unit's reported and expected counts.
    public var totals: [(element: String, reported: Double, expected: Double)]

    /// A result.
    public init(
        period: Period, units: [Int], findings: [Finding],
        totals: [(element: String, reported: Double, expected: Double)]
    ) {
        self.period = period
        self.units = units
        self.findings = findings
        self.totals = totals
    }
}

/// Runs the data-quality checks over an org unit and the units of a scope.
///
/// - Expected vs reported (OpenCRVS' estimate): for an element with a `reference_rate` (events per 1,000 per
///   year), expected = rate ÷ 1000 × population × days ÷ 365; a unit is flagged when the expected count lies
///   outside the exact (Garwood) Poisson interval of its reported count at the configured confidence
///   (moderate), or outside the 99.9% interval (extreme).
/// - Verification factor (WHO DQR): for an element with a `verified_by` counterpart, verified ÷ reported; flagged
///   below `verification.low` (over-reporting) or above `verification.high` (under-reporting), and where a unit
///   reports events but none are verified. Extreme when the factor is off by more than twice the tolerance.
public struct QualityAudit {
    /// The aggregator.
    public let aggregator: Aggregator

    /// An audit over an aggregator.
    public init(aggregator: Aggregator) {
        self.aggregator = aggregator
    }

    var metadata: Metadata { aggregator.metadata }

    /// Audits `orgUnit` and the units of `scope` over `period`.
    ///
    /// - Parameter asOf: reports are expected only for periods whose due date lies before this day (default:
    ///   every period of the audit period).
    public func run(orgUnit: Int, period: Period, scope: Scope = .children, asOf: Day? = nil) throws -> AuditResult {
        let tree = aggregator.tree
        var units = [orgUnit]
        switch scope {
        case .unit: break
        case .children: units += tree.children(orgUnit)
        case .level(let level): units += tree.descendants(of: orgUnit, atLevel: level).filter { $0 != orgUnit }
        }
        var findings: [Finding] = []
        var totals: [(element: String, reported: Double, expected: Double)] = []
        let settings = metadata.quality
        if let populationCode = settings.population {
            let population = try aggregator.totals(ElementReference(element: populationCode), period: period)
            for element in metadata.elements {
                guard let rate = element.referenceRate else { continue }
                let reported = try aggregator.totals(ElementReference(element: element.code), period: period)
                for u in units {
                    guard let pop = population[u], pop > 0 else { continue }
                    let count = reported[u] ?? 0
                    let events = ExpectedEvents(
                        reported: Int(count.rounded()), population: pop, days: period.days, ratePerThousand: rate,
                        confidence: settings.confidence)
                    if u == orgUnit { totals.append((element.code, count, events.expected)) }
                    guard events.isUnderReported || events.isOverReported else { continue }
                    let strict = PoissonInterval.garwood(count: Int(count.rounded()), confidence: 0.999)
                    let extreme = events.expected > strict.high || events.expected < strict.low
                    var finding = Finding(
                        check: .expectedVsReported, severity: extreme ? .extreme : .moderate, unit: u, period: period,
                        element: element.code, value: count, expected: events.expected, low: events.reportedLowerLimit,
                        high: events.reportedUpperLimit, score: events.expected > 0 ? count / events.expected : nil,
                        unreported: events.shortfall)
                    finding.rateGap = events.rateGap
                    findings.append(finding)
                }
            }
        }
        for element in metadata.elements {
            guard let counterpart = element.verifiedBy else { continue }
            let reported = try aggregator.totals(ElementReference(element: element.code), period: period)
            let verified = try aggregator.totals(ElementReference(element: counterpart), period: period)
            for u in units {
                guard let r = reported[u], r > 0 else { continue }
                let check = VerificationFactor(
                    reported: r, verified: verified[u], lowerThreshold: settings.verificationLow,
                    upperThreshold: settings.verificationHigh)
                guard check.flag != nil else { continue }
                let factor = check.factor ?? 0
                let tolerance = factor < 1 ? 1 - settings.verificationLow : settings.verificationHigh - 1
                let extreme = check.flag == .reportsWithoutVerification || abs(factor - 1) > 2 * tolerance
                findings.append(
                    Finding(
                        check: .verification, severity: extreme ? .extreme : .moderate, unit: u, period: period,
                        element: element.code, value: r, expected: verified[u] ?? 0, low: settings.verificationLow,
                        high: settings.verificationHigh, score: check.factor, unreported: nil))
            }
        }
        findings += try reporting(orgUnit: orgUnit, units: units, period: period, asOf: asOf)
        findings += try outliers(orgUnit: orgUnit, period: period)
        findings += try elementCompleteness(orgUnit: orgUnit, units: units, period: period, asOf: asOf)
        findings += try validation(orgUnit: orgUnit, period: period)
        findings += try consistency(orgUnit: orgUnit, units: units, period: period)
        findings += scores(units: units, findings: findings, period: period)
        findings.sort { ($0.severity, Self.distance($0)) > ($1.severity, Self.distance($1)) }
        return AuditResult(period: period, units: units, findings: findings, totals: totals)
    }

    /// How far a finding lies from what was expected, for ordering the worst first.
    static func distance(_ f: Finding) -> Double {
        switch f.check {
        case .expectedVsReported: abs(1 - (f.score ?? 1))
        case .verification: abs(1 - (f.score ?? 0))
        case .completeness, .timeliness: 1 - (f.score ?? 0)
        case .missingReport: Double(f.periods.count) / 1000
        case .lateReport: (f.score ?? 0) / 100_000
        case .outlier: abs(f.score ?? 0)
        case .elementCompleteness: 1 - (f.score ?? 0)
        case .validation: abs((f.value ?? 0) - (f.expected ?? 0))
        case .consistency: abs(1 - (f.score ?? 1))
        case .score: 1 - (f.score ?? 1)
        }
    }

    /// Outliers in each reporting unit's series of each element of a dataset.
    ///
    /// The reference is the same unit's values of the dataset's period type in the three years up to the end
    /// of the audit period, the tested value excluded. The z-score grades a value (WHO DQR: moderate at 2 SD,
    /// extreme at 3); it is reported only when the modified z-score (0.6745 · |x − median| ÷ MAD) also reaches
    /// 3.5 (a MAD of 0 gives 0: DHIS2's rule). For counts (integer elements) a value must also be implausible
    /// as chance: the Poisson probability, at the reference mean, of a count at least as far out is below 1e-4
    /// (1e-7 for extreme), so that the ordinary spread of small village counts is not flagged. Verified
    /// counterparts are left to the verification check.
    func outliers(orgUnit: Int, period: Period) throws -> [Finding] {
        let tree = aggregator.tree
        let source = aggregator.source
        let stored = source.storedPeriods
        let settings = metadata.quality
        let windowStart = period.end.adding(years: -settings.outlierYears) + 1
        var findings: [Finding] = []
        var done: Set<String> = []
        // Verified recounts follow the reported values; the verification check covers them.
        let counterparts = Set(metadata.elements.compactMap(\.verifiedBy))
        for dataset in metadata.datasets {
            let reporters = Set(tree.descendants(of: orgUnit, atLevel: dataset.level))
            let window = stored.indices.filter {
                stored[$0].type == dataset.periodType && stored[$0].start >= windowStart && stored[$0].end <= period.end
            }
            guard !reporters.isEmpty, !window.isEmpty else { continue }
            for element in dataset.elements where !done.contains(element) && !counterparts.contains(element) {
                done.insert(element)
                let isCount = metadata.element(element)?.valueType == .integer
                let values = try source.values(element: element, periods: window)
                // Each unit's series: period index → total over combos.
                var series: [Int: [Int: Double]] = [:]
                for i in 0..<values.count where reporters.contains(Int(values.orgUnit[i])) {
                    series[Int(values.orgUnit[i]), default: [:]][Int(values.period[i]), default: 0] += values.value[i]
                }
                let bounds = metadata.element(element).map { ($0.minimum, $0.maximum) } ?? (nil, nil)
                for (unit, byPeriod) in series {
                    for (p, x) in byPeriod where period.contains(stored[p].start) {
                        if let low = bounds.0, x < low {
                            findings.append(
                                Finding(
                                    check: .outlier, severity: .extreme, unit: unit, period: stored[p],
                                    element: element, value: x, expected: nil, low: low, high: bounds.1, score: nil,
                                    unreported: nil))
                            continue
                        }
                        if let high = bounds.1, x > high {
                            findings.append(
                                Finding(
                                    check: .outlier, severity: .extreme, unit: unit, period: stored[p],
                                    element: element, value: x, expected: nil, low: bounds.0, high: high, score: nil,
                                    unreported: nil))
                            continue
                        }
                        let reference = byPeriod.filter { $0.key != p }.map(\.value)
                        guard let summary = OutlierScore.summary(x, reference: reference), let z = summary.zScore,
                            abs(z) >= settings.outlierModerate, summary.modifiedZScore >= settings.outlierModified
                        else { continue }
                        var extreme = abs(z) >= settings.outlierExtreme
                        if isCount {
                            // Counts: also implausible as chance under a Poisson law with the reference mean.
                            let tail = Self.poissonTail(x, mean: summary.mean)
                            guard tail < 1e-4 else { continue }
                            extreme = extreme && tail < 1e-7
                        }
                        let range = summary.expectedRange
                        findings.append(
                            Finding(
                                check: .outlier, severity: extreme ? .extreme : .moderate, unit: unit,
                                period: stored[p], element: element, value: x, expected: summary.median,
                                low: range?.low,
                                high: range?.high, score: z, unreported: nil))
                    }
                }
            }
        }
        return findings
    }

    /// The reporting periods of a dataset inside the audit period that are expected (inside its dates, due
    /// before `asOf`).
    func expectedPeriods(_ dataset: DataSet, in period: Period, asOf: Day?) -> [Period] {
        period.periods(of: dataset.periodType).filter { q in
            dataset.expects(q) && asOf.map { q.end + dataset.dueDays < $0 } ?? true
        }
    }

    /// Completeness of each element's data: values present ÷ values expected (reporting units × expected
    /// periods × the element's combos), with zeros counted apart (WHO DQR: completeness of indicator data).
    func elementCompleteness(orgUnit: Int, units: [Int], period: Period, asOf: Day?) throws -> [Finding] {
        let tree = aggregator.tree
        let source = aggregator.source
        var storedIndex: [Period: Int] = [:]
        for (i, p) in source.storedPeriods.enumerated() { storedIndex[p] = i }
        var findings: [Finding] = []
        var done: Set<String> = []
        for dataset in metadata.datasets {
            let periods = expectedPeriods(dataset, in: period, asOf: asOf)
            let reporters = tree.descendants(of: orgUnit, atLevel: dataset.level)
            guard !periods.isEmpty, !reporters.isEmpty else { continue }
            let isReporter = Set(reporters)
            for code in dataset.elements where !done.contains(code) {
                done.insert(code)
                guard let element = metadata.element(code) else { continue }
                let combos = metadata.combos(of: element).count
                let values = try source.values(element: code, periods: periods.compactMap { storedIndex[$0] })
                var present = [Int](repeating: 0, count: tree.count)
                var zeros = [Int](repeating: 0, count: tree.count)
                var expected = [Int](repeating: 0, count: tree.count)
                for i in 0..<values.count where isReporter.contains(Int(values.orgUnit[i])) {
                    present[Int(values.orgUnit[i])] += 1
                    if values.value[i] == 0 { zeros[Int(values.orgUnit[i])] += 1 }
                }
                for r in reporters { expected[r] = periods.count * combos }
                for i in stride(from: tree.count - 1, through: 0, by: -1) where tree.parent[i] >= 0 {
                    let p = Int(tree.parent[i])
                    present[p] += present[i]
                    zeros[p] += zeros[i]
                    expected[p] += expected[i]
                }
                for u in units where expected[u] > 0 {
                    let share = Double(present[u]) / Double(expected[u])
                    let threshold = metadata.quality.elementCompleteness
                    guard share < threshold else { continue }
                    var f = Finding(
                        check: .elementCompleteness, severity: share < threshold - 0.15 ? .extreme : .moderate, unit: u,
                        period: period, element: code, value: Double(present[u]), expected: Double(expected[u]),
                        low: threshold, high: nil, score: share, unreported: nil)
                    f.zeros = zeros[u]
                    f.dataset = dataset.code
                    findings.append(f)
                }
            }
        }
        return findings
    }

    /// Validation rules, per reporting unit and period: `left operator right` with the rule's missing-value
    /// strategy; each violation names the unit, the period and both sides.
    func validation(orgUnit: Int, period: Period) throws -> [Finding] {
        let tree = aggregator.tree
        var findings: [Finding] = []
        for rule in metadata.validationRules {
            let references = rule.left.references + rule.right.references
            let datasets = metadata.datasets.filter { d in references.contains { d.elements.contains($0.element) } }
            guard let type = rule.periodType ?? datasets.first?.periodType else { continue }
            let level = rule.level ?? datasets.map(\.level).max() ?? tree.depth
            let units = tree.descendants(of: orgUnit, atLevel: level)
            for q in period.periods(of: type) {
                var totals: [ElementReference: [Double?]] = [:]
                for reference in references where totals[reference] == nil {
                    totals[reference] = try aggregator.totals(reference, period: q)
                }
                for u in units {
                    let missing = references.filter { (totals[$0]?[u] ?? nil) == nil }
                    switch rule.missing {
                    case .skipIfAnyMissing where !missing.isEmpty: continue
                    case .skipIfAllMissing where missing.count == references.count: continue
                    default: break
                    }
                    let lookup: (ElementReference) -> Double? = { (totals[$0]?[u] ?? nil) ?? 0 }
                    guard let left = rule.left.evaluate(lookup), let right = rule.right.evaluate(lookup) else {
                        continue
                    }
                    guard !rule.op.holds(left, right) else { continue }
                    var f = Finding(
                        check: .validation, severity: .moderate, unit: u, period: q,
                        element: references.first?.element ?? "",
                        value: left, expected: right, low: nil, high: nil, score: nil, unreported: nil)
                    f.rule = rule.code
                    findings.append(f)
                }
            }
        }
        return findings
    }

    /// Consistency over time (WHO DQR): a unit's value ÷ the mean of the same period in the previous years (up
    /// to three, those with data), compared with its parent's ratio; flagged when the two differ by more than
    /// the band (33%), extreme beyond twice the band. For counts the value must also be implausible as chance:
    /// the Poisson probability, around what the parent's ratio predicts, of a count at least as far out is below
    /// 1e-3 (1e-6 for extreme). Verified counterparts are left to verification.
    func consistency(orgUnit: Int, units: [Int], period: Period) throws -> [Finding] {
        let settings = metadata.quality
        let counterparts = Set(metadata.elements.compactMap(\.verifiedBy))
        var findings: [Finding] = []
        let children = units.filter { $0 != orgUnit }
        guard !children.isEmpty else { return [] }
        for element in metadata.elements where element.aggregation == .sum && !counterparts.contains(element.code) {
            let reference = ElementReference(element: element.code)
            let now = try aggregator.totals(reference, period: period)
            var before: [[Double?]] = []
            var p = period
            for _ in 0..<settings.consistencyYears {
                p = p.sameLastYear
                before.append(try aggregator.totals(reference, period: p))
            }
            func ratio(_ u: Int) -> Double? {
                // The mean of the previous years that have data (at most `consistencyYears`), oldest first.
                let past = before.reversed().compactMap { $0[u] }
                guard let value = now[u], !past.isEmpty else { return nil }
                return ConsistencyRatio.ratio(value: value, previous: past, window: settings.consistencyYears)
            }
            guard let parentRatio = ratio(orgUnit), parentRatio > 0 else { continue }
            for u in children {
                guard let unitRatio = ratio(u),
                    let comparison = ConsistencyRatio.relativeToParent(
                        unitRatio: unitRatio, parentRatio: parentRatio, tolerance: settings.consistencyBand),
                    comparison.isFlagged, let value = now[u]
                else { continue }
                var extreme = abs(comparison.relative - 1) > 2 * settings.consistencyBand
                if element.valueType == .integer {
                    // Counts: the value must be implausible as chance around what the parent's change predicts.
                    let predicted = value / unitRatio * parentRatio
                    let tail = Self.poissonTail(value, mean: predicted)
                    guard tail < 1e-3 else { continue }
                    extreme = extreme && tail < 1e-6
                }
                findings.append(
                    Finding(
                        check: .consistency, severity: extreme ? .extreme : .moderate,
                        unit: u, period: period, element: element.code, value: unitRatio, expected: parentRatio,
                        low: 1 - settings.consistencyBand, high: 1 + settings.consistencyBand,
                        score: comparison.relative, unreported: nil))
            }
        }
        return findings
    }

    /// Each audited unit's data-quality score: the share of the checks that apply to it which it passed; see
    /// ``scoreCards(units:findings:)``.
    func scores(units: [Int], findings: [Finding], period: Period) -> [Finding] {
        let cards = scoreCards(units: units, findings: findings)
        return units.compactMap { u in
            let groups = cards[u] ?? [:]
            let applicable = groups.values.reduce(0) { $0 + $1.applicable }
            let passed = groups.values.reduce(0) { $0 + $1.passed }
            guard applicable > 0 else { return nil }
            return Finding(
                check: .score, severity: .info, unit: u, period: period,
                element: "", value: Double(passed), expected: Double(applicable), low: nil, high: nil,
                score: Double(passed) / Double(applicable), unreported: nil)
        }
    }

    /// Per unit and group of checks, how many of the checks that apply to the unit it passed. Checks apply per
    /// dataset (completeness, timeliness), per element (completeness of its data and outliers; the
    /// reference-rate and verification checks where declared) and per validation rule. A rate fails on the
    /// unit's own finding; a missing or late report, an outlier or a broken rule fails it when found anywhere
    /// below the unit. Groups that do not apply to a unit are absent.
    public func scoreCards(units: [Int], findings: [Finding]) -> [Int: [ScoreGroup: (passed: Int, applicable: Int)]] {
        let tree = aggregator.tree
        var result: [Int: [ScoreGroup: (passed: Int, applicable: Int)]] = [:]
        for u in units {
            let inside = { (f: Finding) in tree.subtree(u).contains(f.unit) }
            var groups: [ScoreGroup: (passed: Int, applicable: Int)] = [:]
            func tally(_ group: ScoreGroup, _ keys: [String], _ failing: (String) -> Bool) {
                guard !keys.isEmpty else { return }
                groups[group] = (keys.count - keys.filter(failing).count, keys.count)
            }
            let datasets = metadata.datasets.filter { !tree.descendants(of: u, atLevel: $0.level).isEmpty }.map(\.code)
            // A rate judges the unit's own share; a missing or late report, an outlier or a broken rule anywhere below
            // the unit fails the check for it too.
            let own = { (f: Finding) in f.unit == u }
            tally(.reporting, datasets) { d in
                findings.contains {
                    $0.dataset == d
                        && (($0.check == .completeness && own($0)) || ($0.check == .missingReport && inside($0)))
                }
            }
            tally(.timeliness, datasets) { d in
                findings.contains {
                    $0.dataset == d && (($0.check == .timeliness && own($0)) || ($0.check == .lateReport && inside($0)))
                }
            }
            let elements = Set(datasets.flatMap { d in metadata.datasets.first { $0.code == d }!.elements }).sorted()
            tally(.values, elements) { e in
                findings.contains {
                    $0.element == e
                        && (($0.check == .elementCompleteness && own($0)) || ($0.check == .outlier && inside($0)))
                }
            }
            tally(.expectedVsReported, metadata.elements.filter { $0.referenceRate != nil }.map(\.code)) { e in
                findings.contains { $0.check == .expectedVsReported && $0.element == e && $0.unit == u }
            }
            tally(.verification, metadata.elements.filter { $0.verifiedBy != nil }.map(\.code)) { e in
                findings.contains { $0.check == .verification && $0.element == e && $0.unit == u }
            }
            tally(.validation, metadata.validationRules.map(\.code)) { r in
                findings.contains { $0.check == .validation && $0.rule == r && inside($0) }
            }
            result[u] = groups
        }
        return result
    }

    /// ``poissonTail(_:mean:)`` for tests.
    public static func poissonTailForTesting(_ x: Double, mean: Double) -> Double { poissonTail(x, mean: mean) }

    /// The probability of a Poisson count at least as far from `mean` as `x`, on its side: P(X ≥ x) above
    /// the mean, P(X ≤ x) below it.
    static func poissonTail(_ x: Double, mean: Double) -> Double {
        guard mean > 0 else { return x > 0 ? 0 : 1 }
        let k = x.rounded()
        if k >= mean {
            return k <= 0 ? 1 : PoissonInterval.regularizedGammaP(k, mean)
        }
        return PoissonInterval.regularizedGammaQ(k + 1, mean)
    }

    /// Completeness and timeliness of reporting (WHO DQR; DHIS2 reporting rates), per dataset.
    ///
    /// A report is expected from every unit of the dataset's level, for every period of its type that starts
    /// inside the audit period, lies inside the dataset's dates and is due (period end + due days) before
    /// `asOf`. It counts as received when any of its elements has a value, and as on time when its first value
    /// was stored by the end of the due day.
    func reporting(orgUnit: Int, units: [Int], period: Period, asOf: Day?) throws -> [Finding] {
        let tree = aggregator.tree
        let source = aggregator.source
        let stored = source.storedPeriods
        var storedIndex: [Period: Int] = [:]
        for (i, p) in stored.enumerated() { storedIndex[p] = i }
        let settings = metadata.quality
        var findings: [Finding] = []
        for dataset in metadata.datasets {
            let due = { (q: Period) in q.end + dataset.dueDays }
            let expectedPeriods = self.expectedPeriods(dataset, in: period, asOf: asOf)
            let reporters = tree.descendants(of: orgUnit, atLevel: dataset.level)
            guard !expectedPeriods.isEmpty, !reporters.isEmpty else { continue }
            let n = expectedPeriods.count
            var slot: [Int: Int] = [:]  // stored period index → index in expectedPeriods
            for (qi, q) in expectedPeriods.enumerated() { if let i = storedIndex[q] { slot[i] = qi } }
            var first: [Int: Double] = [:]  // unit × n + period slot → first stored time
            for element in dataset.elements {
                let times = try source.createdTimes(element: element, periods: Array(slot.keys))
                for i in 0..<times.count {
                    guard let qi = slot[Int(times.period[i])] else { continue }
                    let key = Int(times.orgUnit[i]) * n + qi
                    first[key] = min(first[key] ?? .infinity, times.value[i])
                }
            }
            var received = [Int](repeating: 0, count: tree.count)
            var onTime = [Int](repeating: 0, count: tree.count)
            var expected = [Int](repeating: 0, count: tree.count)
            for r in reporters {
                var missing: [Period] = []
                for (qi, q) in expectedPeriods.enumerated() {
                    guard let time = first[r * n + qi] else {
                        missing.append(q)
                        continue
                    }
                    let deadline = Double((due(q).ordinal + 1) * 86_400 - 1)
                    if time <= deadline {
                        onTime[r] += 1
                    } else {
                        let daysLate = Int((time - deadline) / 86_400) + 1
                        var f = Finding(
                            check: .lateReport, severity: .moderate, unit: r, period: q,
                            element: dataset.elements.first ?? "",
                            value: Double(daysLate), expected: nil, low: nil, high: nil, score: Double(daysLate),
                            unreported: nil)
                        f.dataset = dataset.code
                        f.periods = [q]
                        f.stored = Int64(time)
                        f.due = due(q)
                        findings.append(f)
                    }
                    received[r] += 1
                }
                expected[r] = n
                if !missing.isEmpty {
                    var f = Finding(
                        check: .missingReport, severity: .moderate, unit: r, period: period,
                        element: dataset.elements.first ?? "",
                        value: Double(missing.count), expected: Double(n), low: nil, high: nil, score: nil,
                        unreported: nil)
                    f.dataset = dataset.code
                    f.periods = missing
                    findings.append(f)
                }
            }
            // Add the reporters' counts up the tree, then judge each audited unit.
            for i in stride(from: tree.count - 1, through: 0, by: -1) where tree.parent[i] >= 0 {
                let p = Int(tree.parent[i])
                received[p] += received[i]
                onTime[p] += onTime[i]
                expected[p] += expected[i]
            }
            for u in units where expected[u] > 0 {
                for (check, count, threshold) in [
                    (Finding.Check.completeness, received[u], settings.completeness),
                    (.timeliness, onTime[u], settings.timeliness),
                ] {
                    let share = Double(count) / Double(expected[u])
                    guard share < threshold else { continue }
                    var f = Finding(
                        check: check, severity: share < threshold - 0.15 ? .extreme : .moderate, unit: u,
                        period: period,
                        element: dataset.elements.first ?? "", value: Double(count), expected: Double(expected[u]),
                        low: threshold, high: nil, score: share, unreported: nil)
                    f.dataset = dataset.code
                    findings.append(f)
                }
            }
        }
        return findings
    }
}

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
    }

    /// How serious it is.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        /// Worth a look.
        case moderate
        /// Very unlikely to be chance.
        case extreme

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .moderate && rhs == .extreme }
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
    public func run(orgUnit: Int, period: Period, scope: Scope = .children) throws -> AuditResult {
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
                    findings.append(
                        Finding(
                            check: .expectedVsReported, severity: extreme ? .extreme : .moderate, unit: u,
                            period: period,
                            element: element.code, value: count, expected: events.expected,
                            low: events.reportedLowerLimit,
                            high: events.reportedUpperLimit, score: events.expected > 0 ? count / events.expected : nil,
                            unreported: events.shortfall))
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
        findings.sort { ($0.severity, Self.distance($0)) > ($1.severity, Self.distance($1)) }
        return AuditResult(period: period, units: units, findings: findings, totals: totals)
    }

    /// How far a finding lies from what was expected, for ordering the worst first.
    static func distance(_ f: Finding) -> Double {
        switch f.check {
        case .expectedVsReported: abs(1 - (f.score ?? 1))
        case .verification: abs(1 - (f.score ?? 0))
        }
    }
}

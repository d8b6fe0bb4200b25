internal import TallyCore
internal import TallyEngine

/// What the steps of one audit share: the data, the units and period audited, and what was found so far.
struct AuditRun {
    /// The aggregator over the data.
    let aggregator: Aggregator
    /// The org unit audited.
    let orgUnit: Int
    /// The units audited (tree indices), the org unit first.
    let units: [Int]
    /// The period audited.
    let period: Period
    /// Reports are expected only for periods due before this day (nil: every period of the audit period).
    let asOf: Day?
    /// The reports' submissions and approvals (``ReportProgress``).
    var progress = ReportProgress()
    /// The findings so far, in the order they were made.
    var findings: [Finding] = []
    /// Per element with a reference rate: the org unit's reported and expected counts.
    var totals: [(element: String, reported: Double, expected: Double)] = []
    /// Where each check of the score had something to judge.
    var scope = ScoreScope()

    /// A run auditing `units` below `orgUnit` over `period`: its aggregator is restricted to their subtrees
    /// (``Aggregator/restricted(to:)``), and the checks read the values of its ``Aggregator/scope`` alone.
    init(
        aggregator: Aggregator, orgUnit: Int, units: [Int], period: Period, asOf: Day?,
        progress: ReportProgress = ReportProgress()
    ) {
        self.aggregator = aggregator.restricted(to: [orgUnit] + units)
        self.orgUnit = orgUnit
        self.units = units
        self.period = period
        self.asOf = asOf
        self.progress = progress
    }

    var metadata: Metadata { aggregator.metadata }
    var tree: OrgUnitTree { aggregator.tree }
    var settings: QualitySettings { aggregator.metadata.quality }

    /// Adds a finding.
    mutating func add(_ severity: Finding.Severity, unit: Int, period: Period, _ payload: any FindingPayload) {
        findings.append(Finding(severity: severity, unit: unit, period: period, payload: payload))
    }

    /// The reporting periods of a dataset inside the audit period that are expected (inside its dates, due
    /// before `asOf`).
    func expectedPeriods(_ dataset: DataSet) -> [Period] {
        period.periods(of: dataset.periodType).filter { q in
            dataset.expects(q) && asOf.map { q.end + dataset.dueDays < $0 } ?? true
        }
    }
}

public import TallyCore

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
    /// Where each check of the score had something to judge (for ``QualityAudit/scoreCards(units:findings:scope:)``).
    public var scope: ScoreScope

    /// A result.
    public init(
        period: Period, units: [Int], findings: [Finding],
        totals: [(element: String, reported: Double, expected: Double)], scope: ScoreScope = ScoreScope()
    ) {
        self.period = period
        self.units = units
        self.findings = findings
        self.totals = totals
        self.scope = scope
    }

    /// The findings of `check` with their payloads, in order.
    public func findings<Check: AuditCheck>(of check: Check.Type) -> [(finding: Finding, payload: Check.Payload)] {
        findings.compactMap { finding in (finding.payload as? Check.Payload).map { (finding, $0) } }
    }

    /// The units below the audited one that look under-reported for `element` (expected-vs-reported findings
    /// with events unreported), and the events they may have left unreported, added up in the findings' order.
    public func underReporting(of element: String) -> (units: Int, unreported: Double) {
        let root = units.first
        var count = 0
        var unreported = 0.0
        for (finding, found) in findings(of: ExpectedVsReportedCheck.self)
        where finding.unit != root && found.element == element && found.unreported > 0 {
            count += 1
            unreported += found.unreported
        }
        return (count, unreported)
    }
}

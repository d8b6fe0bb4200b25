public import TallyAudit
public import TallyCore
public import TallyEngine

extension Workspace {
    /// The data-quality audit of an org unit and the units of `scope` over a period: every check of
    /// `QualityAudit.checks`, the findings most serious first.
    ///
    /// `tally check`, the demo and `GET /api/checks` call this; the bulletin and the dashboard audit through their
    /// shared overview.
    /// - Parameter asOf: reports are expected only for periods due before this day (`nil`: every period).
    public func audit(orgUnit: Int, period: Period, scope: Scope = .children, asOf: Day?) throws -> AuditResult {
        try QualityAudit(aggregator: engine.evaluator.aggregator, progress: try reportProgress(period: period))
            .run(orgUnit: orgUnit, period: period, scope: scope, asOf: asOf)
    }

    /// The reporting rates of every unit and dataset (`tally check --summary`; the web grid): for the org unit and
    /// each unit of `scope` below it, per dataset, the reports expected, received and on time and the rates, marked
    /// against `quality.coverage_thresholds`, with the reports submitted and approved; a submission's time decides
    /// timeliness when there is one (``reportProgress(period:datasets:)``).
    ///
    /// - Parameter asOf: reports are expected only for periods due before this day (nil: every period).
    public func reportingSummary(
        orgUnit: Int, period: Period, scope: Scope = .children, asOf: Day? = nil
    ) throws -> ReportingSummary {
        try QualityAudit(aggregator: engine.evaluator.aggregator, progress: try reportProgress(period: period))
            .reportingSummary(orgUnit: orgUnit, period: period, scope: scope, asOf: asOf)
    }
}

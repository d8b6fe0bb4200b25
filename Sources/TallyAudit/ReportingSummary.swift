public import TallyCore
public import TallyEngine
internal import TallyQuality

/// The reporting rates of every unit and dataset (DHIS2's reporting rate summary; 报表入库率): for the audited unit
/// and each unit of the chosen level below it, per dataset, the reports expected, received and received on time,
/// and the rates, each marked against the thresholds — every unit, not only those below a threshold.
///
/// Made by ``QualityAudit/reportingSummary(orgUnit:period:scope:asOf:)`` from the same counts as the completeness
/// and timeliness checks (``ReportCounts``).
public struct ReportingSummary: Sendable {
    /// One unit's reports of one dataset.
    public struct Row: Sendable {
        /// The unit (tree index).
        public let unit: Int
        /// The dataset.
        public let dataset: String
        /// The attribute option combo (a partner) whose complete registrations the row counts, as DHIS2's reporting
        /// rate filtered by it does (``ReportCounts/partnerRates(_:)``); nil for the dataset's own row.
        public var partner: String? = nil
        /// Reports expected.
        public let expected: Int
        /// Reports received.
        public let received: Int
        /// Reports received by the end of their due day.
        public let onTime: Int
        /// Reports with a standing submission (上报: submitted, approved or accepted).
        public let submitted: Int?
        /// Reports approved (审核) or accepted by the levels above.
        public let approved: Int?

        /// Received ÷ expected (入库率); nil when nothing is expected.
        public var completeness: Double? {
            ReportingRate(expected: expected, received: received, onTime: onTime).completeness
        }
        /// On time ÷ expected; nil when nothing is expected.
        public var timeliness: Double? {
            ReportingRate(expected: expected, received: received, onTime: onTime).timeliness
        }

        /// The highest of `thresholds` the completeness reaches; nil below all of them or with nothing expected.
        public func completenessReached(_ thresholds: [Double]) -> Double? {
            guard let rate = completeness else { return nil }
            return thresholds.last { rate >= $0 }
        }
    }

    /// The period.
    public let period: Period
    /// The day reports were due before.
    public let asOf: Day?
    /// The units, the audited unit first.
    public let units: [Int]
    /// The rows: per unit in order, per dataset in the metadata's order, each dataset's row followed by a row per
    /// attribute option combo of a dataset with attribute categories; datasets with nothing expected are left out.
    public let rows: [Row]
    /// The shares completeness is marked against, increasing (`quality.coverage_thresholds`; by default the
    /// completeness threshold alone).
    public let thresholds: [Double]
    /// The share below which timeliness is flagged (`quality.timeliness`).
    public let timelinessThreshold: Double
}

extension QualityAudit {
    /// The reporting rate summary of `orgUnit` and the units of `scope` below it over `period`.
    ///
    /// - Parameter asOf: reports are expected only for periods due before this day (nil: every period).
    public func reportingSummary(
        orgUnit: Int, period: Period, scope: Scope = .children, asOf: Day? = nil
    ) throws -> ReportingSummary {
        let units = self.units(orgUnit: orgUnit, scope: scope)
        let audit = AuditRun(
            aggregator: aggregator, orgUnit: orgUnit, units: units, period: period, asOf: asOf,
            progress: progress)
        let counts = try aggregator.metadata.datasets.map { try ReportCounts($0, audit: audit) }
            .filter { !$0.reporters.isEmpty }
        var rows: [ReportingSummary.Row] = []
        for u in units {
            for c in counts {
                let rate = c.rate(u)
                guard rate.expected > 0 else { continue }
                rows.append(
                    ReportingSummary.Row(
                        unit: u, dataset: c.dataset.code, partner: nil, expected: rate.expected,
                        received: rate.received, onTime: rate.onTime, submitted: c.submitted[u],
                        approved: c.approved[u]))
                for (partner, rate) in c.partnerRates(u) {
                    rows.append(
                        ReportingSummary.Row(
                            unit: u, dataset: c.dataset.code, partner: partner, expected: rate.expected,
                            received: rate.received, onTime: rate.onTime, submitted: nil, approved: nil))
                }
            }
        }
        let settings = aggregator.metadata.quality
        return ReportingSummary(
            period: period, asOf: asOf, units: units, rows: rows,
            thresholds: settings.coverageThresholds.isEmpty ? [settings.completeness] : settings.coverageThresholds,
            timelinessThreshold: settings.timeliness)
    }
}

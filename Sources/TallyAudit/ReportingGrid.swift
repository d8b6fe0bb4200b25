public import TallyCore
public import TallyQuality

/// One dataset's reports unit by unit and period by period (DHIS2's reporting rate summary as a grid; 报表报送情况):
/// for every reporting unit below the audited unit, each expected period's report received on time, late or
/// missing, with the counts and rates of every row (unit), every column (period) and the whole.
///
/// Made by ``QualityAudit/reportingGrid(orgUnit:period:dataset:asOf:)`` from the same ``ReportCounts`` as
/// ``ReportingSummary`` and the completeness and timeliness checks, so a row's counts are the summary's for that
/// unit. Each cell also says where the report stands in submission (上报) and approval (审核): ``stages``.
public struct ReportingGrid: Sendable {
    /// The dataset.
    public let dataset: DataSet
    /// The audited unit (tree index).
    public let orgUnit: Int
    /// The period asked for.
    public let period: Period
    /// The day reports were due before (nil: every period).
    public let asOf: Day?
    /// The dataset's periods expected inside `period`, in order: the columns.
    public let periods: [Period]
    /// The reporting units (tree indices) in tree order: the rows.
    public let units: [Int]
    /// Per row, per column: how the report stands.
    public let cells: [[ReportStatus]]
    /// Per row, per column: where the report stands in submission and approval.
    public let stages: [[ReportStage]]

    /// The counts of the row of `units[row]`.
    public func rowRate(_ row: Int) -> ReportingRate { sum(cells[row]) }

    /// The counts of the column of `periods[column]`.
    public func columnRate(_ column: Int) -> ReportingRate { sum(cells.map { $0[column] }) }

    /// The counts of every report of the grid.
    public var totalRate: ReportingRate { sum(cells.joined()) }

    /// The reports that are late or missing, row by row, period by period: what a reminder (催报单) lists.
    public var overdue: [(unit: Int, period: Period, status: ReportStatus)] {
        var out: [(unit: Int, period: Period, status: ReportStatus)] = []
        for (row, unit) in units.enumerated() {
            for (column, status) in cells[row].enumerated() {
                if case .onTime = status { continue }
                out.append((unit, periods[column], status))
            }
        }
        return out
    }

    /// How many reports of the row of `units[row]` are submitted, and how many approved.
    public func rowSubmissions(_ row: Int) -> SubmissionCount { SubmissionCount(stages[row]) }

    /// How many reports of the column of `periods[column]` are submitted, and how many approved.
    public func columnSubmissions(_ column: Int) -> SubmissionCount { SubmissionCount(stages.map { $0[column] }) }

    /// How many reports of the grid are submitted, and how many approved.
    public var totalSubmissions: SubmissionCount { SubmissionCount(stages.joined()) }

    func sum<S: Sequence>(_ statuses: S) -> ReportingRate where S.Element == ReportStatus {
        statuses.reduce(ReportingRate(expected: 0, received: 0, onTime: 0)) { $0 + $1.rate }
    }
}

/// Of some reports: how many have a standing submission (submitted, approved or accepted), and how many of those are
/// approved or accepted — the `submitted` and `approved` columns of the grid and the summary.
public struct SubmissionCount: Sendable, Equatable {
    /// Reports submitted, approved or accepted.
    public var submitted = 0
    /// Reports approved or accepted.
    public var approved = 0

    /// The counts of `stages`.
    public init<S: Sequence>(_ stages: S) where S.Element == ReportStage {
        for stage in stages {
            switch stage {
            case .submitted: submitted += 1
            case .approved, .accepted:
                submitted += 1
                approved += 1
            case .open, .returned: break
            }
        }
    }
}

extension QualityAudit {
    /// The reporting grid of `dataset` for the reporting units below `orgUnit` over `period`.
    ///
    /// - Parameter asOf: reports are expected only for periods due before this day (nil: every period).
    public func reportingGrid(
        orgUnit: Int, period: Period, dataset: DataSet, asOf: Day? = nil
    ) throws
        -> ReportingGrid
    {
        let audit = AuditRun(
            aggregator: aggregator, orgUnit: orgUnit, units: [orgUnit], period: period, asOf: asOf,
            progress: progress)
        let counts = try ReportCounts(dataset, audit: audit)
        let cells = counts.reporters.indices.map { r in
            counts.periods.indices.map { p in counts.status(reporter: r, period: p) }
        }
        let stages = counts.reporters.indices.map { r in
            counts.periods.indices.map { p in counts.stage(reporter: r, period: p) }
        }
        return ReportingGrid(
            dataset: dataset, orgUnit: orgUnit, period: period, asOf: asOf, periods: counts.periods,
            units: counts.reporters, cells: cells, stages: stages)
    }
}

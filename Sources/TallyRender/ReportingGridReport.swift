public import TallyAudit
public import TallyCore
internal import TallyQuality
public import TallyText

/// Writes a reporting grid (``ReportingGrid``): a row per reporting unit with each period's status and the row's
/// counts and rates, and a row per period with the column's counts and rates, then the total — as JSON
/// (`GET /api/reporting/grid`) or as the two sheets of a workbook (its `format=xlsx`; the web page's download).
public struct ReportingGridReport {
    /// The grid.
    public let grid: ReportingGrid
    /// The tree.
    public let tree: OrgUnitTree
    /// The language of names and of the statuses in the workbook.
    public let language: Language

    /// A report.
    public init(grid: ReportingGrid, tree: OrgUnitTree, language: Language = .en) {
        self.grid = grid
        self.tree = tree
        self.language = language
    }

    /// The counts columns of every row, in order.
    public static let countColumns = [
        "expected", "received", "on_time", "late", "missing", "completeness", "timeliness", "submitted", "approved",
    ]

    /// The counts of a row, column or the total at full precision (shares as fractions), with its reports
    /// submitted and approved.
    static func counts(_ rate: ReportingRate, _ submissions: SubmissionCount) -> [JSONValue] {
        [
            .int(rate.expected), .int(rate.received), .int(rate.onTime), .int(rate.received - rate.onTime),
            .int(rate.expected - rate.received), .number(rate.completeness), .number(rate.timeliness),
            .int(submissions.submitted), .int(submissions.approved),
        ]
    }

    /// The word for a status in the report's language.
    public static func word(_ status: ReportStatus, _ language: Language) -> String {
        switch status {
        case .onTime: Label.statusOnTime.text(language)
        case .late: Label.statusLate.text(language)
        case .missing: Label.statusMissing.text(language)
        }
    }

    /// The units sheet: `orgunit`, `name`, a column per period (the status in the report's language), then the
    /// counts.
    public var unitRecords: (columns: [String], rows: [[JSONValue]]) {
        let columns = ["orgunit", "name"] + grid.periods.map(\.identifier) + Self.countColumns
        let rows = grid.units.indices.map { row -> [JSONValue] in
            let unit = tree.units[grid.units[row]]
            let names: [JSONValue] = [.string(unit.code), .string(unit.name(language))]
            let cells: [JSONValue] = zip(grid.cells[row], grid.stages[row]).map { status, stage in
                .string(Self.word(status, language) + (stage == .open ? "" : " · " + stage.label.text(language)))
            }
            return names + cells + Self.counts(grid.rowRate(row), grid.rowSubmissions(row))
        }
        let names: [JSONValue] = [.string(""), .string(Label.gridTotal.text(language))]
        let received: [JSONValue] = grid.periods.indices.map { .int(grid.columnRate($0).received) }
        let total = names + received + Self.counts(grid.totalRate, grid.totalSubmissions)
        return (columns, rows + [total])
    }

    /// The periods sheet: `period`, then the counts of each period's column, and the total last.
    public var periodRecords: (columns: [String], rows: [[JSONValue]]) {
        let rows = grid.periods.indices.map { column -> [JSONValue] in
            [.string(grid.periods[column].identifier)]
                + Self.counts(grid.columnRate(column), grid.columnSubmissions(column))
        }
        let total: [JSONValue] =
            [.string(Label.gridTotal.text(language))] + Self.counts(grid.totalRate, grid.totalSubmissions)
        return (["period"] + Self.countColumns, rows + [total])
    }

    /// The JSON of `GET /api/reporting/grid`.
    public var json: String {
        func object(_ rate: ReportingRate, _ submissions: SubmissionCount) -> JSONValue {
            .object(Array(zip(Self.countColumns, Self.counts(rate, submissions))))
        }
        let units = grid.units.indices.map { row -> JSONValue in
            let unit = tree.units[grid.units[row]]
            let head: [(String, JSONValue)] = [
                ("orgunit", .string(unit.code)), ("name", .string(unit.name(language))),
                ("cells", .array(grid.cells[row].map { .string($0.code) })),
                ("stages", .array(grid.stages[row].map { .string($0.rawValue) })),
            ]
            return .object(
                head + Array(zip(Self.countColumns, Self.counts(grid.rowRate(row), grid.rowSubmissions(row)))))
        }
        let periods = grid.periods.indices.map { column -> JSONValue in
            let name: [(String, JSONValue)] = [("period", .string(grid.periods[column].identifier))]
            return .object(
                name
                    + Array(
                        zip(Self.countColumns, Self.counts(grid.columnRate(column), grid.columnSubmissions(column)))))
        }
        return JSONValue.object([
            ("dataset", .string(grid.dataset.code)), ("orgunit", .string(tree.units[grid.orgUnit].code)),
            ("period", .string(grid.period.identifier)), ("as_of", .string(grid.asOf?.description)),
            ("periods", .array(periods)), ("units", .array(units)),
            ("total", object(grid.totalRate, grid.totalSubmissions)),
        ]).pretty + "\n"
    }
}

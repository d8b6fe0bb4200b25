public import TallyCore
public import TallyEngine
public import TallyText

/// What a pivot of a query puts on its rows or its columns.
public enum PivotAxis: String, Sendable, CaseIterable {
    /// The subjects (indicators, elements).
    case subject
    /// The listed org units.
    case unit
    /// The periods.
    case period
}

/// The layout of a pivot: the axis whose members become columns, and the others on the rows, `rows` first.
public struct PivotLayout: Equatable, Sendable {
    /// The axes on the rows, outermost first: every axis but `columns`.
    public let rows: [PivotAxis]
    /// The axis whose members are the columns.
    public let columns: PivotAxis

    /// A layout with `columns` across and `rows` (or the first of the other axes) down; the remaining axis is put on
    /// the rows after it, so that nothing is left out.
    /// - Returns: `nil` when `rows` is `columns`.
    public init?(rows: PivotAxis?, columns: PivotAxis) {
        guard rows != columns else { return nil }
        let others = PivotAxis.allCases.filter { $0 != columns && $0 != rows }
        self.rows = (rows.map { [$0] } ?? []) + others
        self.columns = columns
    }
}

/// Renders the rows of a query of several subjects and periods: one result per subject × period.
///
/// One subject over one period, without a pivot, is ``QueryReport``'s table. Otherwise, by default, a long table:
/// one row per subject × unit × period, with `subject` (the code) and `subject_name` before ``QueryReport``'s
/// columns — `numerator` and `denominator` when any subject is an indicator (empty for elements), `rank` (among the
/// units of one subject and period) when several units are listed, and the comparison columns with `--compare`.
///
/// A pivot (``PivotLayout``) has one column per member of its column axis, keyed by the subject's code, the unit's
/// code or the period's identifier (titled by the subject's name and unit, the unit's name or the period in the
/// table), holding the value alone; the rows carry the other axes' keys (`subject` and `subject_name`; `orgunit`,
/// `name` and `level`; `period`). Its JSON is an array of objects, each with those keys and `values`, an object from
/// column key to value. CSV and JSON keep full precision; the table rounds to each subject's decimals.
public struct QueryTable {
    /// The parts: each subject's rows over one period, in order.
    public let parts: [(subject: Subject, rows: [QueryRow])]
    /// The org-unit tree the rows refer to.
    public let tree: OrgUnitTree
    /// The metadata (for names and decimals).
    public let metadata: Metadata
    /// The language of names and of the table's headings.
    public let language: Language
    /// The pivot, or `nil` for the long table.
    public let pivot: PivotLayout?

    /// A table of `parts`.
    public init(
        parts: [(subject: Subject, rows: [QueryRow])], tree: OrgUnitTree, metadata: Metadata,
        language: Language = .en, pivot: PivotLayout? = nil
    ) {
        self.parts = parts
        self.tree = tree
        self.metadata = metadata
        self.language = language
        self.pivot = pivot
    }

    /// One report per part, with the columns of the whole table.
    var reports: [QueryReport] {
        let ratio = parts.contains { if case .indicator = $0.subject { true } else { false } }
        let rank = parts.contains { $0.rows.count > 1 }
        let comparison = parts.contains { $0.rows.contains { $0.comparison != nil } }
        return parts.map {
            QueryReport(
                rows: $0.rows, tree: tree, subject: $0.subject, metadata: metadata, language: language,
                columns: (parts.count == 1 ? nil : ratio, rank, comparison))
        }
    }

    /// The single part's report, when the table is one subject over one period without a pivot.
    var single: QueryReport? {
        guard parts.count == 1, pivot == nil, let part = parts.first else { return nil }
        return QueryReport(rows: part.rows, tree: tree, subject: part.subject, metadata: metadata, language: language)
    }

    /// The sheet's name: the subject's title for one subject, else "Query" (查询结果).
    public var title: String {
        if let single { return single.title }
        return Label.queryTitle.text(language)
    }

    /// The number of rows written.
    public var rowCount: Int { records.rows.count }

    /// The rendered text.
    public func render(_ format: OutputFormat) -> String {
        if let single { return single.render(format) }
        switch format {
        case .table: return table()
        case .csv:
            let r = records
            var out = CSVWriter.line(r.columns)
            for row in r.rows { out += CSVWriter.line(row.map(\.csvText)) }
            return out
        case .json: return JSONValue.array(objects()).pretty + "\n"
        }
    }

    /// The rows as they are written in CSV and in a workbook, at full precision.
    public var records: (columns: [String], rows: [[JSONValue]]) {
        if let single { return single.records }
        if let pivot {
            let grid = PivotGrid(table: self, layout: pivot)
            return (
                grid.rowKeys.flatMap(\.headers) + grid.columnMembers.map(\.key),
                grid.rows.map { $0.header.map(\.1) + $0.values.map(JSONValue.number) }
            )
        }
        let reports = reports
        let columns = ["subject", "subject_name"] + (reports.first?.headers ?? [])
        return (columns, longRows(reports).map { $0.map(\.1) })
    }

    /// The table as a page or a workbook shows it: column titles in the table's language and, for each row, its
    /// cells — full-precision values with the decimals their subject is shown with, the text rounded for display,
    /// and a pivot value's comparison. The first `headerColumns` columns name the row (units, subjects, periods).
    public var titled: (columns: [String], headerColumns: Int, rows: [[QueryCell]]) {
        func heading(_ label: Label) -> String { label.text(language) }
        guard let pivot else {
            let reports = reports
            let changeInPoints = !parts.contains { if case .element = $0.subject { true } else { false } }
            let columns =
                [heading(.columnSubject), heading(.columnSubjectName)]
                + (reports.first?.columns(value: heading(.columnValue), changeInPoints: changeInPoints).map(\.title)
                    ?? [])
            let rounded: Set<String> = ["value", "compare_value", "change"]
            let rows = reports.flatMap { report in
                report.rows.map { row in
                    let members =
                        [
                            ("subject", JSONValue.string(report.subject.description)),
                            ("subject_name", .string(report.titleWithUnit)),
                        ] + report.objectMembers(row)
                    return members.map { key, value in
                        QueryCell(value: value, decimals: rounded.contains(key) ? report.decimals : nil)
                    }
                }
            }
            return (columns, 2, rows)
        }
        let grid = PivotGrid(table: self, layout: pivot)
        let headers = grid.rowKeys.flatMap { axis -> [String] in
            switch axis {
            case .subject: [heading(.columnSubject), heading(.columnSubjectName)]
            case .unit: [heading(.columnOrgUnit), heading(.columnName), heading(.columnLevel)]
            case .period: [heading(.columnPeriod)]
            }
        }
        let rows = grid.rows.map { row in
            row.header.map { QueryCell(value: $0.1) }
                + row.values.indices.map { i in
                    QueryCell(
                        value: .number(row.values[i]), decimals: row.reports[i].decimals,
                        comparison: row.comparisons[i])
                }
        }
        return (headers + grid.columnMembers.map(\.title), headers.count, rows)
    }

    func longRows(_ reports: [QueryReport]) -> [[(String, JSONValue)]] {
        reports.flatMap { report in
            report.rows.map { row in
                [("subject", .string(report.subject.description)), ("subject_name", .string(report.titleWithUnit))]
                    + report.objectMembers(row)
            }
        }
    }

    func objects() -> [JSONValue] {
        guard let pivot else { return longRows(reports).map(JSONValue.object) }
        let grid = PivotGrid(table: self, layout: pivot)
        let keys = grid.columnMembers.map(\.key)
        return grid.rows.map { row in
            .object(row.header + [("values", .object(Array(zip(keys, row.values.map(JSONValue.number)))))])
        }
    }

    func table() -> String {
        func heading(_ label: Label) -> String { label.text(language) }
        guard let pivot else {
            let reports = reports
            let subjects: [(title: String, alignment: TextTable.Alignment)] = [
                (heading(.columnSubject), .left), (heading(.columnSubjectName), .left),
            ]
            let changeInPoints = !parts.contains { if case .element = $0.subject { true } else { false } }
            var table = TextTable(
                columns: subjects
                    + (reports.first?.columns(value: heading(.columnValue), changeInPoints: changeInPoints) ?? []))
            for report in reports {
                for row in report.rows {
                    table.addRow([report.subject.description, report.titleWithUnit] + report.cells(row))
                }
            }
            return table.render()
        }
        let grid = PivotGrid(table: self, layout: pivot)
        var columns = grid.rowKeys.flatMap { axis -> [(title: String, alignment: TextTable.Alignment)] in
            switch axis {
            case .subject: [(heading(.columnSubject), .left), (heading(.columnSubjectName), .left)]
            case .unit:
                [(heading(.columnOrgUnit), .left), (heading(.columnName), .left), (heading(.columnLevel), .right)]
            case .period: [(heading(.columnPeriod), .left)]
            }
        }
        columns += grid.columnMembers.map { ($0.title, .right) }
        var table = TextTable(columns: columns)
        for row in grid.rows {
            let header = row.header.map { $0.1.csvText }
            let values = zip(row.values, row.reports).map { value, report in report.show(value) }
            table.addRow(header + values)
        }
        return table.render()
    }
}

extension PivotAxis {
    /// The keys of this axis's columns in a pivot's rows.
    var headers: [String] {
        switch self {
        case .subject: ["subject", "subject_name"]
        case .unit: ["orgunit", "name", "level"]
        case .period: ["period"]
        }
    }
}

/// A query's figures laid out as a pivot: the members of each axis in the order met, and each row's header and
/// values.
struct PivotGrid {
    /// A member of the column axis: its key (code or identifier) and its title in the table.
    struct Member {
        var key: String
        var title: String
    }

    /// A row: the header's members (as in ``PivotAxis/headers``), the values of each column and the report
    /// (subject) each value rounds by.
    struct Row {
        var header: [(String, JSONValue)]
        var values: [Double?]
        var reports: [QueryReport]
        /// Each value's comparison, when the query asked for one.
        var comparisons: [ComparisonFigure?]
    }

    let rowKeys: [PivotAxis]
    let columnMembers: [Member]
    let rows: [Row]

    init(table: QueryTable, layout: PivotLayout) {
        let reports = table.reports
        let tree = table.tree
        // The members of each axis, in the order met: subjects (by part), units (by row), periods.
        var subjects: [Int] = []  // index of the first report of each subject
        var periods: [Period] = []
        var units: [Int] = []
        var seenSubjects: Set<Subject> = []
        var seenPeriods: Set<Period> = []
        var seenUnits: Set<Int> = []
        var value: [Key: Double?] = [:]
        var comparison: [Key: ComparisonFigure] = [:]
        for (k, report) in reports.enumerated() {
            if seenSubjects.insert(report.subject).inserted { subjects.append(k) }
            for row in report.rows {
                if seenPeriods.insert(row.period).inserted { periods.append(row.period) }
                if seenUnits.insert(row.unit).inserted { units.append(row.unit) }
                let key = Key(subject: report.subject, unit: row.unit, period: row.period)
                value[key] = row.figure.value
                if let c = row.comparison { comparison[key] = c }
            }
        }
        let counts: [PivotAxis: Int] = [.subject: subjects.count, .unit: units.count, .period: periods.count]
        func header(_ axis: PivotAxis, _ i: Int) -> [(String, JSONValue)] {
            switch axis {
            case .subject:
                let report = reports[subjects[i]]
                return [
                    ("subject", .string(report.subject.description)), ("subject_name", .string(report.titleWithUnit)),
                ]
            case .unit:
                let u = units[i]
                return [
                    ("orgunit", .string(tree.units[u].code)), ("name", .string(tree.units[u].name)),
                    ("level", .int(tree.level[u])),
                ]
            case .period: return [("period", .string(periods[i].identifier))]
            }
        }
        rowKeys = layout.rows
        columnMembers = (0..<(counts[layout.columns] ?? 0)).map { i in
            switch layout.columns {
            case .subject:
                let report = reports[subjects[i]]
                return Member(key: report.subject.description, title: report.titleWithUnit)
            case .unit: return Member(key: tree.units[units[i]].code, title: tree.units[units[i]].name)
            case .period: return Member(key: periods[i].identifier, title: periods[i].identifier)
            }
        }
        // Every combination of the row axes' members, the first axis outermost.
        var combinations: [[PivotAxis: Int]] = [[:]]
        for axis in layout.rows {
            combinations = combinations.flatMap { c in
                (0..<(counts[axis] ?? 0)).map { i in c.merging([axis: i]) { $1 } }
            }
        }
        rows = combinations.map { c in
            var index = c
            var values: [Double?] = []
            var rounding: [QueryReport] = []
            var compared: [ComparisonFigure?] = []
            for i in 0..<(counts[layout.columns] ?? 0) {
                index[layout.columns] = i
                let s = subjects[index[.subject] ?? 0]
                let key = Key(
                    subject: reports[s].subject, unit: units[index[.unit] ?? 0], period: periods[index[.period] ?? 0])
                values.append(value[key] ?? nil)
                rounding.append(reports[s])
                compared.append(comparison[key])
            }
            return Row(
                header: layout.rows.flatMap { header($0, c[$0] ?? 0) }, values: values, reports: rounding,
                comparisons: compared)
        }
    }

    /// A figure's place: subject, unit and period.
    struct Key: Hashable {
        var subject: Subject
        var unit: Int
        var period: Period
    }
}

/// A cell of a query's table as a page or a workbook shows it (``QueryTable/titled``).
public struct QueryCell: Sendable {
    /// The value at full precision (`null` when missing).
    public var value: JSONValue
    /// The decimals a figure is shown with (its subject's), or `nil` for a cell that is not a figure.
    public var decimals: Int?
    /// The comparison of a pivot's value, when the query asked for one.
    public var comparison: ComparisonFigure?

    /// A cell.
    public init(value: JSONValue, decimals: Int? = nil, comparison: ComparisonFigure? = nil) {
        self.value = value
        self.decimals = decimals
        self.comparison = comparison
    }

    /// The text shown: a figure rounded to its decimals ("–" when missing: missing is not zero), other values as
    /// they are.
    public var text: String {
        guard let decimals else { return value.csvText }
        guard case .number(let v) = value else { return value == .null ? "–" : value.csvText }
        return NumberFormat.fixed(v, decimals: decimals)
    }
}

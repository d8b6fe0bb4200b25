public import TallyCore
public import TallyEngine
public import TallyText

/// Output formats for tables of figures.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal, rounded for display.
    case table
    /// CSV with full precision.
    case csv
    /// One JSON array with full precision.
    case json
}

/// Renders the rows of a query.
///
/// JSON rows have `orgunit`, `name`, `level`, `period`, `value` (full precision, `null` when missing);
/// `numerator` and `denominator` for indicators; `rank` when several units are listed; and, with a
/// comparison, `compare_period`, `compare_value`, `change` (for a rate: points of its unit) and
/// `change_relative` (0.05 = 5%).
public struct QueryReport {
    /// The rows.
    public let rows: [QueryRow]
    /// The org-unit tree the rows refer to.
    public let tree: OrgUnitTree
    /// What was measured.
    public let subject: Subject
    /// The metadata (for names and decimals).
    public let metadata: Metadata
    /// The language of names and of the table's headings.
    public let language: Language
    /// Whether any row has a comparison: decided once, since every row's columns depend on it (asking per row
    /// would make a report quadratic in its rows).
    let hasComparison: Bool
    /// Whether the rows have numerator and denominator columns (an indicator's, or every subject's in a table of
    /// several where one is an indicator).
    let showsRatio: Bool
    /// Whether the rows have a rank column.
    let showsRank: Bool

    /// A report.
    public init(rows: [QueryRow], tree: OrgUnitTree, subject: Subject, metadata: Metadata, language: Language = .en) {
        self.init(
            rows: rows, tree: tree, subject: subject, metadata: metadata, language: language,
            columns: (ratio: nil, rank: rows.count > 1, comparison: rows.contains { $0.comparison != nil }))
    }

    /// A report whose columns are chosen by a table of several subjects and periods (``QueryTable``), the same for
    /// each of its parts; `ratio` `nil` for the subject's own.
    init(
        rows: [QueryRow], tree: OrgUnitTree, subject: Subject, metadata: Metadata, language: Language,
        columns: (ratio: Bool?, rank: Bool, comparison: Bool)
    ) {
        self.rows = rows
        self.tree = tree
        self.subject = subject
        self.metadata = metadata
        self.language = language
        self.hasComparison = columns.comparison
        self.showsRank = columns.rank
        if let ratio = columns.ratio {
            self.showsRatio = ratio
        } else if case .indicator = subject {
            self.showsRatio = true
        } else {
            self.showsRatio = false
        }
    }

    var indicator: Indicator? {
        if case .indicator(let code) = subject { return metadata.indicator(code) }
        return nil
    }

    /// Decimals shown in a table: the indicator's, or 0 for integer elements and 2 for other numbers.
    public var decimals: Int {
        if let indicator { return indicator.decimals }
        if case .element(let reference) = subject, metadata.element(reference.element)?.valueType.isWhole == false {
            return 2
        }
        return 0
    }

    /// The subject's name in the report's language, such as `Live births (Male)` or `出生率`.
    public var title: String {
        switch subject {
        case .indicator(let code):
            return metadata.indicator(code)?.name.text(language) ?? code
        case .element(let reference):
            guard let element = metadata.element(reference.element) else { return "\(reference)" }
            let options = reference.options.map { option in
                element.categories.lazy.compactMap { metadata.category($0)?.options.first { $0.code == option } }.first?
                    .name
                    .text(language) ?? option
            }
            let name = element.name.text(language)
            return options.isEmpty ? name : "\(name) (\(options.joined(separator: ", ")))"
        }
    }

    /// The rendered text.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: table()
        case .csv: csv()
        case .json: json()
        }
    }

    /// The subject's title with the indicator's unit, such as `Crude birth rate ‰`.
    public var titleWithUnit: String { title + (indicator?.unit.map { " \($0)" } ?? "") }

    func table() -> String {
        var table = TextTable(columns: columns(value: titleWithUnit, changeInPoints: indicator != nil))
        for row in rows { table.addRow(cells(row)) }
        return table.render()
    }

    /// The table's columns, the figure's titled `value`; the change in points of a rate's unit when
    /// `changeInPoints`.
    func columns(value: String, changeInPoints: Bool) -> [(title: String, alignment: TextTable.Alignment)] {
        func heading(_ label: Label) -> String { label.text(language) }
        var columns: [(title: String, alignment: TextTable.Alignment)] = [
            (heading(.columnOrgUnit), .left), (heading(.columnName), .left), (heading(.columnLevel), .right),
            (heading(.columnPeriod), .left), (value, .right),
        ]
        if showsRatio { columns += [(heading(.columnNumerator), .right), (heading(.columnDenominator), .right)] }
        if showsRank { columns.append((heading(.columnRank), .right)) }
        if hasComparison {
            let points = heading(changeInPoints ? .columnChangePoints : .columnChange)
            columns += [
                (heading(.columnComparedWith), .left), (heading(.columnThen), .right), (points, .right),
                (heading(.columnChangePercent), .right),
            ]
        }
        return columns
    }

    /// A row's cells in the table, rounded for display.
    func cells(_ row: QueryRow) -> [String] {
        let unit = tree.units[row.unit]
        var cells = [
            unit.code, unit.name, String(tree.level[row.unit]), row.period.identifier, show(row.figure.value),
        ]
        if showsRatio {
            cells += [showCount(row.figure.numerator), showCount(row.figure.denominator)]
        }
        if showsRank { cells.append(row.rank.map(String.init) ?? "–") }
        if let c = row.comparison {
            cells += [
                c.period.identifier, show(c.figure.value),
                c.change.map { NumberFormat.signed($0, decimals: decimals) } ?? "–",
                c.relativeChange.map { NumberFormat.signed($0 * 100, decimals: 1) + "%" } ?? "–",
            ]
        } else if hasComparison {
            cells += ["", "", "", ""]
        }
        return cells
    }

    func show(_ v: Double?) -> String { v.map { NumberFormat.fixed($0, decimals: decimals) } ?? "–" }
    func showCount(_ v: Double?) -> String { NumberFormat.count(v) }

    var headers: [String] {
        var h = ["orgunit", "name", "level", "period", "value"]
        if showsRatio { h += ["numerator", "denominator"] }
        if showsRank { h.append("rank") }
        if hasComparison { h += ["compare_period", "compare_value", "change", "change_relative"] }
        return h
    }

    /// The rows as they are written in CSV and JSON: the column titles and each row's values at full precision
    /// (for spreadsheets).
    public var records: (columns: [String], rows: [[JSONValue]]) {
        (headers, rows.map { objectMembers($0).map(\.1) })
    }

    func csv() -> String {
        var out = CSVWriter.line(headers)
        for row in rows {
            out += CSVWriter.line(objectMembers(row).map { $0.1.csvText })
        }
        return out
    }

    func json() -> String {
        JSONValue.array(rows.map { JSONValue.object(objectMembers($0)) }).pretty + "\n"
    }

    func objectMembers(_ row: QueryRow) -> [(String, JSONValue)] {
        let unit = tree.units[row.unit]
        var m: [(String, JSONValue)] = [
            ("orgunit", .string(unit.code)), ("name", .string(unit.name)), ("level", .int(tree.level[row.unit])),
            ("period", .string(row.period.identifier)), ("value", .number(row.figure.value)),
        ]
        if showsRatio {
            m += [("numerator", .number(row.figure.numerator)), ("denominator", .number(row.figure.denominator))]
        }
        if showsRank { m.append(("rank", .int(row.rank))) }
        if hasComparison {
            let c = row.comparison
            m += [
                ("compare_period", .string(c?.period.identifier)), ("compare_value", .number(c?.figure.value)),
                ("change", .number(c?.change)), ("change_relative", .number(c?.relativeChange)),
            ]
        }
        return m
    }
}

extension JSONValue {
    /// The value as a CSV field: empty for null, full precision for numbers.
    public var csvText: String {
        switch self {
        case .null: ""
        case .bool(let b): b ? "true" : "false"
        case .number(let v): NumberFormat.exact(v)
        case .string(let s): s
        default: text
        }
    }
}

public import TallyAudit
public import TallyCore
public import TallyText

/// Writes the reporting rate summary (`tally check --summary`): a row per unit and dataset with the reports
/// expected, received and on time, the submitted and approved columns (empty until Tally records submission and
/// approval), the rates and the marks against the thresholds; as a table, CSV, JSON or the rows of a workbook.
public struct ReportingSummaryReport {
    /// The summary.
    public let summary: ReportingSummary
    /// The tree.
    public let tree: OrgUnitTree
    /// The metadata (dataset names).
    public let metadata: Metadata
    /// The language of names and of the table's words.
    public let language: Language

    /// A report.
    public init(summary: ReportingSummary, tree: OrgUnitTree, metadata: Metadata, language: Language = .en) {
        self.summary = summary
        self.tree = tree
        self.metadata = metadata
        self.language = language
    }

    /// The columns of CSV, JSON and the workbook, in order.
    public static let columns = [
        "orgunit", "name", "level", "dataset", "partner", "expected", "received", "on_time", "submitted", "approved",
        "completeness", "completeness_reached", "timeliness", "timeliness_below",
    ]

    /// The rendered text.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: table()
        case .csv: CSVWriter.line(Self.columns) + records.rows.map { CSVWriter.line($0.map(\.csvText)) }.joined()
        case .json:
            JSONValue.array(records.rows.map { .object(Array(zip(Self.columns, $0))) }).pretty + "\n"
        }
    }

    /// The rows at full precision (shares as fractions; `completeness_reached` the highest threshold reached,
    /// null below all; `submitted` and `approved` null; `partner` the attribute option combo of a partner's row,
    /// null on the dataset's).
    public var records: (columns: [String], rows: [[JSONValue]]) {
        let rows = summary.rows.map { row -> [JSONValue] in
            let unit = tree.units[row.unit]
            let timeliness = row.timeliness
            return [
                .string(unit.code), .string(unit.name(language)), .int(tree.level[row.unit]), .string(row.dataset),
                row.partner.map(JSONValue.string) ?? .null, .int(row.expected), .int(row.received), .int(row.onTime),
                .int(row.submitted), .int(row.approved), .number(row.completeness),
                .number(row.completenessReached(summary.thresholds)), .number(timeliness),
                timeliness.map { .bool($0 < summary.timelinessThreshold) } ?? .null,
            ]
        }
        return (Self.columns, rows)
    }

    func percent(_ share: Double?) -> String {
        share.map { NumberFormat.fixed($0 * 100, decimals: 1) + "%" } ?? "—"
    }

    func threshold(_ share: Double) -> String { NumberFormat.fixed(share * 100, decimals: 0) + "%" }

    /// The mark of a completeness: "≥ 90%" for the highest threshold reached, "< 85%" below the lowest.
    func mark(_ row: ReportingSummary.Row) -> String {
        guard row.completeness != nil, let lowest = summary.thresholds.first else { return "" }
        if let reached = row.completenessReached(summary.thresholds) { return "≥ " + threshold(reached) }
        return "< " + threshold(lowest)
    }

    /// What the marks mean: the completeness thresholds and the timeliness threshold ("!").
    public var legend: String {
        let marks = summary.thresholds.map(threshold).joined(separator: Label.listSeparator.text(language))
        return Label.summaryMarks.text(language, marks, threshold(summary.timelinessThreshold))
    }

    /// The table's columns and alignments, in order (the last, unnamed column marks a late unit with "!").
    static let columnLabels: [(Label, TextTable.Alignment)] = [
        (.columnUnit, .left), (.columnDataset, .left), (.columnExpected, .right), (.columnReceived, .right),
        (.columnOnTime, .right), (.columnSubmitted, .right), (.columnApproved, .right),
        (.columnCompleteness, .right), (.columnMark, .left), (.columnTimeliness, .right),
    ]

    static var alignments: [TextTable.Alignment] { columnLabels.map(\.1) }

    /// The headings of the table's named columns in the report's language.
    public var headings: [String] { Self.columnLabels.map { $0.0.text(language) } }

    /// Which of the table's columns (the named ones and the last, the late mark) hold numbers.
    public static var numeric: [Bool] { columnLabels.map { $0.1 == .right } + [false] }

    /// The table's rows as they are written (the text table of `tally check --summary` and the quality page): the
    /// unit, the dataset, the counts, the rates with the completeness mark, and "!" for timeliness below its threshold.
    public var cells: [[String]] {
        let names = Dictionary(metadata.datasets.map { ($0.code, $0.name.text(language)) }) { first, _ in first }
        return summary.rows.map { row in
            let late = row.timeliness.map { $0 < summary.timelinessThreshold } ?? false
            return [
                tree.units[row.unit].name(language),
                (names[row.dataset] ?? row.dataset) + (row.partner.map { " · " + $0 } ?? ""),
                NumberFormat.group(String(row.expected)), NumberFormat.group(String(row.received)),
                NumberFormat.group(String(row.onTime)), row.submitted.map(String.init) ?? "—",
                row.approved.map(String.init) ?? "—", percent(row.completeness), mark(row), percent(row.timeliness),
                late ? "!" : "",
            ]
        }
    }

    func table() -> String {
        let root = summary.units.first.map { tree.units[$0].name(language) } ?? ""
        var out =
            Label.summaryHeading.text(language, root, String(summary.units.count - 1), summary.period.identifier)
            + (summary.asOf.map { Label.summaryDueBefore.text(language, $0.description) } ?? "") + "\n"
        out += legend + "\n\n"
        var table = TextTable(
            columns: zip(headings, Self.alignments).map { ($0, $1) } + [("", .left)])
        for row in cells { table.addRow(row) }
        out += summary.rows.isEmpty ? Label.summaryNone.text(language) + "\n" : table.render()
        return out
    }
}

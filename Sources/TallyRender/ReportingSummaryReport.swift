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
        "orgunit", "name", "level", "dataset", "expected", "received", "on_time", "submitted", "approved",
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
    /// null below all; `submitted` and `approved` null).
    public var records: (columns: [String], rows: [[JSONValue]]) {
        let rows = summary.rows.map { row -> [JSONValue] in
            let unit = tree.units[row.unit]
            let timeliness = row.timeliness
            return [
                .string(unit.code), .string(unit.name(language)), .int(tree.level[row.unit]), .string(row.dataset),
                .int(row.expected), .int(row.received), .int(row.onTime),
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

    func table() -> String {
        let root = summary.units.first.map { tree.units[$0].name(language) } ?? ""
        let marks = summary.thresholds.map(threshold).joined(separator: Label.listSeparator.text(language))
        var out =
            Label.summaryHeading.text(language, root, String(summary.units.count - 1), summary.period.identifier)
            + (summary.asOf.map { Label.summaryDueBefore.text(language, $0.description) } ?? "") + "\n"
        out += Label.summaryMarks.text(language, marks, threshold(summary.timelinessThreshold)) + "\n\n"
        let columns: [(Label, TextTable.Alignment)] = [
            (.columnUnit, .left), (.columnDataset, .left), (.columnExpected, .right), (.columnReceived, .right),
            (.columnOnTime, .right), (.columnSubmitted, .right), (.columnApproved, .right),
            (.columnCompleteness, .right), (.columnMark, .left), (.columnTimeliness, .right),
        ]
        var table = TextTable(columns: columns.map { ($0.0.text(language), $0.1) } + [("", .left)])
        let names = Dictionary(metadata.datasets.map { ($0.code, $0.name.text(language)) }) { first, _ in first }
        for row in summary.rows {
            let late = row.timeliness.map { $0 < summary.timelinessThreshold } ?? false
            table.addRow([
                tree.units[row.unit].name(language), names[row.dataset] ?? row.dataset,
                NumberFormat.group(String(row.expected)), NumberFormat.group(String(row.received)),
                NumberFormat.group(String(row.onTime)), row.submitted.map(String.init) ?? "—",
                row.approved.map(String.init) ?? "—", percent(row.completeness), mark(row), percent(row.timeliness),
                late ? "!" : "",
            ])
        }
        out += summary.rows.isEmpty ? Label.summaryNone.text(language) + "\n" : table.render()
        return out
    }
}

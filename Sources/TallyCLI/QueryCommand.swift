public import ArgumentParser
internal import Tally
internal import TallyCore
internal import TallyEngine
internal import TallyRender
internal import TallyText

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Aggregate elements or indicators for org units over periods.",
        discussion: """
            Examples:
              tally query --indicator cbr --period 202510..202601 --children --compare last-year
              tally query --element births.male --period 2025Oct --level 3 --format csv
              tally query --element population --period 2025 --orgunit 360121101000
              tally query --indicator cbr --period 2025Oct --level 3 --format xlsx --out cbr.xlsx
              tally query --db postgres://tally@db/tally --element births --period 2025 --aggregate-in engine
              tally query --indicator cbr --indicator srb --period 2025Oct --period 2024Oct --children
              tally query --indicator cbr --element births --period 2025Oct --children --rows unit --columns subject
            Periods: 20251001, 2025W40, 202510, 2025Q4, 2025S2, 2025, 2025Oct (Oct 2025-Sep 2026),
            2025April, 2025July, 2025Nov (Nov 2024-Oct 2025), DHIS2's other types (2025WedW40, 2025BiW20,
            202505B, 2025NovQ1, 2025AprilS1, 2025Feb, …), and ranges such as 202510..202601.
            A rate over a subtree or a longer period is the ratio of the summed numerator and denominator.
            On PostgreSQL the server adds up each org unit's values and sends one total per unit; with
            --aggregate-in engine every value is read instead. The figures are the same either way.
            Several subjects (--element, --indicator, each repeatable; elements first) or periods (--period,
            repeatable) make one long table: a row per subject × unit × period, with the columns subject and
            subject_name before the usual ones (numerator and denominator, empty for elements, when any subject
            is an indicator). --columns subject|unit|period makes a pivot instead: a column per member of that
            axis holding the value, the other axes on the rows (--rows first); its JSON is an array of objects
            with the row keys (subject, subject_name; orgunit, name, level; period) and "values", an object from
            the column's key (subject code, unit code or period) to the value. A query answers at most
            \(Thousands.grouped(Workspace.maximumQueryRows)) rows (subjects × periods × units) and names at most
            \(Workspace.maximumQueryParts) subjects × periods.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(
        help: ArgumentHelp("An element, or element.option such as births.male (repeatable).", valueName: "code"))
    var element: [String] = []
    @Option(help: ArgumentHelp("An indicator code (repeatable).", valueName: "code")) var indicator: [String] = []
    @Option(
        help: ArgumentHelp("The period (e.g. 202510, 2025Oct, 202510..202601; repeatable).", valueName: "period"))
    var period: [String] = []
    @Option(help: ArgumentHelp("The org unit's code (default: the top unit).", valueName: "code")) var orgunit: String?
    @Option(help: ArgumentHelp("List every unit of this level inside the org unit.", valueName: "n")) var level: Int?
    @Flag(help: "List the org unit's children.") var children = false
    @Option(
        help: ArgumentHelp(
            "Compare with the previous period or the same period last year.", valueName: "previous|last-year"))
    var compare: Comparison?
    @Option(help: ArgumentHelp("Output format: table, csv, json or xlsx (with --out).", valueName: "format"))
    var format: SheetOutputFormat = .table
    @Option(help: ArgumentHelp("The output file (needed for xlsx; default: standard output).", valueName: "file"))
    var out: String?
    @Option(help: ArgumentHelp("Language of names and of the table's words: en or zh.", valueName: "lang"))
    var lang: Language = .en
    @Option(
        help: ArgumentHelp(
            "Where to add up values: store (PostgreSQL only) or engine (default: store on PostgreSQL, else engine).",
            valueName: "store|engine"))
    var aggregateIn: AggregationPlace?
    @Option(
        help: ArgumentHelp("A pivot's first axis down the rows (with --columns).", valueName: "subject|unit|period"))
    var rows: PivotAxis?
    @Option(help: ArgumentHelp("A pivot: a column per subject, unit or period.", valueName: "subject|unit|period"))
    var columns: PivotAxis?

    func validate() throws {
        if element.isEmpty && indicator.isEmpty {
            throw usageError(zh: "请给出 --element 或 --indicator", en: "give --element or --indicator")
        }
        if period.isEmpty { throw usageError(zh: "请给出 --period", en: "give --period") }
        if rows != nil && columns == nil {
            throw usageError(zh: "--rows 需要 --columns（横向的维度）", en: "--rows needs --columns (the axis across)")
        }
        if let rows, rows == columns {
            throw usageError(zh: "--rows 和 --columns 应为不同的维度", en: "--rows and --columns must name different axes")
        }
        if level != nil && children {
            throw usageError(zh: "--level 和 --children 只能给出其一", en: "give --level or --children, not both")
        }
        if let level, level < 1 { throw usageError(zh: "--level 应为 1 或更大", en: "--level must be 1 or more") }
        try SheetOutput.validate(format: format, out: out)
    }

    func run() throws {
        var workspace = try Workspace.open(path: database.path)
        if let aggregateIn {
            guard aggregateIn == .engine || workspace.storeAggregates else {
                throw usageError(
                    zh: "--aggregate-in store 需要 PostgreSQL 数据库；SQLite 在引擎中汇总",
                    en: "--aggregate-in store needs a PostgreSQL database; SQLite adds up in the engine")
            }
            workspace.aggregation = aggregateIn
        }
        let subjects: [Subject]
        do throws(SubjectError) {
            subjects = try workspace.subjects(elements: element, indicators: indicator)
        } catch {
            throw ValidationError(error.message(CommandLineLanguage.current))
        }
        let periods = try period.map { try Period($0) }
        let unit = try workspace.unit(orgunit)
        let scope: Scope = children ? .children : level.map(Scope.level) ?? .unit
        let results = try workspace.query(
            subjects, periods: periods, orgUnit: unit, scope: scope, comparison: compare)
        let report = QueryTable(
            parts: results.map { ($0.subject, $0.rows) }, tree: workspace.tree, metadata: workspace.metadata,
            language: lang, pivot: columns.flatMap { PivotLayout(rows: rows, columns: $0) })
        if let text = format.text {
            try Console.write(report.render(text), to: out)
        } else if let out {
            try SheetOutput.write(report.records, sheet: report.title, to: out)
            Console.error("Wrote \(out) (\(report.rowCount) rows).")
        }
    }
}

extension Comparison: ExpressibleByArgument {}
extension AggregationPlace: ExpressibleByArgument {}
extension PivotAxis: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

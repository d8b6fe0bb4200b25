internal import ArgumentParser
internal import Tally
internal import TallyAudit
internal import TallyCore
internal import TallyEngine
internal import TallyRender
internal import TallyText

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Audit data quality: reported counts against population-based expectations, and against verified recounts.",
        discussion: """
            Examples:
              tally check --period 202510..202601
              tally check --period 2025Oct --orgunit 360121103000 --level 3 --format json
              tally check --period 202510..202601 --format xlsx --out findings.xlsx
              tally check --period 202510..202601 --fail-on extreme     # exit 3 when an extreme finding exists
              tally check --period 2025Oct --summary --level 3 --format csv   # every village's reporting rates
            Checks so far: completeness and timeliness of each dataset's reports (reports expected from the
            dataset's level and the units its orgunits names, for every period due before --as-of; on time when
            first stored by the due date),
            with the missing and late reports listed; expected vs reported (elements with a reference_rate: expected = rate × population × days
            ÷ 365, flagged when outside the exact Poisson interval of the report) and verification (elements with a
            verified_by counterpart: verified ÷ reported outside the quality thresholds, 0.90–1.10 by default).
            The org unit and its children are audited, or every unit of --level inside it.
            Finding problems is not an error: the exit code is 0 unless --fail-on is given.
            --summary prints the reporting rates instead: for every unit and dataset the reports expected,
            received and on time (submitted and approved are not recorded yet), completeness marked against
            quality.coverage_thresholds and timeliness against quality.timeliness; see docs/checks.md.
            """
    )

    enum FailOn: String, ExpressibleByArgument {
        case moderate, extreme
    }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The period (e.g. 202510..202601, 2025Oct).", valueName: "period")) var period: String
    @Option(help: ArgumentHelp("The org unit's code (default: the top unit).", valueName: "code")) var orgunit: String?
    @Option(
        help: ArgumentHelp(
            "Audit every unit of this level inside the org unit (default: its children).", valueName: "n")) var level:
        Int?
    @Option(help: ArgumentHelp("Output format: table, csv, json or xlsx (with --out).", valueName: "format"))
    var format: SheetOutputFormat = .table
    @Option(help: ArgumentHelp("The output file (needed for xlsx; default: standard output).", valueName: "file"))
    var out: String?
    @Option(
        help: ArgumentHelp(
            "Exit with code 3 when findings of this severity or worse exist.", valueName: "moderate|extreme"))
    var failOn: FailOn?
    @Option(help: ArgumentHelp("Language of names and of the table's words: en or zh.", valueName: "lang"))
    var lang: Language = .en
    @Flag(help: "Print every unit's reporting rates per dataset instead of the findings.") var summary = false
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Expect only reports due before this date (default: today).", valueName: "yyyy-mm-dd"))
    var asOf: String?

    func validate() throws {
        if let level, level < 1 { throw usageError(zh: "--level 应为 1 或更大", en: "--level must be 1 or more") }
        try SheetOutput.validate(format: format, out: out)
        if summary && failOn != nil {
            throw usageError(
                zh: "--fail-on 用于判定检查发现，不能与 --summary 同用",
                en: "--fail-on judges findings; it does not go with --summary")
        }
    }

    func run() throws {
        let workspace = try Workspace.open(path: database.path)
        let p = try Period(period)
        let unit = try workspace.unit(orgunit)
        var day = Timestamp.day(Console.now)
        if let asOf {
            guard let parsed = Day.parse(asOf) else {
                throw usageError(
                    zh: "“\(asOf)”不是日期；应形如 2026-11-29", en: "'\(asOf)' is not a date; expected e.g. 2026-11-29")
            }
            day = parsed
        }
        if summary {
            let rates = try workspace.reportingSummary(
                orgUnit: unit, period: p, scope: level.map(Scope.level) ?? .children, asOf: day)
            let report = ReportingSummaryReport(
                summary: rates, tree: workspace.tree, metadata: workspace.metadata, language: lang)
            if let text = format.text {
                try Console.write(report.render(text), to: out)
            } else if let out {
                try SheetOutput.write(report.records, sheet: "reporting", to: out)
                Console.error("Wrote \(out) (\(rates.rows.count) rows).")
            }
            return
        }
        let result = try workspace.audit(
            orgUnit: unit, period: p, scope: level.map(Scope.level) ?? .children, asOf: day)
        let report = AuditReport(result: result, tree: workspace.tree, metadata: workspace.metadata, language: lang)
        if let text = format.text {
            try Console.write(report.render(text), to: out)
        } else if let out {
            try SheetOutput.write(report.records, sheet: "findings", to: out)
            Console.error("Wrote \(out) (\(result.findings.count) findings).")
        }
        if let failOn {
            let threshold: Finding.Severity = failOn == .moderate ? .moderate : .extreme
            if result.findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(3) }
        }
    }
}

internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyIO
internal import TallyInterchange
internal import TallyText
internal import TallyTransfer

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import data values from CSV, DHIS2 dataValueSets JSON or XML, ADX or Excel files, each file all-or-nothing.",
        discussion: """
            Example:
              tally import data-2025-10.csv data-2025-11.csv
              tally import --dry-run data.csv
              tally import --dry-run --lang zh 出生月报.csv             # the summary and rule warnings in Chinese
              tally import --encoding gbk 出生月报.csv
              tally import --mapping dhis2-ids.csv dataValueSets.json town.adx.xml
              tally import --id-scheme name --org-unit-id-scheme code names.json
              tally import births.xlsx                                   # a sheet in the CSV's columns
              tally import --layout wide --period 202510 --sheet 出生 --columns columns.csv 出生月报.xlsx
              tally import --layout wide --period 202510 --encoding gbk 访视月报.csv   # a wide CSV file
            CSV columns: dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby,
            lastupdated, comment, followup, deleted (a header in any case; without one, DHIS2's order).
            The format follows from the extension (.csv, .json, .xml, .adx, .xlsx) unless --format names it; an
            XML file is read by its root (<dataValueSet> or <adx>); .gz and .zip files (one file inside, as
            DHIS2 exports data.json.gz or data.json.zip) are inflated as they are read.
            A wide sheet has one row per org unit (a column titled orgunit or code) and one column per element
            (births, births.male, an element's name, or a title mapped in a title,element columns file); a CSV
            file in that shape is read the same way with --layout wide.
            A changed value keeps its previous value in history; deleted=true removes a value (also kept).
            --strategy (DHIS2's importStrategy): create-and-update (the default), create (only new values; rows of
            stored values are counted as ignored), update (only stored values; rows of new values are ignored), or
            delete (every value the file names is removed, whatever its value field holds).
            --partial imports the good rows of a file with bad ones and lists the bad ones; without it a file
            with any bad row imports nothing.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var identifiers: IdSchemeOptions
    @Argument(help: ArgumentHelp("Data files.", valueName: "file")) var files: [String]
    @Flag(help: "Check the files and report what would change, without writing.") var dryRun = false
    @Option(
        help: ArgumentHelp(
            "csv, dhis2-json, dxf2-xml, adx or xlsx (default: from the file extension).", valueName: "format"))
    var format: String?
    @Option(help: ArgumentHelp("xlsx: the sheet to read (default: the first).", valueName: "name")) var sheet: String?
    @Option(help: ArgumentHelp("xlsx: long (the CSV's columns; the default) or wide.", valueName: "layout"))
    var layout: String = "long"
    @Option(help: ArgumentHelp("xlsx, wide layout: the period of every value.", valueName: "period")) var period:
        String?
    @Option(help: ArgumentHelp("xlsx, wide layout: a title,element file for the column titles.", valueName: "file"))
    var columns: String?
    @Option(help: ArgumentHelp("The files' text encoding: utf-8 (default), gbk or gb18030.", valueName: "name"))
    var encoding: String = "utf-8"
    @Option(
        help: ArgumentHelp(
            "A mapping file kind,dhis2,tally between DHIS2 identifiers and Tally codes.", valueName: "file"))
    var mapping: String?
    @Option(
        help: ArgumentHelp(
            "create-and-update (default), create, update or delete (DHIS2's import strategies).",
            valueName: "strategy"))
    var strategy: String = "create-and-update"
    @Flag(help: "Import the good rows of a file with bad ones, listing the bad ones (default: all or nothing).")
    var partial = false
    @Option(help: ArgumentHelp("Language of the summary, the warnings and the problems: en or zh.", valueName: "lang"))
    var lang: Language = .en

    func validate() throws {
        if ImportStrategy(name: strategy) == nil {
            throw usageError(
                zh: "“\(strategy)”不是导入策略；应为以下之一：\(ImportStrategy.names)",
                en: "'\(strategy)' is not a strategy; expected one of: \(ImportStrategy.names)")
        }
        if files.isEmpty { throw usageError(zh: "请至少指定一个要导入的文件", en: "name at least one file to import") }
        if let format, DataFormat(name: format) == nil {
            throw usageError(
                zh: "“\(format)”不是文件格式；应为以下之一：\(InterchangeFormat.names)",
                en: "'\(format)' is not a format; expected one of: \(InterchangeFormat.names)")
        }
        if WorkbookOptions.Layout(rawValue: layout) == nil {
            throw usageError(
                zh: "“\(layout)”不是表格布局；应为 long 或 wide", en: "'\(layout)' is not a layout; expected long or wide")
        }
        try EncodingOption.check(encoding)
    }

    func run() throws {
        var workspace = try Workspace.open(path: database.path)
        workspace.importStrategy = ImportStrategy(name: strategy) ?? .createAndUpdate
        workspace.partialImport = partial
        let map = try mapping.map { path throws in try IdentifierMapping.read(path: path) }
        let schemes = try identifiers.schemes()
        let chosen = format.flatMap(DataFormat.init(name:))
        let textEncoding = TextEncoding(name: encoding) ?? .utf8
        var options = WorkbookOptions(
            sheet: sheet, layout: WorkbookOptions.Layout(rawValue: layout) ?? .long, period: period)
        options.columns = try columns.map { path throws in try WideColumns.read(path: path) }
        var failures = 0
        for file in files {
            let showProgress = Console.stderrIsTerminal
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let progress = { (p: DataValueImporter.Progress) in
                    guard showProgress else { return }
                    Console.progress(Self.progressLine(file: file, p)(lang))
                }
                let summary = try workspace.importFile(
                    file, format: chosen, encoding: textEncoding, workbook: options, mapping: map, schemes: schemes,
                    user: Console.user,
                    time: Console.now, dryRun: dryRun, progress: progress)
                if showProgress { Console.progress("") }
                let (s, a) = (clock.now - started).components
                let seconds = Double(s) + Double(a) / 1e18
                let took = Localized(
                    zh: "（\(String(format: "%.1f", seconds)) 秒）", en: " (\(String(format: "%.1f", seconds)) s)")
                print(summary.line(lang) + took(lang))
                for line in summary.refusedLines(lang) { print("  \(line)") }
                if let limit = summary.rulesUncheckedAbove.map(ImportSummary.grouped) {
                    print(
                        "  "
                            + Localized(
                                zh: "文件中校验规则涉及的数值超过\(limit)个，导入时没有检查校验规则；导入后请用 tally check 检查",
                                en:
                                    "the file holds more than \(limit) values the validation rules name; the rules were not checked on import, run tally check after it"
                            )(lang))
                }
                if !summary.warnings.isEmpty {
                    print(
                        Localized(
                            zh: "  导入后有\(summary.warnings.count)条校验规则不成立（不阻止导入，请核对）：",
                            en:
                                "  \(summary.warnings.count) validation rule breaks after the import (they do not stop it; check them):"
                        )(lang))
                    for warning in summary.warnings { print("    \(warning(lang))") }
                }
            } catch let error as ImportError {
                if showProgress { Console.progress("") }
                Console.error(error.message(lang))
                failures += 1
            } catch let error as WorkbookError {
                Console.error(error.message(lang))
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

extension ImportCommand {
    /// The line `tally import` keeps rewriting on a terminal while it reads a file: rows read, rows a second and,
    /// when the file's size is known, the seconds left at that pace.
    static func progressLine(file: String, _ p: DataValueImporter.Progress) -> Localized<String> {
        p.line(file: file)
    }
}

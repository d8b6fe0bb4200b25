internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyCore
internal import TallyIO
internal import TallyInterchange
internal import TallyText

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export stored raw values as CSV, DHIS2 dataValueSets JSON or XML, ADX or an Excel workbook.",
        discussion: """
            Example:
              tally export --format adx --orgunit 360121100000 --period 2025Oct --out town.adx.xml
              tally export --format dhis2-json --period 202510 --mapping dhis2-ids.csv --out 202510.json
              tally export --format dhis2-json --id-scheme uid --mapping dhis2-ids.csv --out uids.json
              tally export --format adx --id-scheme name --lang zh --out names.adx.xml
              tally export --format xlsx --period 2025Oct --out 2025Oct.xlsx
              tally export --complete-registrations --period 2025Oct --out registrations.json
            Writes the values of the org unit's whole subtree whose periods lie inside any --period (all periods
            when none is given), with who stored them, when, their comments and follow-up marks. Importing the
            file into another database gives the same values. With --mapping, Tally codes are written as the
            DHIS2 identifiers of the mapping file (kind,dhis2,tally). With --complete-registrations, the file holds
            instead the reports of the subtree and periods that stand submitted (or approved), as DHIS2's
            completeDataSetRegistrations JSON, which `tally import` reads back.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var identifiers: IdSchemeOptions
    @Option(help: ArgumentHelp("With --id-scheme name: the names' language, zh or en.", valueName: "lang"))
    var lang: Language = .en
    @Option(help: ArgumentHelp("csv, dhis2-json, dxf2-xml, adx or xlsx (with --out).", valueName: "format"))
    var format: String = "csv"
    @Option(help: ArgumentHelp("The org unit whose subtree is exported (default: the top unit).", valueName: "code"))
    var orgunit: String?
    @Option(help: ArgumentHelp("Periods to export; stored periods inside any of them are written.", valueName: "p"))
    var period: [String] = []
    @Option(help: ArgumentHelp("Element codes to export (default: all).", valueName: "code")) var element: [String] =
        []
    @Option(help: ArgumentHelp("A mapping file kind,dhis2,tally.", valueName: "file")) var mapping: String?
    @Option(help: ArgumentHelp("The output file (default: standard output).", valueName: "file")) var out: String?
    @Flag(help: "Write the submitted reports as completeDataSetRegistrations JSON instead of the values.")
    var completeRegistrations = false

    func run() throws {
        guard let chosen = DataFormat(name: format) else {
            throw usageError(
                zh: "“\(format)”不是导出格式；应为以下之一：\(InterchangeFormat.names)",
                en: "'\(format)' is not an export format; expected one of: \(InterchangeFormat.names)")
        }
        var periods: [Period] = []
        for text in period {
            periods.append(try Period(text))
        }
        let map = try mapping.map { path throws in try IdentifierMapping.read(path: path) }
        let schemes = try identifiers.schemes()
        let workspace = try Workspace.open(path: database.path)
        if completeRegistrations {
            var text = ""
            let count = try workspace.exportRegistrations(
                orgUnit: orgunit, periods: periods, mapping: map, schemes: schemes, language: lang
            ) {
                text += $0
            }
            if let out {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out))
                Console.error("\(out): \(ImportSummary.grouped(count)) complete registrations written")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            return
        }
        guard case .interchange(let interchange) = chosen else {
            guard let out else {
                throw usageError(
                    zh: "--format xlsx 写出 Excel 工作簿：请用 --out 指定文件，如 --out data.xlsx",
                    en: "--format xlsx writes a workbook: name the file with --out, e.g. --out data.xlsx")
            }
            let count = try workspace.exportWorkbook(
                path: out, orgUnit: orgunit, periods: periods, elements: element, mapping: map, schemes: schemes,
                language: lang)
            Console.error("\(out): \(ImportSummary.grouped(count)) values written (xlsx)")
            return
        }
        let handle: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil) else {
                throw ExportError(.unknownOrgUnit, Localized(zh: "无法写入 \(out)", en: "cannot write \(out)"))
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        } else {
            handle = FileHandle.standardOutput
        }
        let count = try workspace.export(
            format: interchange, orgUnit: orgunit, periods: periods, elements: element, mapping: map,
            schemes: schemes, language: lang, exported: Console.now
        ) { text in
            handle.write(Data(text.utf8))
        }
        if let out {
            try handle.close()
            Console.error("\(out): \(ImportSummary.grouped(count)) values written (\(interchange.rawValue))")
        }
    }
}

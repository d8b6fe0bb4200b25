internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyIO

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import data values from DHIS2-style CSV files, each file all-or-nothing.",
        discussion: """
            Example:
              tally import data-2025-10.csv data-2025-11.csv
              tally import --dry-run data.csv
            Columns: dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby,
            lastupdated, comment, followup, deleted (a header in any case; without one, DHIS2's order).
            A changed value keeps its previous value in history; deleted=true removes a value (also kept).
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("CSV files.", valueName: "file")) var files: [String]
    @Flag(help: "Check the files and report what would change, without writing.") var dryRun = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import") }
    }

    func run() throws {
        let workspace = try Workspace.open(path: database.path)
        let importer = workspace.importer
        var failures = 0
        for file in files {
            let showProgress = Console.stderrIsTerminal
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let summary = try importer.importFile(
                    path: file, into: workspace.store, user: Console.user, time: Console.now, dryRun: dryRun
                ) { p in
                    guard showProgress else { return }
                    let rate = Double(p.rows) / max(p.seconds, 0.001)
                    var text =
                        "\(file): \(ImportSummary.grouped(p.rows)) rows, \(ImportSummary.grouped(Int(rate))) rows/s"
                    if let size = p.fileSize, size > 0, p.bytesRead > 0 {
                        let left = p.seconds * Double(size - p.bytesRead) / Double(p.bytesRead)
                        text += ", about \(Int(left.rounded())) s left"
                    }
                    Console.progress(text)
                }
                if showProgress { Console.progress("") }
                let (s, a) = (clock.now - started).components
                let seconds = Double(s) + Double(a) / 1e18
                print("\(summary.line) (\(String(format: "%.1f", seconds)) s)")
            } catch let error as ImportError {
                if showProgress { Console.progress("") }
                Console.error(error.message)
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

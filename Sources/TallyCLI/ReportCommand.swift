internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyBulletin
internal import TallyCore
internal import TallyRender
internal import TallyText

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a bulletin: the period's figures, ranked units, trend, data quality and campaign progress.",
        discussion: """
            Examples:
              tally report --period 202510..202601 --out bulletin.html
              tally report --period 2025Q4 --orgunit 360121107000 --lang en --format md --out q4/bulletin.md
              tally report --period 202510..202601 --campaign service_month --as-of 2025-12-12 --out bulletin.html
            HTML is one self-contained page (inline CSS and SVG charts, no script, no network) that prints on A4
            and reads on a phone; without --out it goes to standard output. Markdown needs --out: each chart is
            written beside it as an SVG file (bulletin-ranked.svg, …). What the bulletin shows is set in the
            report: section of the metadata (figures, rank_by, trend, findings); see docs/metadata.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md, json
    }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The org unit's code (default: the top unit).", valueName: "code")) var orgunit: String?
    @Option(help: ArgumentHelp("The period, such as 2025Oct, 2025Q4 or 202510..202601.", valueName: "period"))
    var period: String
    @Option(help: ArgumentHelp("Add a campaign's progress.", valueName: "campaign")) var campaign: String?
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The campaign's as-of date (default: today).", valueName: "yyyy-mm-dd"))
    var asOf: String?
    @Option(help: ArgumentHelp("Language: zh (Simplified Chinese) or en.", valueName: "lang")) var lang: Language = .zh
    @Option(help: "Output format: html (one page), md (with SVG charts beside it) or json (the texts and charts).")
    var format: Format = .html
    @Option(help: ArgumentHelp("Write to this file (and its charts beside it, for md).", valueName: "file"))
    var out: String?

    func validate() throws {
        if format == .md && out == nil {
            throw ValidationError("--format md needs --out FILE: the charts are written beside it as SVG files")
        }
        if let asOf, Day.parse(asOf) == nil {
            throw ValidationError("'\(asOf)' is not a date; expected e.g. 2025-12-12")
        }
    }

    func run() throws {
        let workspace = try Workspace.open(path: database.path)
        let parsed = try Period(period)
        let language = lang
        let today = Timestamp.day(Console.now)
        let day = asOf.flatMap(Day.parse) ?? today
        let bulletin = try workspace.bulletin(
            orgUnit: try workspace.unit(orgunit), period: parsed, language: language, preparedOn: today,
            campaign: campaign, asOf: day)
        let kind: BulletinFiles.Kind =
            switch format {
            case .html: .html
            case .md: .markdown
            case .json: .json
            }
        let written = try BulletinFiles.write(bulletin, format: kind, to: out)
        if let out {
            print("Wrote \(out)" + (written.count > 1 ? " and \(written.count - 1) charts beside it." : "."))
        } else {
            print(written[0].text, terminator: "")
        }
    }
}

/// Writing a bulletin to files: the HTML page, or the Markdown file with its charts beside it.
enum BulletinFiles {
    enum Kind { case html, markdown, json }

    /// Writes the bulletin to `path` (nothing is written when `path` is nil) and returns the files' paths and
    /// texts, the main file first.
    @discardableResult
    static func write(_ bulletin: Bulletin, format: Kind, to path: String?) throws -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = []
        switch format {
        case .html:
            files.append((path ?? "", BulletinHTML.render(bulletin)))
        case .json:
            files.append((path ?? "", BulletinJSON.render(bulletin).pretty + "\n"))
        case .markdown:
            let main = path ?? "bulletin.md"
            let directory = (main as NSString).deletingLastPathComponent
            let stem = ((main as NSString).lastPathComponent as NSString).deletingPathExtension
            var charts: [(String, String)] = []
            let text = BulletinMarkdown.render(bulletin) { chart in
                let name = "\(stem)-\(chart.id).svg"
                charts.append(((directory as NSString).appendingPathComponent(name), chart.svg))
                return name
            }
            files.append((main, text))
            files += charts
        }
        guard path != nil else { return files }
        for file in files {
            let directory = (file.path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            do {
                try file.text.write(toFile: file.path, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write \(file.path): \(error.localizedDescription)")
            }
        }
        return files
    }
}

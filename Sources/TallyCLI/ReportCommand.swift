public import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyBulletin
internal import TallyCore
internal import TallyEngine
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
              tally report --period 202601 --compare previous --out bulletin.html   # 环比: on December 2025
              tally report --dqr --period 2025Oct --out dqr.html     # the WHO data quality review of a year
              tally report --dqr --period 2025 --survey surveys.csv --lang en --format md --out dqr/review.md
            HTML is one self-contained page (inline CSS and SVG charts, no script, no network) that prints on A4
            and reads on a phone; without --out it goes to standard output. Markdown needs --out: each chart is
            written beside it as an SVG file (bulletin-ranked.svg, …). What the bulletin shows is set in the
            report: section of the metadata (figures, rank_by, trend, findings); see docs/metadata.md.
            --compare chooses what the figures are compared with: last-year (the same period last year, 同比; the
            default), previous (the period just before, 环比; a range shifts by its own length) or none (no
            change columns and no comparison sentences). The sentences, the change columns, the trend's title and
            the partial-period warning all speak of the comparison chosen.
            --dqr writes the WHO Data Quality Review of the period instead (usually a year): completeness and
            timeliness, internal consistency, external comparison with survey values (from the metadata's
            review: section or --survey FILE, columns comparison,orgunit,value) and population data, each table
            with the number and share of units divergent; reports count when due before --as-of (default today).
            See docs/checks.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md, json
    }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The org unit's code (default: the top unit).", valueName: "code")) var orgunit: String?
    @Option(help: ArgumentHelp("The period, such as 2025Oct, 2025Q4 or 202510..202601.", valueName: "period"))
    var period: String
    @Option(
        help: ArgumentHelp(
            "Compare with the same period last year, the previous period, or nothing (default: last-year).",
            valueName: "last-year|previous|none"))
    var compare: BulletinComparison = .lastYear
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
    @Flag(help: "Write the WHO data quality review (DQR) of the period instead of the bulletin.") var dqr = false
    @Option(
        help: ArgumentHelp(
            "With --dqr: survey values to compare with (CSV: comparison,orgunit,value).", valueName: "file"))
    var survey: String?
    @Option(
        help: ArgumentHelp(
            "With --dqr: review every unit of this level inside the org unit (default: its children).",
            valueName: "n"))
    var level: Int?

    func validate() throws {
        if format == .md && out == nil {
            throw usageError(
                zh: "--format md 需要 --out 文件：图表以 SVG 文件写在它旁边",
                en: "--format md needs --out FILE: the charts are written beside it as SVG files")
        }
        if !dqr && (survey != nil || level != nil) {
            throw usageError(zh: "--survey 和 --level 只能与 --dqr 同用", en: "--survey and --level go with --dqr")
        }
        if dqr && campaign != nil {
            throw usageError(
                zh: "--campaign 用于简报，不能与 --dqr 同用", en: "--campaign goes with the bulletin, not with --dqr")
        }
        if dqr && compare != .lastYear {
            throw usageError(zh: "--compare 用于简报，不能与 --dqr 同用", en: "--compare goes with the bulletin, not with --dqr")
        }
        if let level, level < 1 { throw usageError(zh: "--level 应为 1 或更大", en: "--level must be 1 or more") }
        if let asOf, Day.parse(asOf) == nil {
            throw usageError(
                zh: "“\(asOf)”不是日期；应形如 2025-12-12", en: "'\(asOf)' is not a date; expected e.g. 2025-12-12")
        }
    }

    func run() throws {
        let workspace = try Workspace.open(path: database.path)
        let parsed = try Period(period)
        let language = lang
        let today = Timestamp.day(Console.now)
        let day = asOf.flatMap(Day.parse) ?? today
        let kind: BulletinFiles.Kind =
            switch format {
            case .html: .html
            case .md: .markdown
            case .json: .json
            }
        if dqr {
            let review = try workspace.review(
                orgUnit: try workspace.unit(orgunit), period: parsed, scope: level.map(Scope.level) ?? .children,
                asOf: day, surveyFile: survey, language: language, preparedOn: today)
            report(try BulletinFiles.write(review, format: kind, to: out))
            return
        }
        let bulletin = try workspace.bulletin(
            orgUnit: try workspace.unit(orgunit), period: parsed, language: language, preparedOn: today,
            campaign: campaign, asOf: day, comparison: compare.comparison)
        report(try BulletinFiles.write(bulletin, format: kind, to: out))
    }

    /// Says what was written, or prints the page.
    func report(_ written: [(path: String, text: String)]) {
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
        try write(
            format: format, to: path, markdownName: "bulletin.md", html: { BulletinHTML.render(bulletin) },
            json: { BulletinJSON.render(bulletin) },
            markdown: { chartName in BulletinMarkdown.render(bulletin) { chartName($0.id, $0.svg) } })
    }

    /// Writes a data quality review to `path` as ``write(_:format:to:)`` does a bulletin.
    @discardableResult
    static func write(_ review: Review, format: Kind, to path: String?) throws -> [(path: String, text: String)] {
        try write(
            format: format, to: path, markdownName: "dqr.md", html: { ReviewHTML.render(review) },
            json: { ReviewJSON.render(review) },
            markdown: { chartName in ReviewMarkdown.render(review) { chartName($0.id, $0.svg) } })
    }

    /// Writes a page in `format`: `markdown` is given a function that keeps a chart (its id and SVG) to be written
    /// beside the Markdown file and returns the name the Markdown links it by.
    static func write(
        format: Kind, to path: String?, markdownName: String, html: () -> String, json: () -> JSONValue,
        markdown: (_ chartName: (_ id: String, _ svg: String) -> String) -> String
    ) throws -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = []
        switch format {
        case .html:
            files.append((path ?? "", html()))
        case .json:
            files.append((path ?? "", json().pretty + "\n"))
        case .markdown:
            let main = path ?? markdownName
            var charts: [(String, String)] = []
            let text = markdown { id, svg in
                let (file, name) = chartFile(main, id)
                charts.append((file, svg))
                return name
            }
            files.append((main, text))
            files += charts
        }
        return try save(files, write: path != nil)
    }

    /// A chart's file beside the Markdown file `main`, and its name as the Markdown links it.
    static func chartFile(_ main: String, _ id: String) -> (path: String, name: String) {
        let directory = (main as NSString).deletingLastPathComponent
        let stem = ((main as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = "\(stem)-\(id).svg"
        return ((directory as NSString).appendingPathComponent(name), name)
    }

    /// Writes the files (when `write`) and returns them.
    static func save(
        _ files: [(path: String, text: String)], write: Bool
    ) throws -> [(path: String, text: String)] {
        guard write else { return files }
        for file in files {
            let directory = (file.path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            do {
                try file.text.write(toFile: file.path, atomically: true, encoding: .utf8)
            } catch {
                throw usageError(
                    zh: "无法写入 \(file.path)：\(error.localizedDescription)",
                    en: "cannot write \(file.path): \(error.localizedDescription)")
            }
        }
        return files
    }
}

extension BulletinComparison: ExpressibleByArgument {}

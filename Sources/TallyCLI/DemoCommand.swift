internal import ArgumentParser
internal import Foundation
public import Tally
internal import TallyAudit
internal import TallyBulletin
public import TallyCore
internal import TallyDemo
internal import TallyEngine
internal import TallyIO
internal import TallyRender
internal import TallyStore
internal import TallyText
internal import TallyTransfer

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a synthetic county in a fresh database and print its situation analysis.",
        discussion: """
            Example:
              tally demo
              tally demo --dir /tmp/county --period 2025Oct
              tally demo --scale province --villages 20000 --files-only --dir bench/data
            The county (云溪县: 12 towns, about 250 villages) has three reporting years of monthly data,
            October 2023 to September 2026, generated from a fixed seed, with a few deliberate problems
            (missing and late reports, typing errors, one town under-reporting births, one town whose
            service counts exceed the verified counts) for the quality checks.
            """
    )

    @Option(help: ArgumentHelp("Where to write the files and the database.", valueName: "dir")) var dir = "tally-demo"
    @Option(help: ArgumentHelp("county (the demo) or province (benchmark size).", valueName: "scale")) var scale =
        "county"
    @Option(help: ArgumentHelp("Villages at province scale.", valueName: "n")) var villages = 20_000
    @Option(help: ArgumentHelp("The period of the summary.", valueName: "period")) var period = "202510..202601"
    @Flag(
        help:
            "Only write the files (tally.yaml, orgunits.csv, data.csv; for the county also campaign.csv, targets.csv and boundaries.geojson); do not build the database."
    ) var filesOnly = false

    func validate() throws {
        guard ["county", "province"].contains(scale) else {
            throw usageError(zh: "--scale 应为 county 或 province", en: "--scale is county or province")
        }
        guard villages >= 10 else { throw usageError(zh: "--villages 至少为 10", en: "--villages must be at least 10") }
    }

    func run() throws {
        let summaryPeriod = try Period(period)
        let clock = ContinuousClock()
        var started = clock.now
        let generator = DemoCounty(scale: scale == "county" ? .county : .province(villages: villages))
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let written = try generator.writeAll(to: dir)
        // Paths as the user gave them.
        func shown(_ path: String) -> String {
            (dir as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        }
        let files = DemoFiles(
            metadata: shown(written.metadata), orgUnits: shown(written.orgUnits), data: shown(written.data),
            dataRows: written.dataRows)
        print(
            "Generated \(files.metadata), \(files.orgUnits) and \(files.data) (\(NumberFormat.group(String(files.dataRows))) values) in \(Self.seconds(clock.now - started)) s."
        )
        if filesOnly { return }
        let db = (dir as NSString).appendingPathComponent("tally.sqlite")
        started = clock.now
        var workspace = try Workspace.create(
            path: db, metadataFile: files.metadata, orgUnitsFile: files.orgUnits, force: true)
        var imported = try workspace.importData(file: files.data, user: "demo", time: Console.now).new
        if let townData = written.townData {
            imported += try workspace.importData(file: townData, user: "demo", time: Console.now).new
        }
        if let campaignData = written.campaignData {
            imported += try workspace.importData(file: campaignData, user: "demo", time: Console.now).new
        }
        workspace = try Workspace.open(path: db)
        print(
            "Imported \(NumberFormat.group(String(imported))) values into \(db) in \(Self.seconds(clock.now - started)) s."
        )
        if let boundaries = written.boundaries {
            print(try workspace.importBoundaries(file: shown(boundaries)).summary(.en))
        }
        print()
        print(try SituationReport(workspace: workspace, period: summaryPeriod).render())
        let audit = try workspace.audit(
            orgUnit: try workspace.unit(nil), period: summaryPeriod, asOf: Timestamp.day(Console.now))
        let auditReport = AuditReport(result: audit, tree: workspace.tree, metadata: workspace.metadata)
        if !audit.findings.isEmpty {
            print("Data quality — the top findings (tally check --period \(period) for all):")
            for finding in audit.findings.prefix(5) {
                print("  \(finding.severity.rawValue): \(auditReport.sentence(finding))")
            }
            print()
        }
        if let targets = written.targets, workspace.metadata.campaign(DemoCounty.campaignCode) != nil {
            _ = try workspace.importTargets(campaign: DemoCounty.campaignCode, file: targets)
            let result = try workspace.campaignStanding(
                DemoCounty.campaignCode, asOf: Day.parse(DemoCounty.campaignAsOf)!, orgUnit: try workspace.unit(nil))
            print(CampaignReport(result: result, tree: workspace.tree).render(.table))
        }
        // The bulletin of the summary period, in Chinese, as one HTML page and as Markdown with its charts.
        let bulletin = try workspace.bulletin(
            orgUnit: try workspace.unit(nil), period: summaryPeriod, language: .zh,
            preparedOn: Timestamp.day(Console.now),
            campaign: workspace.metadata.campaign(DemoCounty.campaignCode) != nil ? DemoCounty.campaignCode : nil,
            asOf: Day.parse(DemoCounty.campaignAsOf))
        let html = (dir as NSString).appendingPathComponent("bulletin.html")
        let markdown = (dir as NSString).appendingPathComponent("bulletin.md")
        try BulletinFiles.write(bulletin, format: .html, to: html)
        let charts = try BulletinFiles.write(bulletin, format: .markdown, to: markdown).count - 1
        print("Bulletin (中文): \(html) — one page to open in a browser or print; \(markdown) with \(charts) SVG charts.")
        // The WHO data quality review of the last full reporting year, in Chinese.
        let dqr = (dir as NSString).appendingPathComponent("dqr.html")
        let review = try workspace.review(
            orgUnit: try workspace.unit(nil), period: try Period(DemoCounty.reviewYear),
            asOf: Timestamp.day(Console.now),
            language: .zh, preparedOn: Timestamp.day(Console.now))
        try BulletinFiles.write(review, format: .html, to: dqr)
        print("Data quality review (中文, WHO DQR) of \(DemoCounty.reviewYear): \(dqr).")
        print()
        print(
            """
            Go on with, for example:
              tally query --db \(db) --indicator cbr --period \(period) --children --compare last-year
              tally query --db \(db) --element births.male --period 2025Oct --level 2 --format json
              tally targets --db \(db) \(DemoCounty.campaignCode) --as-of \(DemoCounty.campaignAsOf) --orgunit 360121106000
              tally report --db \(db) --period \(period) --lang en --out \((dir as NSString).appendingPathComponent("bulletin-en.html"))
              tally report --db \(db) --dqr --period \(DemoCounty.reviewYear) --lang en --out \((dir as NSString).appendingPathComponent("dqr-en.html"))
              tally check --db \(db) --period \(period) --summary
            The metadata is in \(files.metadata); the org units in \(files.orgUnits).
            """)
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.1f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}

/// The county's situation for a period (scenario 1): births, crude birth rate, sex ratio at birth and the
/// share of third-and-higher-order births, for the top unit and each unit one level down, ranked by birth
/// rate, each compared with the same period of the previous year.
struct SituationReport {
    let workspace: Workspace
    let period: Period

    struct Line {
        var unit: Int
        var figures: [QueryRow]
    }

    /// The figures (as the report settings name them), their titles and the unit of their changes.
    static let subjects: [(code: String, title: String, change: String)] = [
        ("births", "births", "births"),
        ("cbr", "birth rate ‰", "per-mille points"),
        ("srb", "sex ratio", "points"),
        ("order3_share", "order 3+ %", "percentage points"),
    ]

    func render() throws -> String {
        let root = try workspace.unit(nil)
        let metadata = workspace.metadata
        let available = Self.subjects.filter { metadata.element($0.code) != nil || metadata.indicator($0.code) != nil }
        let overview = try workspace.overview(
            orgUnit: root, period: period, figures: available.map(\.code),
            rankBy: available.contains { $0.code == "cbr" } ? "cbr" : nil)
        let top = overview.unitRows
        let children = overview.childRows
        let tree = workspace.tree
        let compared = top.first?.comparison?.period.identifier ?? "–"
        var out =
            "\(tree.units[root].name) — \(period.identifier) (\(period.start) to \(period.end)), compared with the same period last year (\(compared))\n\n"
        if let births = top.first, let cbrIndex = available.firstIndex(where: { $0.code == "cbr" }) {
            out += headline(births: births, rate: top[cbrIndex]) + "\n\n"
        }
        var columns: [(title: String, alignment: TextTable.Alignment)] = [("rank", .right), ("unit", .left)]
        for (_, title, _) in available {
            columns += [(title, .right), ("change", .right)]
        }
        var table = TextTable(columns: columns)
        func cells(_ rows: [QueryRow], decimals: [Int]) -> [String] {
            var c: [String] = []
            for (k, row) in rows.enumerated() {
                c.append(row.figure.value.map { NumberFormat.fixed($0, decimals: decimals[k]) } ?? "–")
                c.append(row.comparison?.change.map { NumberFormat.signed($0, decimals: decimals[k]) } ?? "–")
            }
            return c
        }
        let decimals = overview.figures.map(\.decimals)
        table.addRow(["", tree.units[root].name] + cells(top, decimals: decimals))
        // Units ranked by birth rate (or births when there is no rate).
        let rankBy = overview.rankIndex
        for i in overview.ranking {
            let rows = children.map { $0[i] }
            table.addRow(
                [children[rankBy][i].rank.map(String.init) ?? "–", tree.units[rows[0].unit].name]
                    + cells(rows, decimals: decimals))
        }
        out += table.render()
        out += "\nRanked by \(available[rankBy].1); changes are on the same period last year (rates in points).\n"
        return out
    }

    /// "Births fell by 58 (−4.8%) on the same period last year; the birth rate fell 0.62 per-mille points to 9.83‰."
    func headline(births: QueryRow, rate: QueryRow) -> String {
        var parts: [String] = []
        if let value = births.figure.value, let change = births.comparison?.change {
            let verb = change > 0 ? "rose" : change < 0 ? "fell" : "were unchanged"
            let relative =
                births.comparison?.relativeChange.map { " (\(NumberFormat.signed($0 * 100, decimals: 1))%)" } ?? ""
            parts.append(
                change == 0
                    ? "Births were unchanged at \(NumberFormat.fixed(value, decimals: 0))"
                    : "Births \(verb) by \(NumberFormat.fixed(abs(change), decimals: 0))\(relative) on the same period last year, to \(NumberFormat.fixed(value, decimals: 0))"
            )
        }
        if let value = rate.figure.value, let change = rate.comparison?.change {
            let decimals = workspace.metadata.indicator("cbr")?.decimals ?? 2
            let verb = change > 0 ? "rose" : change < 0 ? "fell" : "was unchanged"
            parts.append(
                change == 0
                    ? "the birth rate was unchanged at \(NumberFormat.fixed(value, decimals: decimals))‰"
                    : "the birth rate \(verb) \(NumberFormat.fixed(abs(change), decimals: decimals)) per-mille points to \(NumberFormat.fixed(value, decimals: decimals))‰"
            )
        }
        guard !parts.isEmpty else {
            return "No comparison with last year is possible: data for that period are missing."
        }
        return parts.joined(separator: "; ").prefix(1).uppercased() + parts.joined(separator: "; ").dropFirst() + "."
    }
}

/// The situation report as text, for tests and other front ends.
public enum SituationReportText {
    /// The report of `workspace` for `period`.
    public static func render(_ workspace: Workspace, period: Period) throws -> String {
        try SituationReport(workspace: workspace, period: period).render()
    }
}

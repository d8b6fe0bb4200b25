internal import ArgumentParser
internal import Tally
internal import TallyCore
internal import TallyEngine
internal import TallyIO
internal import TallyRender
internal import TallyStore
internal import TallyText

struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract:
            "Campaign progress: targets split down the tree, milestones, status, projections, praise and warning lists.",
        discussion: """
            Examples:
              tally targets service_month --import targets.csv
              tally targets service_month --as-of 2025-12-12
              tally targets service_month --as-of 2025-12-12 --orgunit 360121107000 --format json
            Campaigns are defined in the metadata file (campaigns:). Targets come from a CSV file with the header
            orgunit,target at any levels; a unit without one gets its share of its parent's target, in proportion
            to the campaign's weight (largest remainders, so the shares add up exactly), and a unit whose children
            all have targets gets their sum. Achieved is the sum of the campaign's element from its first day to
            the as-of date (a weekly value counts from the first day of its week). Status: ahead (at or above the
            next milestone's due count), on track (at or above the last milestone passed), behind; at risk when
            the pace so far would miss the target by the end.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The campaign's code.", valueName: "campaign")) var campaign: String
    @Option(
        name: .customLong("import"),
        help: ArgumentHelp(
            "Load the campaign's targets from a CSV file (orgunit,target), replacing earlier ones.", valueName: "file"))
    var importFile: String?
    @Option(help: ArgumentHelp("The targets file's encoding: utf-8 (default), gbk or gb18030.", valueName: "name"))
    var encoding: String = "utf-8"
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Report progress as of this date.", valueName: "yyyy-mm-dd"))
    var asOf: String?
    @Option(help: ArgumentHelp("The org unit's code (default: the top unit).", valueName: "code")) var orgunit: String?
    @Option(
        help: ArgumentHelp("List every unit of this level inside the org unit (default: its children).", valueName: "n")
    ) var level: Int?
    @Option(help: "Output format.") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("Language of names and of the table's words: en or zh.", valueName: "lang"))
    var lang: Language = .en

    func validate() throws {
        if importFile == nil && asOf == nil {
            throw usageError(
                zh: "请给出 --as-of 日期以报告进度，或 --import 文件以导入目标",
                en: "give --as-of DATE to report progress, or --import FILE to load targets")
        }
        if let level, level < 1 { throw usageError(zh: "--level 应为 1 或更大", en: "--level must be 1 or more") }
        try EncodingOption.check(encoding)
    }

    func run() throws {
        let workspace = try Workspace.open(path: database.path)
        do throws(CampaignError) {
            _ = try workspace.campaign(campaign)
        } catch {
            throw ValidationError(error.message(CommandLineLanguage.current))
        }
        if let importFile {
            let loaded = try workspace.importTargets(
                campaign: campaign, file: importFile, encoding: TextEncoding(name: encoding) ?? .utf8)
            let total = loaded.topTarget.map { NumberFormat.fixed(Double($0), decimals: 0) } ?? "no total"
            print(
                "\(importFile): \(loaded.entries.count) targets loaded for \(campaign); \(workspace.tree.units[loaded.topUnit].name): \(total)."
            )
        }
        guard let asOf else { return }
        guard let date = Day.parse(asOf) else {
            throw usageError(
                zh: "“\(asOf)”不是日期；应形如 2025-12-12", en: "'\(asOf)' is not a date; expected e.g. 2025-12-12")
        }
        let unit = try workspace.unit(orgunit)
        let result: CampaignResult
        do {
            result = try workspace.campaignStanding(
                campaign, asOf: date, orgUnit: unit, scope: level.map(Scope.level) ?? .children)
        } catch let error as CampaignError where error.code == .noTargets {
            throw ValidationError(error.message(CommandLineLanguage.current))
        }
        print(CampaignReport(result: result, tree: workspace.tree, language: lang).render(format), terminator: "")
    }
}

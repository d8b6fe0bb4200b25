internal import ArgumentParser
internal import Tally
internal import TallyCore
internal import TallyStore
internal import TallyText

/// `tally report-status`: where one report stands in submission and approval, with every step.
struct ReportStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report-status",
        abstract: "Show where a report (dataset × org unit × period) stands in submission and approval.",
        discussion: """
            Example:
              tally report-status --dataset monthly --orgunit A1 --period 202601 --lang zh
            Prints the stage (not submitted, submitted, returned, approved, accepted) and every step with who did it
            and when, in the office's time zone. Reports are submitted, approved and returned in the browser
            (/entry, /approvals) or through POST /api/approvals/{submit,approve,return,accept,unapprove}.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The dataset's code.", valueName: "code")) var dataset: String
    @Option(help: ArgumentHelp("The reporting unit's code.", valueName: "code")) var orgunit: String
    @Option(help: ArgumentHelp("The period, of the dataset's period type.", valueName: "period")) var period: String
    @Option(help: ArgumentHelp("Language of names and words: en or zh.", valueName: "lang"))
    var lang: Language = .en

    func run() throws {
        let workspace = try Workspace.open(path: database.path)
        guard let accounts = workspace.store as? any AccountStore else {
            throw usageError(
                zh: "数据库 \(workspace.store.location) 不保存用户账户",
                en: "the database \(workspace.store.location) keeps no accounts")
        }
        let report = try workspace.report(dataset: dataset, orgUnit: orgunit, period: period)
        let state = try workspace.reportState(report, accounts: accounts)
        let zone = workspace.metadata.timeZone
        print("\(workspace.describe(report)(lang)): \(state.stage.label.text(lang))")
        for event in state.events {
            let comment = event.comment.isEmpty ? "" : " — \(event.comment)"
            print("  \(zone.minute(of: event.at))  \(event.by)  \(event.action.label.text(lang))\(comment)")
        }
    }
}

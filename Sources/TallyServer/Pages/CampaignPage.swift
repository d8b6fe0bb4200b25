internal import Foundation
internal import Hummingbird
internal import Tally
internal import TallyCharts
internal import TallyCore
internal import TallyEngine
internal import TallyRender
internal import TallyTargets
internal import TallyText

/// The campaign page (`/campaign`): a campaign's standing of `tally targets` for a unit and its children as of any
/// day — the full table (rank, target, achieved, due, next milestone, gap, status, projection), the praise and
/// warning lists and the progress chart — under a GET form (campaign, unit, as-of day):
/// `/campaign?campaign=C&orgunit=U&as_of=YYYY-MM-DD` (a field left blank is not given; the first campaign and
/// today within its dates by default). Every figure comes from ``Tally/Workspace/campaignStanding(_:asOf:orgUnit:scope:)``.
struct CampaignPage {
    static let path = "/campaign"

    /// The standing shown, `nil` when the metadata defines no campaign.
    let result: CampaignResult?
    let unit: Int
    /// The as-of day asked for, `nil` for the default.
    let asOf: Day?
    let tree: OrgUnitTree
    let metadata: Metadata
    let identity: Identity
    let language: Language

    func t(_ label: Label) -> String { label.text(language) }

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("campaign") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let given = { (name: String) in QueryRequest.given(q, name) }
            let language = context.language
            let today = server.today
            let bounds = server.configuration.bounds
            let asOf = try given("as_of").map { try Access.asOf($0, today: today) }
            let code = try Access.canonical(given("campaign"), field: "campaign")
            let orgUnit = given("orgunit")
            return try await server.heavyPage(request, context) { workspace in
                let unit = try Access.unit(orgUnit, identity: identity, tree: workspace.tree)
                let definition = try code.map { try workspace.campaign($0) } ?? workspace.metadata.campaigns.first
                let result = try definition.map { campaign in
                    try workspace.campaignStanding(
                        campaign.code, asOf: asOf ?? Workspace.campaignDay(campaign, today: today), orgUnit: unit)
                }
                try bounds.check(rows: result?.rows.count ?? 0, Localized(zh: "行", en: "rows"))
                return CampaignPage(
                    result: result, unit: unit, asOf: asOf, tree: workspace.tree, metadata: workspace.metadata,
                    identity: identity, language: language
                ).render()
            }
        }
    }

    /// The page's own address, with its state.
    var address: String {
        var query = [("orgunit", tree.units[unit].code)]
        if let result { query.append(("campaign", result.campaign.code)) }
        if let asOf { query.append(("as_of", asOf.description)) }
        return Page.address(Self.path, query)
    }

    func render() -> String {
        var body = controls()
        if let result {
            body += CampaignView(result: result, unit: unit, tree: tree, language: language).render(full: true)
        } else {
            body += "<p>\(t(.campaignNone).html)</p>"
        }
        return Page.frame(
            title: "\(tree.units[unit].name) · \(t(.campaignMenu))", language: language, identity: identity,
            path: address, body: body)
    }

    /// The form: each control keeps the page's state, so the address alone gives the table.
    func controls() -> String {
        let campaigns = metadata.campaigns.map {
            Page.option($0.code, $0.name.text(language), selected: $0.code == result?.campaign.code)
        }.joined()
        return """
            <form class="filters quality" method="get" action="\(Self.path)">
            <label>\(t(.bulletinCampaign).html) <select name="campaign">\(campaigns)</select></label>
            <label>\(t(.pageOrgUnit).html) <select name="orgunit">\(Page.unitOptions(tree, root: identity.root, current: unit))</select></label>
            <label>\(t(.bulletinAsOf).html) <input type="date" name="as_of" value="\((asOf ?? result?.asOf)?.description.html ?? "")"></label>
            <button type="submit">\(t(.show).html)</button>
            </form>
            """
    }
}

/// One campaign's standing as the dashboard and the campaign page show it: its dates and as-of day, the progress
/// chart of the units below, the table (in full on the campaign page; rank, target, achieved, share and status on
/// the dashboard) and the praise and warning lists, all worded by ``CampaignReport`` as `tally targets` words them.
struct CampaignView {
    let result: CampaignResult
    /// The unit whose standing it is (the first row); the chart shows the units below it.
    let unit: Int
    let tree: OrgUnitTree
    let language: Language

    /// The section's HTML; `full` for every column of `tally targets`.
    func render(full: Bool) -> String {
        let report = CampaignReport(result: result, tree: tree, language: language)
        let campaign = result.campaign
        let id = "campaign-\(campaign.code)"
        var out = "<section class=\"campaign\" id=\"\(id.html)-section\">"
        let lines = report.header().split(separator: "\n").map(String.init)
        let heading = full ? "h2" : "h3"
        out += "<\(heading)>\((lines.first ?? "").html)</\(heading)>"
        for line in lines.dropFirst() { out += "<p class=\"muted\">\(line.html)</p>" }
        let items = result.rows.filter { $0.unit != unit }.map {
            ProgressBars.Item(
                label: tree.units[$0.unit].name, achieved: $0.progress?.percent.map { $0 / 100 },
                status: $0.progress.map { CampaignReport.statusLabel($0).text(language) } ?? "")
        }
        if !items.isEmpty, result.rows.contains(where: { $0.progress != nil }) {
            out +=
                ProgressBars(
                    title: Label.campaignChart.text(language, campaign.name.text(language)), items: items,
                    milestones: campaign.milestones.map { ProgressBars.Milestone(share: $0.share) }, id: id
                ).chart.svg
        }
        // The dashboard keeps rank, unit, target, achieved, % and status of a count campaign's columns.
        let columns = report.columns
        let keep = full || columns.count < 11 ? Array(columns.indices) : [0, 1, 2, 3, 4, 9]
        out += Page.table(
            id: "\(id)-table", columns: keep.map { columns[$0].heading }, numeric: keep.map { columns[$0].numeric },
            rows: report.cells.map { row in keep.map { row[$0] } })
        let lists = report.lists
        if !lists.isEmpty {
            out += "<ul class=\"lists\">" + lists.map { "<li>\($0.html)</li>" }.joined() + "</ul>"
        }
        return out + "</section>"
    }
}

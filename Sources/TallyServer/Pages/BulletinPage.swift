internal import TallyBulletin
internal import TallyCore
internal import TallyText

/// The bulletin in the browser (`/bulletin`): the menu and a plain GET form (unit, period, comparison, campaign,
/// as-of day, language) above the bulletin's own page, with a button to print it or save it as PDF. The controls are hidden
/// when printed; the bulletin itself is the same self-contained page `GET /api/bulletin?format=html` gives.
struct BulletinPage {
    static let path = "/bulletin"

    let bulletin: Bulletin
    let unit: Int
    let period: Period
    /// The comparison asked for (the same period last year by default).
    let comparison: BulletinComparison
    /// The campaign asked for, `nil` for none.
    let campaign: String?
    /// The as-of day asked for, `nil` for the default (today).
    let asOf: Day?
    /// The issue number's pattern asked for, `nil` for the metadata's `report.number`.
    let number: String?
    /// The periods to pick from, latest first (``Tally/Workspace/recentPeriods(today:limit:)``).
    let periods: [Period]
    let tree: OrgUnitTree
    let metadata: Metadata
    let identity: Identity
    let language: Language

    func t(_ label: Label) -> String { label.text(language) }

    /// The page's own address, with its state.
    var address: String {
        var query = [
            ("orgunit", tree.units[unit].code), ("period", period.identifier),
        ]
        query += Page.comparisonField(comparison)
        if let campaign { query.append(("campaign", campaign)) }
        if let asOf { query.append(("as_of", asOf.description)) }
        if let number { query.append(("number", number)) }
        return Page.address(Self.path, query)
    }

    func render() -> String {
        BulletinHTML.render(
            bulletin,
            toolbar: "<div class=\"tally-toolbar\"><style>\(Self.css)</style>"
                + Page.header(language: language, identity: identity, path: address, class: "tally") + controls()
                + "</div>\n<script src=\"/static/tally.js\" defer></script>\n")
    }

    /// The form: each control keeps the page's state, so the address alone gives the bulletin.
    func controls() -> String {
        let unitOptions = Page.unitOptions(tree, root: identity.root, current: unit)
        let campaignOptions =
            Page.option("", t(.bulletinNoCampaign), selected: campaign == nil)
            + metadata.campaigns.map {
                Page.option($0.code, $0.name.text(language), selected: $0.code == campaign)
            }.joined()
        let languageOptions = Language.allCases.map {
            Page.option($0.rawValue, $0.ownName, selected: $0 == language)
        }.joined()
        return """
            <form class="bulletin-controls" method="get" action="\(Self.path)">
            <label>\(t(.pageOrgUnit).html) <select name="orgunit">\(unitOptions)</select></label>
            <label>\(t(.pagePeriod).html) \(Page.periodSelect(periods, current: period))</label>
            \(Page.comparisonSelect(comparison, language: language))
            <label>\(t(.bulletinCampaign).html) <select name="campaign">\(campaignOptions)</select></label>
            <label>\(t(.bulletinAsOf).html) <input type="date" name="as_of" value="\(asOf?.description.html ?? "")"></label>
            <label>\(t(.bulletinNumber).html) <input type="text" name="number" maxlength="\(IssueNumber.maxLength)" size="16" value="\((number ?? "").html)" placeholder="\((metadata.report.number ?? "").html)"></label>
            <label>\(t(.bulletinLanguage).html) <select name="lang">\(languageOptions)</select></label>
            <button type="submit">\(t(.show).html)</button>
            <button type="button" id="print">\(t(.bulletinPrint).html)</button>
            </form>
            """
    }

    /// The menu's and the controls' style, scoped so that the bulletin's own style is left as it is.
    static let css = """
        header.tally { background: #2b4a6f; color: #fff; padding: .5em 1em; margin: 0; border: 0; display: flex;
          gap: 1em; align-items: center; overflow-x: auto; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }
        header.tally a, header.tally button { color: #fff; }
        header.tally button { background: none; border: 1px solid #fff; border-radius: 3px; }
        header.tally nav { display: flex; gap: 1em; align-items: center; flex: 1; flex-wrap: nowrap; white-space: nowrap; min-width: 0; }
        header.tally nav > * { flex: none; }
        header.tally nav > .links { flex: 0 1 auto; min-width: 0; display: flex; gap: inherit; overflow-x: auto; }
        header.tally nav .lang { margin-left: auto; }
        header.tally .inline { display: inline; margin: 0; }
        form.bulletin-controls { max-width: 820px; margin: 0 auto; padding: 12px 20px 0; display: flex; flex-wrap: wrap;
          gap: .5em 1em; align-items: flex-end; font-size: 14px; }
        form.bulletin-controls label { display: flex; flex-direction: column; gap: .15em; min-width: 0; max-width: 100%; }
        form.bulletin-controls select, form.bulletin-controls input, form.bulletin-controls button { font-size: 1rem;
          max-width: 100%; }
        @media (max-width: 600px) {
          header.tally { padding: .4em .5em; gap: .5em; font-size: .9em; }
          header.tally > strong, header.tally .role { display: none; }
          header.tally nav { gap: .5em; }
          form.bulletin-controls { padding: 10px 10px 0; }
        }
        @media (max-width: 420px) { header.tally { font-size: .75em; padding: .4em .3em; } header.tally nav { gap: .35em; } }
        @media print { .tally-toolbar { display: none; } }
        """
}

internal import Foundation
internal import Hummingbird
internal import HummingbirdCore
internal import Tally
internal import TallyAudit
internal import TallyBulletin
internal import TallyCharts
internal import TallyCore
internal import TallyEngine
internal import TallyRender
internal import TallyStore
internal import TallyTargets
internal import TallyText

/// The pages: dashboard, data entry, value history.
enum PageRoutes {
    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("dashboard") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let language = context.language
            let today = server.today
            let (accounts, policy) = (server.backend.accounts, server.configuration.policy)
            let comparison = try Access.comparison(QueryRequest.given(q, "compare"))
            return try await server.heavyPage(request, context) { workspace in
                let unit = try Access.unit(q.get("orgunit"), identity: identity, tree: workspace.tree)
                let period =
                    try q.get("period").map { try Access.period($0) } ?? workspace.defaultPeriod(today: today)
                let content = try workspace.dashboard(
                    orgUnit: unit, period: period, language: language, today: today,
                    comparison: comparison.comparison)
                // A user who enters: each form on its latest open period, the open ones, the unit's overdue; an
                // analyst the forms holding what the level above enters (a village's recount).
                let choices = try workspace.entryChoices(
                    orgUnit: unit, user: identity.user, today: today, policy: policy, accounts: accounts)
                let overdue = choices.isEmpty ? [] : try workspace.overdueReports(unit: unit, today: today)
                let returned =
                    choices.isEmpty
                    ? [] : try workspace.returnedReports(unit: unit, today: today, accounts: accounts)
                return Dashboard(
                    content: content, choices: choices, overdue: overdue, returned: returned,
                    periods: workspace.recentPeriods(today: today), tree: workspace.tree,
                    metadata: workspace.metadata, identity: identity, language: language
                ).render()
            }
        }

        router.get("entry") { request, context -> Response in
            let identity = try context.requireIdentity()
            let form = try await EntryForm.load(request.uri.parameterDictionary, identity: identity, server: server)
            let q = request.uri.queryParameters
            let message: EntryForm.Message? =
                q.get("saved") != nil ? .saved : q.get("done") != nil ? .recorded : nil
            return Reply.html(form.render(language: context.language, message: message))
        }

        router.post("entry") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let fields = FormData(String(buffer: try await request.collectBody(upTo: BodyLimit.form)))
            let form = try await EntryForm.load(fields.dictionary, identity: identity, server: server)
            return try await form.save(fields, language: context.language)
        }

        // The bulletin of `tally report`, for a unit of the user's subtree, under its controls:
        // /bulletin?orgunit=U&period=P[&compare=last-year|previous|none&campaign=C&as_of=YYYY-MM-DD&number=N] (a field
        // left blank is not given; N an issue number's pattern, IssueNumber, in place of the metadata's report.number).
        router.get("bulletin") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let given = { (name: String) in QueryRequest.given(q, name) }
            let language = context.language
            let today = server.today
            let asOf = try given("as_of").map { try Access.asOf($0, today: today) }
            let campaign = try Access.canonical(given("campaign"), field: "campaign")
            let number = try Access.canonical(given("number"), field: "number", as: .name)
            let comparison = try Access.comparison(given("compare"))
            if let number, let problem = IssueNumber.problem(in: number) {
                throw ServerError.badRequest(Localized(zh: "number：" + problem.zh, en: "number: " + problem.en))
            }
            let (code, periodText) = (given("orgunit"), given("period"))
            return try await server.heavyPage(request, context) { workspace in
                let unit = try Access.unit(code, identity: identity, tree: workspace.tree)
                let period =
                    try periodText.map { try Access.period($0) } ?? workspace.defaultPeriod(today: today)
                let bulletin = try workspace.bulletin(
                    orgUnit: unit, period: period, language: language, preparedOn: today, campaign: campaign,
                    asOf: asOf, number: number, comparison: comparison.comparison)
                return BulletinPage(
                    bulletin: bulletin, unit: unit, period: period, comparison: comparison, campaign: campaign,
                    asOf: asOf, number: number,
                    periods: workspace.recentPeriods(today: today), tree: workspace.tree,
                    metadata: workspace.metadata, identity: identity, language: language
                ).render()
            }
        }

        router.get("history") { request, context -> Response in
            let identity = try context.requireIdentity()
            let input = try Access.valueInput(request.uri.queryParameters)
            let (value, workspace) = try await server.values.history(of: input) { unit, workspace in
                try Access.inside(unit, identity: identity, tree: workspace.tree)
            }
            return Reply.html(
                HistoryPage.render(value, workspace: workspace, identity: identity, language: context.language))
        }
    }

    static func format(_ value: Double?, decimals: Int) -> String {
        value.map { NumberFormat.fixed($0, decimals: decimals) } ?? "–"
    }
}

extension FormData {
    /// The fields by name (the first of repeated names).
    var dictionary: [String: String] { Dictionary(pairs, uniquingKeysWith: { first, _ in first }) }
}

extension URI {
    /// The query parameters by name (the first of repeated names).
    var parameterDictionary: [String: String] {
        Dictionary(queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The dashboard of one org unit for one period: Tally's dashboard content (the bulletin's figures, ranking, trend
/// and audit, the forms, the campaigns) as a page.
struct Dashboard {
    let content: DashboardContent
    /// The forms the user may open, each on its latest open period (empty for a user who does not enter).
    let choices: [EntryChoice]
    /// The unit's own overdue reports (shown with the forms).
    let overdue: [(dataset: DataSet, period: Period, due: Day)]
    /// The unit's own reports sent back by an approver, with the comment.
    let returned: [(report: ReportRef, state: ReportState)]
    /// The periods the picker lists, latest first (``Tally/Workspace/recentPeriods(today:limit:)``).
    let periods: [Period]
    let tree: OrgUnitTree
    let metadata: Metadata
    let identity: Identity
    let language: Language

    func t(_ label: Label) -> String { label.text(language) }

    /// The comparison shown (同比, 环比 or none).
    var comparison: BulletinComparison { BulletinComparison(content.overview.comparison) }

    func render() -> String {
        let overview = content.overview
        let unit = overview.orgUnit
        let period = overview.period
        let code = tree.units[unit].code
        var body = """
            <form class="filters" method="get" action="/dashboard">
            <input type="hidden" name="orgunit" value="\(code.html)">
            <label>\(t(.pagePeriod).html) \(Page.periodSelect(periods, current: period))</label>
            \(Page.comparisonSelect(comparison, language: language))
            <button type="submit">\(t(.show).html)</button></form>
            """
        if identity.user.role != .clerk { body += links(code: code, period: period) }
        if unit != identity.root, tree.parent[unit] >= 0 {
            body +=
                "<p>\(t(.up).html): \(Page.unitLink(tree, Int(tree.parent[unit]), period: period.identifier, comparison: comparison))</p>"
        }
        // Data entry: each dataset the unit reports on its latest open period, a picker of the open ones, and the
        // unit's overdue reports.
        if !choices.isEmpty {
            body += "<section id=\"forms\"><h2>\(t(.datasets).html)</h2><ul>"
            for choice in choices {
                body += "<li>" + entryLinks(choice, code: code) + "</li>"
            }
            body += "</ul>"
            // The unit's reports month by month on the reporting page (a clerk's menu does not list it).
            body +=
                "<h3>\(t(.ownOverdue).html) <a class=\"muted\" id=\"own-reporting\" href=\"\(ReportingPage.path)?orgunit=\(code.addingURLQueryEncoding.html)\">\(t(.reporting).html)</a></h3>"
            if overdue.isEmpty {
                body += "<p class=\"ok\" id=\"own-overdue\">\(t(.ownOverdueNone).html)</p>"
            } else {
                body += "<ul id=\"own-overdue\">"
                for item in overdue {
                    let open = choices.contains {
                        $0.dataset.code == item.dataset.code && $0.open.contains(item.period)
                    }
                    let name = "\(item.dataset.name.text(language)) · \(item.period.identifier)"
                    let label =
                        open
                        ? "<a href=\"\(entryPath(item.dataset, code: code, period: item.period).html)\">\(name.html)</a>"
                        : name.html
                    body +=
                        "<li class=\"missing\">\(label) · \(t(.dueOn).html) \(item.due.description.html)</li>"
                }
                body += "</ul>"
            }
            if !returned.isEmpty {
                body += "<h3>\(t(.returnedReports).html)</h3><ul id=\"returned\">"
                for (report, state) in returned {
                    let name = "\(report.dataset.name.text(language)) · \(report.period.identifier)"
                    let why = state.returned.map { " · \($0.by) · \($0.comment)" } ?? ""
                    body +=
                        "<li class=\"returned\"><a href=\"\(entryPath(report.dataset, code: code, period: report.period).html)\">\(name.html)</a>\(why.html)</li>"
                }
                body += "</ul>"
            }
            body += "</section>"
        }
        // The bulletin's key figures with the compared period's figure and the change (none without a comparison),
        // after the bulletin's warning on a partial period, and its sentences.
        body += "<section id=\"key-figures\"><h2>\(t(.keyIndicators).html)</h2>"
        if let caveat = BulletinBuilder.partialPeriodNote(
            overview, threshold: metadata.quality.completeness, language: language)
        {
            body += "<p class=\"caveat\" role=\"note\">\(caveat.html)</p>"
        }
        var compared = ""
        if let other = overview.comparedPeriod, let labels = comparisonColumns {
            compared =
                "<th class=\"n\">\(t(labels.figure).html) (\(other.identifier.html))</th><th class=\"n\">\(t(labels.change).html)</th>"
        }
        body +=
            "<div class=\"wide\"><table id=\"key-figures-table\"><tr><th></th><th class=\"n\">\(period.identifier.html)</th><th class=\"n\">\(t(.dashboardCounts).html)</th>\(compared)</tr>"
        for (figure, row) in zip(overview.figures, overview.unitRows) {
            let (name, decimals, unit) = (figure.name, figure.decimals, figure.unit ?? "")
            let change = row.comparison?.change.map { NumberFormat.signed($0, decimals: decimals) } ?? "–"
            let value = { (figure: Figure?) in
                figure?.value.map { NumberFormat.fixed($0, decimals: decimals) + unit } ?? "–"
            }
            // A rate's numerator and denominator (births and population beside the birth rate); nothing for a count.
            let counts =
                figure.isRate
                ? "\(NumberFormat.count(row.figure.numerator)) / \(NumberFormat.count(row.figure.denominator))" : ""
            let comparedCells =
                compared.isEmpty
                ? ""
                : "<td class=\"n\">\(value(row.comparison?.figure).html)</td><td class=\"n change\">\(change.html)</td>"
            body +=
                "<tr data-figure=\"\(figure.code.html)\"><td>\(name.html)</td><td class=\"n value\">\(value(row.figure).html)</td><td class=\"n counts\">\(counts.html)</td>\(comparedCells)</tr>"
        }
        body += "</table></div>"
        // The bulletin's sentences on the figures and their change.
        let sentences = BulletinBuilder.sentences(overview, language: language)
        if !sentences.isEmpty {
            body += "<ul id=\"key-sentences\">" + sentences.map { "<li>\($0.html)</li>" }.joined() + "</ul>"
        }
        if let trend = overview.trend {
            body += trendChart(trend)
        }
        body += "</section>"
        // The children ranked by the bulletin's ranking figure.
        if let figure = overview.rankFigure, !overview.children.isEmpty {
            let (name, decimals) = (figure.name, figure.decimals)
            let rows = overview.rankedRows
            let chart = RankedBars(
                title: "\(name) · \(period.identifier)",
                items: rows.map {
                    RankedBars.Item(
                        label: tree.units[$0.unit].name, value: $0.figure.value,
                        display: PageRoutes.format($0.figure.value, decimals: decimals))
                }, axisTitle: name, id: "ranked")
            body +=
                "<section id=\"units-ranked\"><h2>\(t(.unitsBelowRanked).html)</h2>\(chart.chart.svg)<table><tr><th class=\"n\">\(t(.pageRank).html)</th><th>\(t(.pageOrgUnit).html)</th><th class=\"n\">\(name.html)</th></tr>"
            for row in rows {
                body +=
                    "<tr><td class=\"n\">\(row.rank.map(String.init) ?? "")</td><td>\(Page.unitLink(tree, row.unit, period: period.identifier, comparison: comparison))</td><td class=\"n\">\(PageRoutes.format(row.figure.value, decimals: decimals))</td></tr>"
            }
            body += "</table>"
            // The same map as the bulletin's, when the children have boundaries.
            if let map = BulletinBuilder.mapChart(overview, tree: tree, language: language) {
                body += map.chart.svg
                if let note = map.note { body += "<p>\(note.html)</p>" }
            }
            body += "</section>"
        }
        // Data-quality findings.
        if let audit = overview.audit {
            let report = AuditReport(result: audit, tree: tree, metadata: metadata, language: language)
            // Sentences in the page's language; the data-quality scores are information, not warnings.
            let sentenceLanguage = language
            let severityClass: [Finding.Severity: String] = [
                .extreme: " class=\"error\"", .moderate: " class=\"warning\"",
            ]
            // The scores are not findings to act on: one line, the lowest share first.
            let findings = audit.findings.filter { $0.check != ScoreCheck.self }
            let scores = audit.findings(of: ScoreCheck.self).sorted {
                ($0.payload.share, $0.finding.unit) < ($1.payload.share, $1.finding.unit)
            }.map { "\(tree.units[$0.finding.unit].name(language)) \($0.payload.passed)/\($0.payload.applicable)" }
            body += "<section id=\"findings\"><h2>\(t(.pageFindings).html)</h2>"
            if !scores.isEmpty {
                let list = scores.joined(separator: Label.listSeparator.text(language))
                body += "<p class=\"muted\" id=\"scores\">\(Label.qualityScoreLine.text(language, list).html)</p>"
            }
            if findings.isEmpty {
                body += "<p class=\"ok\">\(t(.noFindingsShort).html)</p>"
            } else {
                body += "<ul>"
                for finding in findings.prefix(12) {
                    body +=
                        "<li\(severityClass[finding.severity] ?? "")>\(report.sentence(finding, sentenceLanguage).html)</li>"
                }
                body += "</ul>"
                if findings.count > 12 { body += "<p class=\"muted\">… \(findings.count - 12)</p>" }
            }
            body += "</section>"
        }
        // Campaign progress: rank, praise and warning as the bulletin has them, as of the day given.
        let campaigns = content.campaigns.map {
            CampaignView(result: $0, unit: unit, tree: tree, language: language).render(full: false)
        }
        if !campaigns.isEmpty {
            body += "<section id=\"campaigns\"><h2>\(t(.pageCampaigns).html)</h2>\(campaigns.joined())</section>"
        }
        return Page.frame(
            title: "\(tree.units[unit].name) · \(t(.dashboard))", language: language, identity: identity,
            path: Page.address(
                "/dashboard", [("orgunit", code), ("period", period.identifier)] + Page.comparisonField(comparison)),
            body: body)
    }

    /// The headers of the compared figure's and the change's columns (上年同期 and 同比, 上期 and 环比); `nil`
    /// without a comparison.
    var comparisonColumns: (figure: Label, change: Label)? {
        switch content.overview.comparison {
        case .lastYear: (.lastYear, .yearOnYear)
        case .previous: (.lastPeriod, .periodOnPeriod)
        case nil: nil
        }
    }

    /// Links to the same unit and period elsewhere: the bulletin, the analysis page, the reporting grid (the
    /// twelve months up to a month), the quality page; and the unit's campaigns (as of today).
    func links(code: String, period: Period) -> String {
        let unit = "orgunit=\(code.addingURLQueryEncoding)"
        let months =
            period.type == .monthly && period.count == 1
            ? (try? Period("\(period.shifted(by: -11).identifier)..\(period.identifier)")) ?? period : period
        // The bulletin with the same comparison; the analysis page compares only when asked (its default is none).
        let analysisComparison = comparison.comparison.map { "&compare=\($0.rawValue)" } ?? ""
        let bulletinComparison = Page.comparisonField(comparison).map { "&\($0)=\($1)" }.joined()
        let items = [
            ("to-bulletin", BulletinPage.path, period, bulletinComparison, Label.dashboardOpenBulletin),
            ("to-analysis", AnalysisPage.path, period, analysisComparison, .dashboardOpenAnalysis),
            ("to-grid", ReportingPage.path, months, "", .dashboardOpenGrid),
            ("to-quality", QualityPage.path, period, "", .dashboardOpenQuality),
        ].map { id, path, period, compare, label in
            let address = "\(path)?\(unit)&period=\(period.identifier.addingURLQueryEncoding)\(compare)"
            return "<a id=\"\(id)\" href=\"\(address.html)\">\(t(label).html)</a>"
        }
        let campaign =
            "<a id=\"to-campaign\" href=\"\(Page.address(CampaignPage.path, [("orgunit", code)]).html)\">\(t(.dashboardOpenCampaign).html)</a>"
        return "<p class=\"downloads\" id=\"dashboard-links\">\((items + [campaign]).joined(separator: " "))</p>"
    }

    /// The address of a dataset's form for the shown unit and a period.
    func entryPath(_ dataset: DataSet, code: String, period: Period) -> String {
        "/entry?dataset=\(dataset.code.addingURLQueryEncoding)&orgunit=\(code.addingURLQueryEncoding)&period=\(period.identifier.addingURLQueryEncoding)"
    }

    /// A dataset's form on its latest open period and a picker of the open periods (or a note that none is open).
    func entryLinks(_ choice: EntryChoice, code: String) -> String {
        let name = choice.dataset.name.text(language)
        guard let period = choice.period else {
            return "\(name.html) · <span class=\"muted\">\(t(.noOpenPeriod).html)</span>"
        }
        let options = choice.open.map { p in
            "<option value=\"\(p.identifier.html)\"\(p == period ? " selected" : "")>\(p.identifier.html)</option>"
        }.joined()
        return
            "<a class=\"form\" data-dataset=\"\(choice.dataset.code.html)\" href=\"\(entryPath(choice.dataset, code: code, period: period).html)\">\(name.html) · \(period.identifier.html)</a> "
            + "<form class=\"inline periods\" method=\"get\" action=\"/entry\"><input type=\"hidden\" name=\"dataset\" value=\"\(choice.dataset.code.html)\"><input type=\"hidden\" name=\"orgunit\" value=\"\(code.html)\"><label>\(t(.openPeriods).html) <select name=\"period\">\(options)</select></label> <button type=\"submit\">\(t(.show).html)</button></form>"
    }

    /// The bulletin's trend: twelve months up to the period's last month, against the same months a year earlier
    /// when comparing with last year; alone otherwise, its title saying what it shows (each month against the one
    /// before, for 环比).
    func trendChart(_ trend: Overview.Trend) -> String {
        let (months, current, previous, name) = (trend.months, trend.current, trend.previous, trend.figure.name)
        guard current.contains(where: { $0 != nil }) || (previous ?? []).contains(where: { $0 != nil }) else {
            return ""
        }
        let labels = months.map { month in
            Localized(zh: LocalizedFormat.shortMonth(month.start.month, .zh), en: month.identifier)(language)
        }
        let title: String =
            switch content.overview.comparison {
            case .lastYear: "\(name) · \(t(.pageTrend))"
            case .previous: Label.chartTrendPrevious.text(language, name)
            case nil: "\(name) · \(t(.pageTrendMonths))"
            }
        let chart = TrendLines(
            title: title, months: labels,
            current: .init(name: "\(months[0].start.year)–\(months[months.count - 1].start.year)", values: current),
            previous: previous.map { .init(name: t(.lastYear), values: $0) }, axisTitle: name, id: "trend")
        return chart.chart.svg
    }
}

/// One value's history page.
enum HistoryPage {
    static func render(_ value: ValueHistory, workspace: Workspace, identity: Identity, language: Language) -> String {
        let t = { (label: Label) in label.text(language) }
        let (state, history) = (value.state, value.changes)
        let element = value.element?.name.text(language) ?? state.element
        let unit = value.unit.map { workspace.tree.units[$0].name } ?? state.orgunit
        let options = (value.combo?.options ?? []).map { workspace.metadata.option($0)?.name.text(language) ?? $0 }
        let comboName = options.isEmpty ? state.combo : options.joined(separator: " · ")
        let label = "\(element)\(comboName.isEmpty ? "" : " · \(comboName)") · \(unit) · \(state.period)"
        let current = state.text?.text ?? state.stored.map { NumberFormat.exact($0.value) } ?? "–"
        var body = "<p>\(t(.currentValue).html): <strong class=\"text\">\(current.html)</strong>"
        if let stored = state.stored.map({ ($0.storedBy, $0.updated) }) ?? state.text.map({ ($0.storedBy, $0.updated) })
        {
            body += " · \(t(.storedBy).html) \((stored.0 ?? "").html) · \(Timestamp.format(stored.1).html)"
        }
        body +=
            "</p><table><tr><th>\(t(.changedAt).html)</th><th>\(t(.changedBy).html)</th><th class=\"n\">\(t(.previousValue).html)</th><th class=\"n\">\(t(.newValue).html)</th><th>\(t(.storedBy).html)</th></tr>"
        for entry in history.reversed() {
            body +=
                "<tr><td>\(Timestamp.format(entry.changedAt).html)</td><td>\(entry.changedBy.html)</td><td class=\"n\">\(NumberFormat.exact(entry.previousValue))</td><td class=\"n\">\(entry.newValue.map(NumberFormat.exact) ?? "(\(entry.action.html))")</td><td>\((entry.previousStoredBy ?? "").html)</td></tr>"
        }
        // A text element's changes: the texts as they were, line breaks kept.
        for entry in value.textChanges.reversed() {
            body +=
                "<tr><td>\(Timestamp.format(entry.changedAt).html)</td><td>\(entry.changedBy.html)</td><td class=\"text\">\(entry.previousText.html)</td><td class=\"text\">\((entry.newText ?? "(\(entry.action))").html)</td><td>\((entry.previousStoredBy ?? "").html)</td></tr>"
        }
        if history.isEmpty && value.textChanges.isEmpty {
            body += "<tr><td colspan=\"5\" class=\"muted\">\(t(.noHistory).html)</td></tr>"
        }
        body += "</table>"
        return Page.frame(title: "\(t(.history)) · \(label)", language: language, identity: identity, body: body)
    }
}

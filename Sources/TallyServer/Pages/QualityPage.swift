internal import Foundation
internal import Hummingbird
internal import Tally
internal import TallyAudit
internal import TallyBulletin
internal import TallyCore
internal import TallyEngine
internal import TallyRender
internal import TallyText

/// The data-quality page (`/quality`): the full audit of `tally check` for a unit and period (the unit and its
/// children, reports due before today), filtered by check, severity and the finding's unit, each finding linked to
/// the value's history or the unit's form; the units' scores; the reporting rates of `tally check --summary`; and
/// the summary of the WHO data quality review (`tally report --dqr`). Every figure comes from `Workspace`.
///
/// The state lives in the address: `/quality?orgunit=U&period=P[&check=C&severity=S&unit=V]` (a field left blank is
/// not given).
struct QualityPage {
    static let path = "/quality"
    /// The findings a page lists at most; a note counts the rest (the API and `tally check` give them all).
    static let maxListed = 500

    /// The codes of the checks a page may filter by (every check but the score, which is listed apart).
    static let checkCodes: [String] = QualityAudit.checks.compactMap { check in
        check == ScoreCheck.self ? nil : check.code
    }

    /// The filters, resolved once.
    struct Filters {
        /// A check's code, `nil` for every check.
        var check: String?
        var severity: Finding.Severity?
        /// The code of the finding's unit, `nil` for every unit.
        var unit: String?
    }

    let audit: AuditResult
    let summary: ReportingSummary
    let review: Review
    let unit: Int
    let period: Period
    let filters: Filters
    let periods: [Period]
    let tree: OrgUnitTree
    let metadata: Metadata
    let identity: Identity
    let language: Language

    func t(_ label: Label) -> String { label.text(language) }

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("quality") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let given = { (name: String) in QueryRequest.given(q, name) }
            let language = context.language
            let today = server.today
            let bounds = server.configuration.bounds
            let check = try Access.canonical(given("check"), field: "check")
            if let check, !Self.checkCodes.contains(check) {
                let codes = Self.checkCodes
                throw ServerError.badRequest(
                    Localized(
                        zh: "check：“\(check)”不是检查项；应为以下之一：\(codes.joined(separator: "、"))",
                        en: "check: '\(check)' is not a check; expected one of: \(codes.joined(separator: ", "))"))
            }
            let filters = Filters(
                check: check, severity: try Access.choice(Finding.Severity.self, "severity", given("severity")),
                unit: try Access.canonical(given("unit"), field: "unit"))
            let (code, periodText) = (given("orgunit"), given("period"))
            return try await server.heavyPage(request, context) { workspace in
                let unit = try Access.unit(code, identity: identity, tree: workspace.tree)
                let period =
                    try periodText.map { try Access.period($0) } ?? workspace.defaultPeriod(today: today)
                let audit = try workspace.audit(orgUnit: unit, period: period, asOf: today)
                try bounds.check(rows: audit.findings.count, Localized(zh: "条问题", en: "findings"))
                if let shown = filters.unit {
                    guard let index = workspace.tree.index[shown], audit.units.contains(index) else {
                        throw ServerError.badRequest(
                            Localized(
                                zh: "unit：“\(shown)”不在所审核的单位之中",
                                en: "unit: '\(shown)' is not among the units audited"))
                    }
                }
                let summary = try workspace.reportingSummary(orgUnit: unit, period: period, asOf: today)
                let review = try workspace.review(
                    orgUnit: unit, period: period, asOf: today, language: language, preparedOn: today)
                return QualityPage(
                    audit: audit, summary: summary, review: review, unit: unit, period: period, filters: filters,
                    periods: workspace.recentPeriods(today: today), tree: workspace.tree,
                    metadata: workspace.metadata, identity: identity, language: language
                ).render()
            }
        }
    }

    /// The page's own address, with its state.
    var address: String {
        var query = [("orgunit", tree.units[unit].code), ("period", period.identifier)]
        if let check = filters.check { query.append(("check", check)) }
        if let severity = filters.severity { query.append(("severity", severity.rawValue)) }
        if let shown = filters.unit { query.append(("unit", shown)) }
        return Page.address(Self.path, query)
    }

    /// The findings the filters keep, the most serious first; the scores are listed apart.
    var kept: [Finding] {
        let shown = filters.unit.flatMap { tree.index[$0] }
        return audit.findings.filter { f in
            f.check != ScoreCheck.self && (filters.check.map { f.check.code == $0 } ?? true)
                && (filters.severity.map { f.severity == $0 } ?? true) && (shown.map { f.unit == $0 } ?? true)
        }
    }

    func render() -> String {
        let report = AuditReport(result: audit, tree: tree, metadata: metadata, language: language)
        var body = controls()
        // The findings, with where to look at each.
        let kept = self.kept
        body += "<section id=\"findings\"><h2>\(t(.pageFindings).html)</h2>"
        if kept.isEmpty {
            body += "<p class=\"ok\">\(t(audit.findings.isEmpty ? .noFindingsShort : .qualityNoneMatch).html)</p>"
        } else {
            let listed = kept.prefix(Self.maxListed)
            body +=
                "<p class=\"muted\" id=\"shown\">\(Label.qualityShown.text(language, String(listed.count), String(kept.count)).html)</p>"
            let severityClass: [Finding.Severity: String] = [.extreme: "error", .moderate: "warning"]
            let links = FindingLinks(tree: tree, metadata: metadata)
            body += "<ul class=\"findings\">"
            for finding in listed {
                let check = finding.check.title.text(language)
                let severity = AuditReport.severity(finding.severity).text(language)
                let link = links.address(finding).map { address, isHistory in
                    " <a class=\"to-value\" href=\"\(address.html)\">\(t(isHistory ? .history : .qualityOpenForm).html)</a>"
                }
                body +=
                    "<li class=\"finding \(severityClass[finding.severity] ?? "")\" data-check=\"\(finding.check.code.html)\" data-unit=\"\(tree.units[finding.unit].code.html)\"><span class=\"tag\">\(severity.html) · \(check.html)</span> \(report.sentence(finding, language).html)\(link ?? "")</li>"
            }
            body += "</ul>"
        }
        for total in audit.totals {
            let name = metadata.element(total.element)?.name.text(language) ?? total.element
            body +=
                "<p class=\"muted\">\(Label.qualityTotals.text(language, name, NumberFormat.count(total.reported), NumberFormat.count(total.expected)).html)</p>"
        }
        body += "</section>"
        body += scores()
        // The reporting rates of `tally check --summary`.
        let rates = ReportingSummaryReport(summary: summary, tree: tree, metadata: metadata, language: language)
        body += "<section id=\"reporting\"><h2>\(t(.qualityReporting).html)</h2>"
        if summary.rows.isEmpty {
            body += "<p>\(t(.summaryNone).html)</p>"
        } else {
            body += "<p class=\"muted\">\(rates.legend.html)</p>"
            body += Page.table(
                id: "reporting-table", columns: rates.headings + [""], numeric: ReportingSummaryReport.numeric,
                rows: rates.cells)
        }
        body += "</section>"
        // The DQR's summary: one row per table of the review.
        let dqr = review.summary
        body +=
            "<section id=\"review\"><h2>\(t(.qualityReview).html)</h2>"
            + Page.table(id: "review-table", columns: dqr.columns, numeric: dqr.numeric, rows: dqr.rows)
            + "</section>"
        return Page.frame(
            title: "\(tree.units[unit].name) · \(t(.qualityMenu))", language: language, identity: identity,
            path: address, body: body)
    }

    /// Each audited unit's checks passed of those that apply, the lowest share first.
    func scores() -> String {
        let scores = audit.findings(of: ScoreCheck.self).sorted {
            ($0.payload.share, $0.finding.unit) < ($1.payload.share, $1.finding.unit)
        }
        guard !scores.isEmpty else { return "" }
        let rows = scores.map { finding, score in
            [
                tree.units[finding.unit].name(language), "\(score.passed) / \(score.applicable)",
                NumberFormat.fixed(score.share * 100, decimals: 1) + "%",
            ]
        }
        return "<section id=\"scores\"><h2>\(t(.qualityScores).html)</h2>"
            + Page.table(
                id: "scores-table", columns: [t(.pageOrgUnit), t(.qualityPassed), t(.qualityShare)],
                numeric: [false, true, true], rows: rows) + "</section>"
    }

    /// The form: unit and period of the audit, and the three filters; each keeps the page's state.
    func controls() -> String {
        let all = Page.option("", t(.qualityAll), selected: false)
        let checks = QualityAudit.checks.filter { $0 != ScoreCheck.self }.map {
            Page.option($0.code, $0.title.text(language), selected: $0.code == filters.check)
        }.joined()
        let severities = [Finding.Severity.extreme, .moderate].map {
            Page.option($0.rawValue, AuditReport.severity($0).text(language), selected: $0 == filters.severity)
        }.joined()
        let units = audit.units.map {
            Page.option(
                tree.units[$0].code, tree.units[$0].name(language), selected: tree.units[$0].code == filters.unit)
        }.joined()
        return """
            <form class="filters quality" method="get" action="\(Self.path)">
            <label>\(t(.pageOrgUnit).html) <select name="orgunit">\(Page.unitOptions(tree, root: identity.root, current: unit))</select></label>
            <label>\(t(.pagePeriod).html) \(Page.periodSelect(periods, current: period))</label>
            <label>\(t(.qualityCheck).html) <select name="check">\(all)\(checks)</select></label>
            <label>\(t(.qualitySeverity).html) <select name="severity">\(all)\(severities)</select></label>
            <label>\(t(.qualityFindingUnit).html) <select name="unit">\(all)\(units)</select></label>
            <button type="submit">\(t(.show).html)</button>
            </form>
            """
    }
}

/// Where a finding's number can be looked at: the value's history when the finding names one stored value (an
/// element, its combo when it has categories, a unit that reports it, one period of the form's type), else the
/// form of the unit and period when the unit reports the dataset concerned; `nil` otherwise (a town's total).
struct FindingLinks {
    let tree: OrgUnitTree
    let metadata: Metadata
    /// Each element's dataset (the first that holds it), built once.
    let datasets: [String: DataSet]
    /// The datasets by code.
    let byCode: [String: DataSet]

    init(tree: OrgUnitTree, metadata: Metadata) {
        self.tree = tree
        self.metadata = metadata
        var datasets: [String: DataSet] = [:]
        for dataset in metadata.datasets {
            for element in dataset.elements where datasets[element] == nil { datasets[element] = dataset }
        }
        self.datasets = datasets
        byCode = Dictionary(metadata.datasets.map { ($0.code, $0) }) { first, _ in first }
    }

    /// The address and whether it is a value's history (else the form).
    func address(_ finding: Finding) -> (String, Bool)? {
        let columns = finding.columns
        let parts = columns.element.split(separator: ".", maxSplits: 1).map(String.init)
        let element = parts.first ?? ""
        guard
            let dataset = columns.dataset.flatMap({ byCode[$0] })
                ?? datasets[element],
            finding.period.count == 1, finding.period.type == dataset.periodType,
            dataset.reports(unit: finding.unit, in: tree)
        else { return nil }
        let (unit, period) = (tree.units[finding.unit].code, finding.period.identifier)
        let categories = metadata.element(element)?.categories ?? []
        if columns.dataset == nil, dataset.elements.contains(element), parts.count == 2 || categories.isEmpty {
            var query = [("element", element), ("orgunit", unit), ("period", period)]
            if parts.count == 2 { query.append(("combo", parts[1])) }
            return (Page.address("/history", query), true)
        }
        let query = [("dataset", dataset.code), ("orgunit", unit), ("period", period)]
        return (Page.address("/entry", query), false)
    }
}

internal import HTTPTypes
internal import Hummingbird
internal import HummingbirdCore
internal import NIOCore
internal import Tally
internal import TallyAudit
internal import TallyCore
internal import TallyQuality
internal import TallyRender
internal import TallyStore
internal import TallyText

/// The reporting grid (`/reporting`): a dataset's reports for the reporting units of a unit of the user's subtree
/// (a town, or the user's whole subtree) over a range of periods, each received on time, late or missing, with the
/// counts and rates of every unit, period and the whole (``Workspace/reportingGrid(orgUnit:period:dataset:asOf:)``,
/// the counts of `tally check --summary`); its workbook (`GET /api/reporting/grid?format=xlsx`); and the reminder
/// to print (`/reporting/overdue`, 催报单): the late and missing reports of the unit with the clerks to contact.
enum ReportingPage {
    static let path = "/reporting"
    static let overduePath = "/reporting/overdue"

    /// What a grid request asks for, read once from its query.
    struct Query {
        let unit: Int
        let period: Period
        let dataset: String?
        let asOf: Day

        /// The query of `q` for `identity`: the unit within the user's subtree (default the user's own), the period
        /// range within ``RequestBounds`` (default the twelve months up to the page's default month), the dataset
        /// (default the first one reported at or below the unit) and `as_of` (default today).
        init(_ q: [String: String], identity: Identity, workspace: Workspace, today: Day) throws {
            unit = try Access.unit(q["orgunit"], identity: identity, tree: workspace.tree)
            period = try q["period"].map { try Access.period($0) } ?? workspace.defaultReportingRange(today: today)
            dataset = try Access.canonical(q["dataset"], field: "dataset").flatMap { $0.isEmpty ? nil : $0 }
            asOf = try q["as_of"].map { try Access.asOf($0, today: today) } ?? today
        }

        /// The grid, its cells bounded by `bounds` (rows × periods).
        func grid(_ workspace: Workspace, bounds: RequestBounds) throws -> ReportingGrid {
            let grid = try workspace.reportingGrid(orgUnit: unit, period: period, dataset: dataset, asOf: asOf)
            try bounds.check(rows: grid.units.count * max(1, grid.periods.count), Localized(zh: "格", en: "cells"))
            return grid
        }
    }

    /// The grid a request asks for (``Query``), handed to `body` with the workspace and the user on the backend's
    /// read queue, behind the heavy-request limit.
    static func withGrid<T: Sendable>(
        _ request: Request, _ context: TallyRequestContext, server: ServerEnvironment,
        _ body: @escaping @Sendable (ReportingGrid, Workspace, Identity) throws -> T
    ) async throws -> T {
        let identity = try context.requireIdentity()
        let q = request.uri.parameterDictionary
        let today = server.today
        let bounds = server.configuration.bounds
        return try await server.heavy.run {
            try await server.backend.read { workspace in
                let query = try Query(q, identity: identity, workspace: workspace, today: today)
                return try body(try query.grid(workspace, bounds: bounds), workspace, identity)
            }
        }
    }

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("reporting") { request, context -> Response in
            let language = context.language
            return Reply.html(
                try await withGrid(request, context, server: server) { grid, workspace, identity in
                    render(grid, workspace: workspace, identity: identity, language: language)
                })
        }

        router.get("reporting/overdue") { request, context -> Response in
            let language = context.language
            let accounts = server.backend.accounts
            return Reply.html(
                try await withGrid(request, context, server: server) { grid, workspace, identity in
                    let overdue = grid.overdue
                    let contacts = workspace.contacts(for: overdue.map(\.unit), users: try accounts.users())
                    return overdueList(
                        grid, overdue: overdue, contacts: contacts, workspace: workspace, identity: identity,
                        language: language)
                })
        }
    }

    /// The grid as JSON or (`format=xlsx`) a workbook: GET /api/reporting/grid.
    static func api(
        _ request: Request, _ context: TallyRequestContext, server: ServerEnvironment
    ) async throws
        -> Response
    {
        let language = context.language
        let format = request.uri.queryParameters.get("format") ?? "json"
        guard format == "json" || format == "xlsx" else {
            throw ServerError.badRequest(
                Localized(zh: "format：“\(format)”不是 json 或 xlsx", en: "format: '\(format)' is not json or xlsx"))
        }
        let (bytes, name) = try await withGrid(request, context, server: server) { grid, workspace, _ in
            let report = ReportingGridReport(grid: grid, tree: workspace.tree, language: language)
            let name = "reporting-\(grid.dataset.code)-\(grid.period.identifier)"
            guard format == "xlsx" else { return (Array(report.json.utf8), name) }
            return (
                try ReportWorkbook.bytes([
                    ReportWorkbook.sheet("units", report.unitRecords),
                    ReportWorkbook.sheet("periods", report.periodRecords),
                ]), name
            )
        }
        guard format == "xlsx" else { return Reply.json(text: String(decoding: bytes, as: UTF8.self)) }
        let buffer = ByteBuffer(bytes: bytes)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentLength: String(buffer.readableBytes),
                .contentDisposition: "attachment; filename=\"\(name.filter { $0.isASCII && $0 != "\"" }).xlsx\"",
            ],
            body: .init(byteBuffer: buffer))
    }

    /// The query string of a grid (the filters' values), for the links between the grid, its workbook and the
    /// reminder.
    static func queryString(_ grid: ReportingGrid, tree: OrgUnitTree) -> String {
        "orgunit=\(tree.units[grid.orgUnit].code.addingURLQueryEncoding)&dataset=\(grid.dataset.code.addingURLQueryEncoding)&period=\(grid.period.identifier.addingURLQueryEncoding)&as_of=\(grid.asOf.map(\.description) ?? "")"
    }

    static func percent(_ share: Double?) -> String {
        share.map { NumberFormat.fixed($0 * 100, decimals: 1) + "%" } ?? "–"
    }

    /// The cells of the reports submitted (standing: submitted, approved or accepted) and approved or accepted.
    static func stageCounts(_ count: SubmissionCount) -> String {
        "<td class=\"n\">\(count.submitted)</td><td class=\"n\">\(count.approved)</td>"
    }

    /// The class and short word of a cell.
    static func cell(
        _ status: ReportStatus, stage: ReportStage = .open, zone: OfficeTimeZone, language: Language
    ) -> String {
        let word = ReportingGridReport.word(status, language)
        // The report's submission and approval, a second line in the stage's colour.
        let marked =
            word.html
            + (stage == .open
                ? "" : "<span class=\"stage stage-\(stage.rawValue)\">\(stage.label.text(language).html)</span>")
        let data = stage == .open ? "" : " data-stage=\"\(stage.rawValue)\""
        switch status {
        case .onTime(let stored):
            return "<td class=\"s ontime\"\(data) title=\"\(zone.minute(of: stored).html)\">\(marked)</td>"
        case .late(let stored, let days, let due):
            let title =
                "\(Label.dueOn.text(language)) \(due) · \(zone.minute(of: stored)) · \(Label.daysLateShort.text(language, String(days)))"
            return "<td class=\"s late\"\(data) title=\"\(title.html)\">\(marked)</td>"
        case .missing(let due):
            return
                "<td class=\"s missing\"\(data) title=\"\(Label.dueOn.text(language).html) \(due.description.html)\">\(marked)</td>"
        }
    }

    /// The counts cells of a row or column: received / expected, completeness, timeliness.
    static func counts(_ rate: ReportingRate, tag: String = "td") -> String {
        "<\(tag) class=\"n\">\(rate.received)/\(rate.expected)</\(tag)><\(tag) class=\"n\">\(percent(rate.completeness))</\(tag)><\(tag) class=\"n\">\(percent(rate.timeliness))</\(tag)>"
    }

    /// The filters: the unit (the user's own, its children, and the one shown), the dataset, the period range.
    static func filters(
        _ grid: ReportingGrid, action: String, workspace: Workspace, identity: Identity, language: Language
    ) -> String {
        let tree = workspace.tree
        let t = { (label: Label) in label.text(language) }
        var units = [identity.root] + tree.children(identity.root)
        if !units.contains(grid.orgUnit) { units.append(grid.orgUnit) }
        let unitOptions = units.map { u in
            "<option value=\"\(tree.units[u].code.html)\"\(u == grid.orgUnit ? " selected" : "")>\(tree.units[u].name(language).html)</option>"
        }.joined()
        let datasetOptions = workspace.metadata.datasets.map { d in
            "<option value=\"\(d.code.html)\"\(d.code == grid.dataset.code ? " selected" : "")>\(d.name.text(language).html)</option>"
        }.joined()
        return """
            <form class="filters stacked" id="filters" method="get" action="\(action)">
            <label>\(t(.town).html)<br><select name="orgunit">\(unitOptions)</select></label>
            <label>\(t(.dataset).html)<br><select name="dataset">\(datasetOptions)</select></label>
            <label>\(t(.periodRange).html)<br><input name="period" value="\(grid.period.identifier.html)"></label>
            <button type="submit">\(t(.show).html)</button></form>
            """
    }

    static func render(_ grid: ReportingGrid, workspace: Workspace, identity: Identity, language: Language) -> String {
        let tree = workspace.tree
        let t = { (label: Label) in label.text(language) }
        let zone = workspace.metadata.timeZone
        let link = queryString(grid, tree: tree)
        var body = filters(grid, action: path, workspace: workspace, identity: identity, language: language)
        body +=
            "<p class=\"actions noprint\"><a id=\"download\" href=\"/api/reporting/grid?\(link.html)&amp;format=xlsx\">\(t(.download).html)</a> · <a id=\"overdue-link\" href=\"/reporting/overdue?\(link.html)\">\(t(.overdueList).html)</a></p>"
        let total = grid.totalRate
        body += """
            <p id="totals">\(t(.columnExpected).html) <strong>\(total.expected)</strong> · \(t(.columnReceived).html) <strong>\(total.received)</strong> · \(t(.columnOnTime).html) <strong>\(total.onTime)</strong> · \(t(.columnLate).html) <strong>\(total.received - total.onTime)</strong> · \(t(.columnMissing).html) <strong>\(total.expected - total.received)</strong> · \(t(.columnCompleteness).html) <strong>\(percent(total.completeness))</strong> · \(t(.columnTimeliness).html) <strong>\(percent(total.timeliness))</strong></p>
            <p class="muted">\(Label.gridLegend.text(language, grid.asOf?.description ?? "").html) \(t(.gridStages).html)
            \(ReportStage.allCases.dropFirst().map { "<span class=\"stage stage-\($0.rawValue)\">\($0.label.text(language).html)</span>" }.joined(separator: " "))</p>
            """
        guard !grid.units.isEmpty, !grid.periods.isEmpty else {
            body += "<p>\(t(.gridNone).html)</p>"
            return frame(grid, body: body, tree: tree, identity: identity, language: language)
        }
        var table =
            "<div class=\"wide\"><table id=\"grid\" class=\"grid\"><thead><tr><th>\(t(.pageOrgUnit).html)</th>"
        for p in grid.periods { table += "<th class=\"s\">\(p.identifier.html)</th>" }
        table +=
            "<th class=\"n\">\(t(.columnReceived).html)</th><th class=\"n\">\(t(.columnCompleteness).html)</th><th class=\"n\">\(t(.columnTimeliness).html)</th><th class=\"n\">\(t(.columnSubmitted).html)</th><th class=\"n\">\(t(.columnApproved).html)</th></tr></thead><tbody>"
        for (row, unit) in grid.units.enumerated() {
            table += "<tr data-unit=\"\(tree.units[unit].code.html)\"><th>\(tree.units[unit].name(language).html)</th>"
            for (status, stage) in zip(grid.cells[row], grid.stages[row]) {
                table += cell(status, stage: stage, zone: zone, language: language)
            }
            table += counts(grid.rowRate(row)) + stageCounts(grid.rowSubmissions(row)) + "</tr>"
        }
        table += "</tbody><tfoot><tr class=\"received\"><th>\(t(.columnReceived).html)</th>"
        for column in grid.periods.indices {
            let rate = grid.columnRate(column)
            table += "<td class=\"n\">\(rate.received)/\(rate.expected)</td>"
        }
        table += counts(total) + stageCounts(grid.totalSubmissions) + "</tr>"
        for (label, share) in [
            (Label.columnCompleteness, \ReportingRate.completeness), (.columnTimeliness, \ReportingRate.timeliness),
        ] {
            table += "<tr class=\"rate\"><th>\(t(label).html)</th>"
            for column in grid.periods.indices {
                table += "<td class=\"n\">\(percent(grid.columnRate(column)[keyPath: share]))</td>"
            }
            table += "<td colspan=\"5\"></td></tr>"
        }
        body += table + "</tfoot></table></div>"
        return frame(grid, body: body, tree: tree, identity: identity, language: language)
    }

    /// The page of a grid or (`heading` ``Label/overdueHeading``, `at` the reminder's path) of its reminder, titled
    /// with the unit, the dataset and the periods.
    static func frame(
        _ grid: ReportingGrid, body: String, tree: OrgUnitTree, identity: Identity, language: Language,
        heading: Label = .gridHeading, at address: String = path
    ) -> String {
        Page.frame(
            title: heading.text(
                language, tree.units[grid.orgUnit].name(language), grid.dataset.name.text(language),
                grid.period.identifier),
            language: language, identity: identity, path: "\(address)?\(queryString(grid, tree: tree))", body: body)
    }

    /// The reminder (催报单): the unit's late and missing reports with the clerks to contact, to print.
    static func overdueList(
        _ grid: ReportingGrid, overdue: [(unit: Int, period: Period, status: ReportStatus)],
        contacts: [Int: [UserAccount]], workspace: Workspace, identity: Identity, language: Language
    ) -> String {
        let tree = workspace.tree
        let t = { (label: Label) in label.text(language) }
        let zone = workspace.metadata.timeZone
        var body = filters(
            grid, action: "/reporting/overdue", workspace: workspace, identity: identity, language: language)
        body +=
            "<p class=\"noprint\"><button type=\"button\" id=\"print\">\(t(.printPage).html)</button> · <a href=\"\(path)?\(queryString(grid, tree: tree).html)\">\(t(.reporting).html)</a></p>"
        body += "<p class=\"muted\">\(Label.gridLegend.text(language, grid.asOf?.description ?? "").html)</p>"
        guard !overdue.isEmpty else {
            body += "<p class=\"ok\" id=\"overdue-none\">\(t(.overdueNone).html)</p>"
            return frame(
                grid, body: body, tree: tree, identity: identity, language: language, heading: .overdueHeading,
                at: overduePath)
        }
        body +=
            "<table id=\"overdue\"><thead><tr><th>\(t(.pageOrgUnit).html)</th><th>\(t(.columnPeriod).html)</th><th>\(t(.pageStatus).html)</th><th>\(t(.dueOn).html)</th><th>\(t(.contacts).html)</th></tr></thead><tbody>"
        for item in overdue {
            let status: String
            let due: Day
            switch item.status {
            case .late(let stored, let days, let d):
                status =
                    "\(Label.daysLateShort.text(language, String(days))) · \(zone.minute(of: stored))"
                due = d
            case .missing(let d):
                status = t(.statusMissing)
                due = d
            case .onTime: continue
            }
            let people = (contacts[item.unit] ?? []).map { user in
                user.displayName.isEmpty ? user.name : "\(user.displayName) (\(user.name))"
            }
            body +=
                "<tr data-unit=\"\(tree.units[item.unit].code.html)\"><td>\(tree.units[item.unit].name(language).html)</td><td>\(item.period.identifier.html)</td><td class=\"\(item.status.code)\">\(status.html)</td><td>\(due.description.html)</td><td>\((people.isEmpty ? t(.noContact) : people.joined(separator: Label.listSeparator.text(language))).html)</td></tr>"
        }
        body += "</tbody></table>"
        return frame(
            grid, body: body, tree: tree, identity: identity, language: language, heading: .overdueHeading,
            at: overduePath)
    }
}

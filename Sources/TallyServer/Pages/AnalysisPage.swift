internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import HummingbirdCore
internal import Logging
internal import NIOCore
internal import Tally
internal import TallyBulletin
internal import TallyCharts
internal import TallyCore
internal import TallyEngine
internal import TallyIO
internal import TallyRender
internal import TallyStore
internal import TallyText

/// The analysis page (`/analysis`, analysts and admins): a plain GET form whose state is the URL — subjects,
/// units, periods, comparison, the pivot's layout, the chart — and, for that state, the table and the chart at
/// once, with the downloads of the same state from `GET /api/query` (xlsx, CSV in UTF-8 or GBK, the chart as SVG).
/// The figures are `Workspace.query`'s (``QueryRequest``), the table `QueryTable`'s, the chart `QueryChart`'s.
enum AnalysisPage {
    static let path = "/analysis"

    /// The formats of `GET /api/query`.
    enum Format: String, CaseIterable {
        case json, csv, xlsx, svg
    }

    /// The encodings of a CSV download.
    enum CSVEncoding: String, CaseIterable {
        case utf8 = "utf-8"
        case gbk
    }

    /// The parameters that choose a download rather than the query; left out of the page's own links.
    static let downloadParameters: Set<String> = ["format", "encoding", "lang"]

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("analysis") { request, context -> Response in
            let identity = try context.requireIdentity()
            guard identity.user.role != .clerk else {
                throw ServerError.forbidden(
                    "access.analystsOnly",
                    Localized(zh: "分析页面供分析员和管理员使用", en: "the analysis page is for analysts and admins"))
            }
            let q = request.uri.queryParameters
            let language = context.language
            let today = server.today
            let bounds = server.configuration.bounds
            let state = queryString(q)
            let logger = context.logger
            let html = try await server.heavy.run {
                try await server.backend.read { workspace in
                    var outcome: Outcome
                    do {
                        let query = try QueryRequest(q, identity: identity, tree: workspace.tree)
                        if query.hasSubject {
                            let table = try query.table(workspace, language: language, bounds: bounds)
                            let chosen = try Access.choice(QueryChart.Kind.self, "chart", given(q, "chart"))
                            let (kind, chart) = try Self.chart(table, chosen: chosen, workspace: workspace)
                            outcome = .shown(table, kind, chart, mapRefused: chosen == .map && kind != .map)
                        } else {
                            outcome = .empty
                        }
                    } catch {
                        outcome = .refused(ErrorMiddleware.refusal(error, logger: logger))
                    }
                    return render(
                        q, outcome: outcome, state: state, workspace: workspace, identity: identity,
                        language: language, defaultPeriod: workspace.defaultPeriod(today: today))
                }
            }
            var response = Reply.html(html)
            SessionRoutes.rememberLanguage(request, context, &response, secure: server.configuration.secureCookies)
            return response
        }
    }

    /// What the page shows below its form.
    enum Outcome {
        /// No subject chosen yet: the form and a hint.
        case empty
        /// The table and its chart (of `kind`, `nil` when there is nothing to draw); `mapRefused` when a map was
        /// asked for and does not fit.
        case shown(QueryTable, QueryChart.Kind, SVGChart?, mapRefused: Bool)
        /// The query refused, with the sentence shown above the form.
        case refused(ServerError)
    }

    /// The chart: the kind chosen, or by default the map when the table is units × one subject × one period and
    /// some of them have boundaries, else bars; a map that does not fit falls back to bars.
    static func chart(
        _ table: QueryTable, chosen: QueryChart.Kind?, workspace: Workspace
    ) throws -> (QueryChart.Kind, SVGChart?) {
        if chosen == nil || chosen == .map, table.parts.count == 1,
            let map = try QueryRequest.chart(table, kind: .map, workspace: workspace)
        {
            return (.map, map)
        }
        let kind = chosen == .lines ? QueryChart.Kind.lines : .bars
        return (kind, QueryChart.chart(table, kind: kind))
    }

    /// A parameter's value, `nil` when absent or empty.
    static func given(_ q: FlatDictionary<Substring, Substring>, _ name: String) -> String? {
        QueryRequest.given(q, name)
    }

    /// The query's parameters as a query string, without those of a download (``downloadParameters``).
    static func queryString(_ q: FlatDictionary<Substring, Substring>) -> String {
        q.filter { !downloadParameters.contains(String($0.key)) && !$0.value.isEmpty }.map {
            "\(String($0.key).addingURLQueryEncoding)=\(String($0.value).addingURLQueryEncoding)"
        }.joined(separator: "&")
    }

    /// `GET /api/query`: the figures of ``QueryRequest`` as JSON (default), CSV (UTF-8 with a byte-order mark, or
    /// `encoding=gbk`), a workbook (`format=xlsx`) or the chart (`format=svg&chart=bars|lines|map`).
    static func download(
        _ request: Request, _ context: TallyRequestContext, server: ServerEnvironment
    ) async throws -> Response {
        let identity = try context.requireIdentity()
        let q = request.uri.queryParameters
        let language = context.language
        let format = try Access.choice(Format.self, "format", given(q, "format")) ?? .json
        let encoding = try Access.choice(CSVEncoding.self, "encoding", given(q, "encoding")) ?? .utf8
        let kind = try Access.choice(QueryChart.Kind.self, "chart", given(q, "chart")) ?? .bars
        guard encoding == .utf8 || format == .csv else {
            throw ServerError.badRequest(
                Localized(zh: "encoding= 只用于 format=csv", en: "encoding= is for format=csv only"))
        }
        let bounds = server.configuration.bounds
        // A single unit's JSON is light; every list, file and chart goes behind the heavy-request limit.
        let light = format == .json && given(q, "level") == nil && (given(q, "scope") ?? "unit") == "unit"
        let (bytes, type, name) = try await server.heavy.run(if: !light) {
            try await server.backend.read { workspace -> ([UInt8], String, String?) in
                let query = try QueryRequest(q, identity: identity, tree: workspace.tree)
                let table = try query.table(workspace, language: language, bounds: bounds)
                switch format {
                case .json: return (Array(table.render(.json).utf8), "application/json; charset=utf-8", nil)
                case .csv:
                    let text = table.render(.csv)
                    guard encoding == .gbk else {
                        return ([0xEF, 0xBB, 0xBF] + Array(text.utf8), "text/csv; charset=utf-8", "query.csv")
                    }
                    // GB18030 is GBK's superset: the same bytes for every character GBK has, and the rest kept.
                    if let bytes = TextEncoding.gbk.encode(text) {
                        return (bytes, "text/csv; charset=GBK", "query.csv")
                    }
                    return (TextEncoding.gb18030.encode(text) ?? [], "text/csv; charset=GB18030", "query.csv")
                case .xlsx:
                    return (
                        try ReportWorkbook.bytes(ReportWorkbook.querySheets(table)),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "query.xlsx"
                    )
                case .svg:
                    guard let chart = try QueryRequest.chart(table, kind: kind, workspace: workspace) else {
                        throw ServerError(
                            .unprocessableContent, "query.noChart",
                            kind == .map
                                ? Label.mapNeeds.localized()
                                : Localized(zh: "没有可画的数值", en: "there is nothing to draw"))
                    }
                    return (Array(chart.svg.utf8), "image/svg+xml; charset=utf-8", "query-\(kind.rawValue).svg")
                }
            }
        }
        let buffer = ByteBuffer(bytes: bytes)
        var headers: HTTPFields = [.contentType: type, .contentLength: String(buffer.readableBytes)]
        if let name { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    // MARK: The page

    static func render(
        _ q: FlatDictionary<Substring, Substring>, outcome: Outcome, state: String, workspace: Workspace,
        identity: Identity, language: Language, defaultPeriod: Period
    ) -> String {
        func t(_ label: Label) -> String { label.text(language).html }
        let tree = workspace.tree
        let metadata = workspace.metadata
        var body = ""
        if case .refused(let refusal) = outcome {
            body += "<p class=\"error\" role=\"alert\" id=\"refusal\">\(refusal.message(language).html)</p>\n"
        }
        // The form: a plain GET, so that the state is the URL.
        let indicators = Set(q.getAll("indicator"))
        let elements = Set(q.getAll("element"))
        func box(_ name: String, _ value: String, _ title: String, _ checked: Bool) -> String {
            "<label><input type=\"checkbox\" name=\"\(name)\" value=\"\(value.html)\"\(checked ? " checked" : "")> \(title.html)</label>"
        }
        var form = "<form method=\"get\" action=\"\(path)\" id=\"analysis\" class=\"analysis\">\n"
        form += "<fieldset><legend>\(t(.analysisIndicators))</legend><div class=\"choices\" id=\"indicators\">"
        for indicator in metadata.indicators {
            let title = indicator.name.text(language) + (indicator.unit.map { " \($0)" } ?? "")
            form += box("indicator", indicator.code, title, indicators.contains(indicator.code))
        }
        form +=
            "</div></fieldset>\n<fieldset><legend>\(t(.analysisElements))</legend><div class=\"choices\" id=\"elements\">"
        for element in metadata.elements {
            form += box("element", element.code, element.name.text(language), elements.contains(element.code))
            for category in element.categories.compactMap({ metadata.category($0) }) {
                for option in category.options {
                    let code = "\(element.code).\(option.code)"
                    let title = "\(element.name.text(language)) (\(option.name.text(language)))"
                    form += box("element", code, title, elements.contains(code))
                }
            }
        }
        form += "</div></fieldset>\n"
        // Units: the unit (the user's subtree, two levels down), which of its units, the level, a chosen list.
        let root = identity.root
        let chosenUnit = (try? Access.unit(given(q, "orgunit"), identity: identity, tree: tree)) ?? root
        let candidates = tree.subtree(root).lazy.filter { tree.level[$0] <= tree.level[root] + 2 || $0 == chosenUnit }
            .prefix(600)
        let scope = given(q, "scope") ?? (given(q, "level") != nil ? "level" : "unit")
        func option(_ value: String, _ title: String, _ selected: Bool) -> String {
            "<option value=\"\(value.html)\"\(selected ? " selected" : "")>\(title.html)</option>"
        }
        form += "<fieldset><legend>\(t(.analysisUnits))</legend><div class=\"row\">"
        form += "<label>\(t(.pageOrgUnit)) <select name=\"orgunit\">"
        for u in candidates {
            let indent = String(repeating: "\u{3000}", count: tree.level[u] - tree.level[root])
            form += option(tree.units[u].code, indent + tree.units[u].name(language), u == chosenUnit)
        }
        form += "</select></label>"
        form += "<label>\(t(.analysisScope)) <select name=\"scope\">"
        for (value, label) in [
            ("unit", Label.scopeUnit), ("children", .scopeChildren), ("level", .scopeLevel), ("list", .scopeList),
        ] {
            form += option(value, label.text(language), scope == value)
        }
        form += "</select></label>"
        form += "<label>\(t(.columnLevel)) <select name=\"level\"><option value=\"\"></option>"
        if tree.depth > tree.level[chosenUnit] {
            for level in (tree.level[chosenUnit] + 1)...tree.depth {
                form += option(String(level), String(level), given(q, "level") == String(level))
            }
        }
        form += "</select></label>"
        form +=
            "<label class=\"grow\">\(t(.scopeList)) <input name=\"units\" value=\"\((q.get("units") ?? "").html)\" placeholder=\"\(t(.analysisListHint))\"></label>"
        form += "</div></fieldset>\n"
        // Periods: several (one a line, ranges allowed), and the first months of a reporting year.
        let periods =
            q.getAll("period").isEmpty && given(q, "year") == nil
            ? defaultPeriod.identifier : q.getAll("period").joined(separator: "\n")
        form += "<fieldset><legend>\(t(.analysisPeriods))</legend><div class=\"row\">"
        form +=
            "<label class=\"grow\">\(t(.analysisPeriodHint))<br><textarea name=\"period\" rows=\"3\">\(periods.html)</textarea></label>"
        form +=
            "<label>\(t(.analysisYear)) <input name=\"year\" size=\"8\" placeholder=\"2025Oct\" value=\"\((q.get("year") ?? "").html)\"></label>"
        form +=
            "<label>\(t(.analysisMonths)) <input name=\"months\" type=\"number\" min=\"1\" max=\"12\" value=\"\((q.get("months") ?? "").html)\"></label>"
        form += "</div></fieldset>\n"
        // Comparison, layout, chart.
        form += "<fieldset><legend>\(t(.analysisLayout))</legend><div class=\"row\">"
        form += "<label>\(t(.analysisComparison)) <select name=\"compare\">"
        form += option("", Label.compareNone.text(language), given(q, "compare") == nil)
        form += option("previous", Label.lastPeriod.text(language), given(q, "compare") == "previous")
        form += option("last-year", Label.lastYear.text(language), given(q, "compare") == "last-year")
        form += "</select></label>"
        let axes: [(PivotAxis, Label)] = [(.subject, .axisSubject), (.unit, .axisUnit), (.period, .axisPeriod)]
        for (name, label, fallback) in [("rows", Label.analysisRows, "unit"), ("columns", .analysisColumns, "subject")]
        {
            let chosen = given(q, name) ?? fallback
            form += "<label>\(t(label)) <select name=\"\(name)\">"
            for (axis, title) in axes { form += option(axis.rawValue, title.text(language), chosen == axis.rawValue) }
            form += "</select></label>"
        }
        form += "<label>\(t(.analysisChart)) <select name=\"chart\"><option value=\"\"></option>"
        for (kind, label) in [(QueryChart.Kind.bars, Label.chartBars), (.lines, .chartLines), (.map, .chartMapChoice)] {
            form += option(kind.rawValue, label.text(language), given(q, "chart") == kind.rawValue)
        }
        form += "</select></label>"
        form += "<button type=\"submit\">\(t(.show))</button></div></fieldset>\n</form>\n"
        body += form
        guard case .shown(let table, let kind, let chart, let mapRefused) = outcome else {
            if case .empty = outcome { body += "<p class=\"muted\" id=\"hint\">\(t(.analysisChooseSubject))</p>\n" }
            return Page.frame(
                title: Label.analysisTitle.text(language), language: language, identity: identity,
                path: state.isEmpty ? path : "\(path)?\(state)", body: body)
        }
        // The table, in a box of its own that scrolls sideways, with a cue on a phone.
        let titled = table.titled
        var html = "<section id=\"result\"><p class=\"scroll-hint muted\">\(t(.scrollHint))</p>"
        html += "<div class=\"tablebox\" id=\"tablebox\" tabindex=\"0\"><table class=\"pivot\" id=\"pivot\"><thead><tr>"
        for (i, column) in titled.columns.enumerated() {
            html += "<th\(i >= titled.headerColumns ? " class=\"n\"" : "")>\(column.html)</th>"
        }
        html += "</tr></thead><tbody>"
        for row in titled.rows {
            html += "<tr>"
            for (i, cell) in row.enumerated() {
                guard i >= titled.headerColumns else {
                    html += "<th>\(cell.text.html)</th>"
                    continue
                }
                let missing = cell.value == .null
                html += "<td class=\"n\(missing ? " missing-value" : "")\" data-value=\"\(cell.value.csvText.html)\">"
                html += cell.text.html
                if let c = cell.comparison {
                    let change = c.change.map { NumberFormat.signed($0, decimals: cell.decimals ?? 2) } ?? "–"
                    let relative =
                        c.relativeChange.map { " (" + NumberFormat.signed($0 * 100, decimals: 1) + "%)" } ?? ""
                    html +=
                        "<small class=\"cmp\" title=\"\(c.period.identifier.html)\">\((change + relative).html)</small>"
                }
                html += "</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>\n<p class=\"muted\">\(t(.missingNote))</p>\n"
        // The downloads: the same state.
        let api = "/api/query?\(state)"
        html += "<p class=\"downloads\" id=\"downloads\">"
        html +=
            "<a id=\"download-xlsx\" href=\"\(api.html)&amp;format=xlsx&amp;lang=\(language.rawValue)\">\(t(.downloadWorkbook))</a> "
        html +=
            "<a id=\"download-csv\" href=\"\(api.html)&amp;format=csv&amp;lang=\(language.rawValue)\">\(t(.downloadCSV))</a> "
        html +=
            "<a id=\"download-gbk\" href=\"\(api.html)&amp;format=csv&amp;encoding=gbk&amp;lang=\(language.rawValue)\">\(t(.downloadCSVGBK))</a>"
        if chart != nil {
            let chartState = state.split(separator: "&").filter { !$0.hasPrefix("chart=") }.joined(separator: "&")
            html +=
                " <a id=\"download-svg\" href=\"/api/query?\(chartState.html)&amp;chart=\(kind.rawValue)&amp;format=svg&amp;lang=\(language.rawValue)\">\(t(.downloadChart))</a>"
            // Drawn from the chart on the page by /static/tally.js, which shows the button; hidden without script.
            html +=
                " <button type=\"button\" id=\"download-png\" hidden data-name=\"query-\(kind.rawValue).png\">\(t(.downloadPNG).html)</button>"
        }
        html += "</p>\n"
        if mapRefused { html += "<p class=\"warning\" id=\"map-needs\">\(t(.mapNeeds))</p>\n" }
        if let chart {
            html += "<figure class=\"qchart\" id=\"chart\" data-kind=\"\(kind.rawValue)\">\(chart.svg)</figure>\n"
        }
        body += html + "</section>\n"
        return Page.frame(
            title: Label.analysisTitle.text(language), language: language, identity: identity,
            path: state.isEmpty ? path : "\(path)?\(state)", body: body)
    }
}

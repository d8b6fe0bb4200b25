internal import Foundation
internal import Hummingbird
internal import Tally
internal import TallyCore
internal import TallyQuality
internal import TallyRender
internal import TallyStore
internal import TallyText

/// The data-entry form of one dataset for one org unit and period: a grid of elements × category option
/// combos, each cell showing last period's and last year's value, validated on save with the import's
/// rules, warning about values far from the unit's usual ones before saving them.
struct EntryForm {
    let server: ServerEnvironment
    let identity: Identity
    let workspace: Workspace
    let dataset: DataSet
    let unit: Int
    let period: Period
    let open: Bool
    /// One cell per element and combo.
    let cells: [Cell]

    struct Cell {
        var element: DataElement
        var combo: CategoryOptionCombo
        var state: ValueState
        var lastPeriod: Double?
        var lastYear: Double?
        /// Values outside it are unusual for this unit (mean ± 3 standard deviations of the last two years).
        var usual: (low: Double, high: Double)?

        var field: String { "\(element.code)|\(combo.code)" }
    }

    enum Message {
        case saved
        case refused(ServerError)
        case unusual([String])
    }

    static func load(
        _ parameters: [String: String], identity: Identity, server: ServerEnvironment
    ) async throws -> EntryForm {
        let accounts = server.backend.accounts
        let policy = server.configuration.policy
        let today = Timestamp.day(server.configuration.clock())
        let get = { @Sendable (name: String) in parameters[name] }
        return try await server.backend.read { workspace in
            let metadata = workspace.metadata
            guard let code = get("dataset"), let dataset = metadata.datasets.first(where: { $0.code == code }) else {
                throw ServerError.notFound(
                    Localized(
                        zh: "请用 dataset= 给出以下之一：\(metadata.datasets.map(\.code).joined(separator: "、"))",
                        en: "give dataset= with one of: \(metadata.datasets.map(\.code).joined(separator: ", "))"))
            }
            let unit = try Access.unit(get("orgunit"), identity: identity, tree: workspace.tree)
            let period = try Access.singlePeriod(get("period"))
            guard period.type == dataset.periodType else {
                throw ServerError.badRequest(
                    Localized(
                        zh:
                            "“\(period.identifier)”是\(period.type.names.zh)期间，但 \(dataset.code) 按 \(dataset.periodType.rawValue) 报送",
                        en:
                            "'\(period.identifier)' is a \(period.type.rawValue) period, but \(dataset.code) is reported \(dataset.periodType.rawValue)"
                    )
                )
            }
            let overrides = try accounts.periodOverrides(dataset: dataset.code, period: period.identifier)
            let open =
                identity.user.role == .admin
                || policy.isOpen(
                    dataset: dataset, period: period, unit: unit, today: today, tree: workspace.tree,
                    overrides: overrides)
            let unitCode = workspace.tree.units[unit].code
            let history = (1...24).map { period.shifted(by: -$0) }
            var cells: [Cell] = []
            for code in dataset.elements {
                guard let element = metadata.element(code) else { continue }
                let past = try Self.pastValues(element: code, unit: unitCode, periods: history, workspace: workspace)
                for combo in metadata.combos(of: element) {
                    let state = try workspace.valueState(
                        element: code, combo: combo.code, orgUnit: unitCode, period: period)
                    let values = past[combo.code] ?? [:]
                    let reference = history.compactMap { values[$0] }
                    var usual: (Double, Double)?
                    if reference.count >= 6, let mean = OutlierScore.mean(reference),
                        let sd = OutlierScore.sampleStandardDeviation(reference)
                    {
                        let spread = max(3 * sd, 1)
                        usual = (max(element.allowNegative ? -.infinity : 0, mean - spread), mean + spread)
                    }
                    cells.append(
                        Cell(
                            element: element, combo: combo, state: state, lastPeriod: values[period.previous],
                            lastYear: values[period.sameLastYear], usual: usual))
                }
            }
            return EntryForm(
                server: server, identity: identity, workspace: workspace, dataset: dataset, unit: unit, period: period,
                open: open && identity.canWrite, cells: cells)
        }
    }

    /// The unit's values of an element over some periods, by combo code and period.
    static func pastValues(
        element: String, unit: String, periods: [Period], workspace: Workspace
    ) throws
        -> [String: [Period: Double]]
    {
        guard let elementID = workspace.catalog.elements[element], let unitID = workspace.catalog.orgUnits[unit] else {
            return [:]
        }
        var ids: [Int32: Period] = [:]
        for (id, p) in workspace.catalog.periods where periods.contains(p) { ids[id] = p }
        guard !ids.isEmpty else { return [:] }
        let comboCodes = Dictionary(
            workspace.catalog.combos.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let columns = try workspace.store.values(element: elementID, periods: Array(ids.keys))
        var result: [String: [Period: Double]] = [:]
        for k in 0..<columns.value.count where columns.orgUnit[k] == unitID {
            guard let p = ids[columns.period[k]], let combo = comboCodes[columns.combo[k]] else { continue }
            result[combo, default: [:]][p] = columns.value[k]
        }
        return result
    }

    /// Saves the form: unusual values need the confirmation box; any refusal shows the form again with the
    /// values as typed.
    func save(_ fields: FormData, language: Language) async throws -> Response {
        var inputs: [ValueInput] = []
        var typed: [String: String] = [:]
        var unusual: [String] = []
        for cell in cells {
            guard let raw = fields["v|\(cell.field)"] else { continue }
            let text = String(raw.trimmingCharacters(in: .whitespaces).prefix(40))
            typed[cell.field] = text
            let old = cell.state.stored.map { NumberFormat.exact($0.value) } ?? ""
            if text == old { continue }
            let version = Int(fields["ver|\(cell.field)"] ?? "")
            if text.isEmpty {
                inputs.append(
                    ValueInput(
                        element: cell.element.code, combo: cell.combo.code, orgunit: workspace.tree.units[unit].code,
                        period: period.identifier, value: nil, deleted: true, version: version))
                continue
            }
            if let v = Double(text), let usual = cell.usual, v < usual.low || v > usual.high {
                let range =
                    "\(NumberFormat.fixed(usual.low, decimals: 0))–\(NumberFormat.fixed(usual.high, decimals: 0))"
                unusual.append(Label.unusualValue.text(language, label(cell, language), text, range))
            }
            inputs.append(
                ValueInput(
                    element: cell.element.code, combo: cell.combo.code, orgunit: workspace.tree.units[unit].code,
                    period: period.identifier, value: text, version: version))
        }
        if !unusual.isEmpty && fields["confirm"] != "1" {
            return Reply.html(render(language: language, message: .unusual(unusual), typed: typed, confirm: true))
        }
        if inputs.isEmpty { return Reply.redirect(selfURL + "&saved=1") }
        do {
            _ = try await server.values.write(
                inputs, as: identity, source: "form \(dataset.code)", now: server.configuration.clock())
        } catch let refusal as ServerError {
            return Reply.html(
                render(language: language, message: .refused(refusal), typed: typed), status: refusal.status)
        }
        return Reply.redirect(selfURL + "&saved=1")
    }

    var selfURL: String {
        "/entry?dataset=\(dataset.code.addingURLQueryEncoding)&orgunit=\(workspace.tree.units[unit].code.addingURLQueryEncoding)&period=\(period.identifier.addingURLQueryEncoding)"
    }

    func label(_ cell: Cell, _ language: Language) -> String {
        let name = cell.element.name.text(language)
        guard !cell.combo.options.isEmpty else { return name }
        return name + " · " + comboName(cell.combo, language)
    }

    func comboName(_ combo: CategoryOptionCombo, _ language: Language) -> String {
        guard !combo.options.isEmpty else { return "" }
        let metadata = workspace.metadata
        return combo.options.map { option in
            for category in metadata.categories {
                if let o = category.options.first(where: { $0.code == option }) { return o.name.text(language) }
            }
            return option
        }.joined(separator: " · ")
    }

    func render(language: Language, message: Message?, typed: [String: String] = [:], confirm: Bool = false) -> String {
        let t = { (label: Label) in label.text(language) }
        let tree = workspace.tree
        var body = "<p>\(Page.unitLink(tree, unit, period: period.identifier)) · \(period.identifier.html)</p>"
        switch message {
        case .saved: body += "<p class=\"ok\" role=\"status\">\(t(.saved).html)</p>"
        case .refused(let refusal):
            body +=
                "<p class=\"error\" role=\"alert\">\(refusal.message(language).html) <span class=\"muted\">(\(refusal.errorCode.html))</span></p>"
            if case .object(let members)? = refusal.details?(language),
                case .array(let problems)? = members.first(where: { $0.0 == "problems" })?.1
            {
                body += "<ul class=\"error\">"
                for case .object(let p) in problems {
                    if case .string(let m)? = p.first(where: { $0.0 == "message" })?.1 { body += "<li>\(m.html)</li>" }
                }
                body += "</ul>"
            }
        case .unusual(let lines):
            body += "<div class=\"warning\" role=\"alert\"><ul>"
            for line in lines { body += "<li>\(line.html)</li>" }
            body += "</ul></div>"
        case nil: break
        }
        if !open { body += "<p class=\"warning\">\((identity.canWrite ? t(.periodClosed) : t(.readOnly)).html)</p>" }
        let disabled = open ? "" : " disabled"
        body += """
            <form method="post" action="/entry" id="entry">
            <input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")">
            <input type="hidden" name="dataset" value="\(dataset.code.html)">
            <input type="hidden" name="orgunit" value="\(tree.units[unit].code.html)">
            <input type="hidden" name="period" value="\(period.identifier.html)">
            <table><tr><th>\(t(.element).html)</th><th></th><th class="n">\(t(.value).html)</th><th class="n">\(t(.lastPeriod).html) (\(period.previous.identifier.html))</th><th class="n">\(t(.lastYear).html) (\(period.sameLastYear.identifier.html))</th><th></th></tr>
            """
        var lastElement = ""
        for cell in cells {
            let value = typed[cell.field] ?? cell.state.stored.map { NumberFormat.exact($0.value) } ?? ""
            let range = cell.usual.map { " data-low=\"\($0.low)\" data-high=\"\($0.high)\"" } ?? ""
            let name = cell.element.code == lastElement ? "" : cell.element.name.text(language)
            lastElement = cell.element.code
            let history =
                "/history?element=\(cell.element.code.addingURLQueryEncoding)&combo=\(cell.combo.code.addingURLQueryEncoding)&orgunit=\(tree.units[unit].code.addingURLQueryEncoding)&period=\(period.identifier.addingURLQueryEncoding)"
            body += """
                <tr><td>\(name.html)</td><td>\(comboName(cell.combo, language).html)</td>
                <td class="n"><input class="v" name="v|\(cell.field.html)" value="\(value.html)" inputmode="decimal" aria-label="\(label(cell, language).html)"\(range)\(disabled)>
                <input type="hidden" name="ver|\(cell.field.html)" value="\(cell.state.version)"></td>
                <td class="n muted">\(cell.lastPeriod.map(NumberFormat.exact) ?? "–")</td><td class="n muted">\(cell.lastYear.map(NumberFormat.exact) ?? "–")</td>
                <td>\(cell.state.stored == nil ? "" : "<a class=\"muted\" href=\"\(history.html)\">\(t(.history).html)</a>")</td></tr>
                """
        }
        body += "</table>"
        if confirm {
            body +=
                "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\"> \(t(.confirmUnusual).html)</label></p>"
        }
        if open { body += "<p><button type=\"submit\">\(t(.save).html)</button></p>" }
        body += "</form>"
        return Page.frame(
            title: "\(dataset.name.text(language)) · \(t(.dataEntry))", language: language, identity: identity,
            path: selfURL, body: body)
    }
}

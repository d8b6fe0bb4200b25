internal import Foundation
internal import Hummingbird
internal import Tally
internal import TallyAudit
internal import TallyCore
internal import TallyRender
internal import TallyStore
internal import TallyText
internal import TallyTransfer

/// The data-entry form of one dataset for one org unit and period: a grid of elements × category option
/// combos, each cell showing last period's and last year's value, validated on save with the import's
/// rules, warning before saving about values the audit would report as outliers (Tally's entry sheet).
struct EntryForm {
    let server: ServerEnvironment
    let identity: Identity
    let workspace: Workspace
    /// What the form shows, from Tally.
    let sheet: EntrySheet
    /// The report's submission and approval; nil when the unit does not report the dataset.
    let report: (ref: ReportRef, state: ReportState)?
    /// The day the form is shown.
    let today: Day

    typealias Cell = EntrySheet.Cell

    var dataset: DataSet { sheet.dataset }
    var unit: Int { sheet.orgUnit }
    var period: Period { sheet.period }
    /// Whether the user may write the form: the period is open and, for a clerk, the report is not approved.
    var open: Bool { sheet.open && !(identity.user.role == .clerk && report?.state.isLocked == true) }
    var cells: [Cell] { sheet.cells }

    enum Message {
        case saved
        case recorded
        case refused(ServerError)
        case unusual([String])
        /// Validation rules refused the save or need the tick (``Tally/ValueError``'s sentence).
        case rules(Localized<String>, refused: Bool)
    }

    static func load(
        _ parameters: [String: String], identity: Identity, server: ServerEnvironment
    ) async throws -> EntryForm {
        let accounts = server.backend.accounts
        let policy = server.configuration.policy
        let today = server.today
        let get = { @Sendable (name: String) in parameters[name] }
        return try await server.backend.read { workspace in
            let metadata = workspace.metadata
            guard let code = get("dataset"), metadata.datasets.contains(where: { $0.code == code }) else {
                throw ServerError.notFound(
                    Localized(
                        zh: "请用 dataset= 给出以下之一：\(metadata.datasets.map(\.code).joined(separator: "、"))",
                        en: "give dataset= with one of: \(metadata.datasets.map(\.code).joined(separator: ", "))"))
            }
            let unit = try Access.unit(get("orgunit"), identity: identity, tree: workspace.tree)
            let period = try Access.singlePeriod(get("period"))
            let partner = get("partner").flatMap { $0.isEmpty ? nil : $0 }
            let sheet = try workspace.entrySheet(
                dataset: code, orgUnit: unit, period: period, user: identity.user, today: today, policy: policy,
                accounts: accounts, partner: partner)
            let ref = ReportRef(dataset: sheet.dataset, unit: unit, period: period)
            let report =
                sheet.dataset.reports(unit: unit, in: workspace.tree) && period.type == sheet.dataset.periodType
                ? (ref, try workspace.reportState(ref, accounts: accounts)) : nil
            return EntryForm(
                server: server, identity: identity, workspace: workspace, sheet: sheet, report: report, today: today)
        }
    }

    /// Saves the form: unusual values need the confirmation box; any refusal shows the form again with the
    /// values as typed.
    func save(_ fields: FormData, language: Language) async throws -> Response {
        var inputs: [ValueInput] = []
        var typed: [String: String] = [:]
        var unusual: [String] = []
        for cell in cells {
            guard let raw = fields["v|\(cell.field)"] else { continue }
            // A text element's field is compared in its canonical form (the one Tally stores); a number's as typed.
            let text =
                cell.element.valueType.isText
                ? Canonical.canonicalOrNil(raw, as: cell.element.valueType == .longText ? .lines : .line) ?? raw
                : String(raw.trimmingCharacters(in: .whitespaces).prefix(40))
            typed[cell.field] = text
            let old = Self.shown(cell.state)
            if text == old { continue }
            let version = Int(fields["ver|\(cell.field)"] ?? "")
            if text.isEmpty {
                inputs.append(
                    ValueInput(
                        element: cell.element.code, combo: cell.combo.code, orgunit: workspace.tree.units[unit].code,
                        period: period.identifier, value: nil, deleted: true, version: version))
                continue
            }
            if !cell.element.valueType.isText, let v = Double(text), cell.isUnusual(v) {
                unusual.append(
                    Label.unusualValue.text(language, label(cell, language), text, Self.rangeText(cell.usual)))
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
            _ = try await server.values.save(
                inputs, as: identity, source: "form \(dataset.code)", now: server.configuration.clock(),
                confirmRules: fields["confirm_rules"] == "1")
        } catch let error as ValueError {
            let refusal = ServerError(error)
            switch error.code {
            case .ruleRefused(let broken), .ruleUnconfirmed(let broken):
                let refused = if case .ruleRefused = error.code { true } else { false }
                return Reply.html(
                    render(
                        language: language, message: .rules(error.sentence, refused: refused), typed: typed,
                        confirm: fields["confirm"] == "1", broken: broken, confirmRules: !refused),
                    status: refusal.status)
            default:
                return Reply.html(
                    render(language: language, message: .refused(refusal), typed: typed), status: refusal.status)
            }
        } catch let refusal as ServerError {
            return Reply.html(
                render(language: language, message: .refused(refusal), typed: typed), status: refusal.status)
        }
        return Reply.redirect(selfURL + "&saved=1")
    }

    /// What a cell's field shows of its stored value: a number in its exact form, a text as stored; empty for none.
    static func shown(_ state: ValueState) -> String {
        state.text?.text ?? state.stored.map { NumberFormat.exact($0.value) } ?? ""
    }

    /// A cell's input: a number field; for a `text` element a text field, for `long_text` a text area (each with
    /// its length bound).
    func field(_ cell: Cell, value: String, range: String, invalid: Bool, language: Language) -> String {
        let attributes =
            "name=\"v|\(cell.field.html)\" aria-label=\"\(label(cell, language).html)\"\(invalid ? " aria-invalid=\"true\"" : "")\(open && cell.writable ? "" : " disabled")"
        let limit = TextValue.maximumLength(of: cell.element.valueType)
        switch cell.element.valueType {
        case .longText:
            return "<textarea class=\"t\" rows=\"3\" maxlength=\"\(limit)\" \(attributes)>\(value.html)</textarea>"
        case .text:
            return "<input class=\"t\" type=\"text\" maxlength=\"\(limit)\" value=\"\(value.html)\" \(attributes)>"
        default:
            return "<input class=\"v\" value=\"\(value.html)\" inputmode=\"decimal\" \(attributes)\(range)>"
        }
    }

    /// A cell's usual values as text, `3–12`; an end without a limit as `…`.
    static func rangeText(_ range: NumberRange?) -> String {
        guard let range else { return "–" }
        func end(_ x: Double) -> String { x.isFinite ? NumberFormat.fixed(x, decimals: 0) : "…" }
        return "\(end(range.low))–\(end(range.high))"
    }

    var selfURL: String {
        "/entry?dataset=\(dataset.code.addingURLQueryEncoding)&orgunit=\(workspace.tree.units[unit].code.addingURLQueryEncoding)&period=\(period.identifier.addingURLQueryEncoding)"
            + (sheet.partner.map { "&partner=\($0.code.addingURLQueryEncoding)" } ?? "")
    }

    /// The names of the dataset's attribute categories (合作伙伴), joined.
    func attributeNames(_ language: Language) -> String {
        dataset.attributes.map { workspace.metadata.category($0)?.name.text(language) ?? $0 }
            .joined(separator: Label.listSeparator.text(language))
    }

    /// The choice of the partner (the dataset's attribute option combos, DHIS2's attribute options asked first): a
    /// GET form that opens the same form for the chosen one, the current one selected.
    func partnerChoice(_ language: Language) -> String {
        let t = { (label: Label) in label.text(language) }
        let tree = workspace.tree
        let options = sheet.partners.map { combo in
            let selected = combo == sheet.partner ? " selected" : ""
            return "<option value=\"\(combo.code.html)\"\(selected)>\(comboName(combo, language).html)</option>"
        }.joined()
        let prompt = sheet.partner == nil ? "<option value=\"\"></option>" : ""
        return """
            <form class="inline partner" method="get" action="/entry" id="partner">
            <input type="hidden" name="dataset" value="\(dataset.code.html)">
            <input type="hidden" name="orgunit" value="\(tree.units[unit].code.html)">
            <input type="hidden" name="period" value="\(period.identifier.html)">
            <label>\(attributeNames(language).html) <select name="partner">\(prompt)\(options)</select></label>
            <button type="submit">\(t(.show).html)</button></form>
            """
    }

    func label(_ cell: Cell, _ language: Language) -> String {
        let name = cell.element.name.text(language)
        guard !cell.combo.options.isEmpty else { return name }
        return name + " · " + comboName(cell.combo, language)
    }

    /// A cell's combo as its row shows it: without the chosen partner's options, which the page names once above.
    func shown(_ combo: CategoryOptionCombo) -> CategoryOptionCombo {
        guard let partner = sheet.partner else { return combo }
        return CategoryOptionCombo(options: Array(combo.options.dropLast(partner.options.count)))
    }

    func comboName(_ combo: CategoryOptionCombo, _ language: Language) -> String {
        guard !combo.options.isEmpty else { return "" }
        return combo.options.map { workspace.metadata.option($0)?.name.text(language) ?? $0 }.joined(separator: " · ")
    }

    /// The page; `broken` are the validation rules shown beside their fields (the stored values' when `nil`),
    /// `confirmRules` asks for the tick that confirms breaking rules of `medium` importance.
    func render(
        language: Language, message: Message?, typed: [String: String] = [:], confirm: Bool = false,
        broken: [RuleBreak]? = nil, confirmRules: Bool = false
    ) -> String {
        let t = { (label: Label) in label.text(language) }
        let tree = workspace.tree
        var body = "<p>\(Page.unitLink(tree, unit, period: period.identifier)) · \(period.identifier.html)</p>"
        switch message {
        case .saved: body += "<p class=\"ok\" role=\"status\">\(t(.saved).html)</p>"
        case .recorded: body += "<p class=\"ok\" role=\"status\">\(t(.approvalRecorded).html)</p>"
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
        case .rules(let sentence, let refused):
            body += "<p class=\"\(refused ? "error" : "warning")\" role=\"alert\">\(sentence(language).html)</p>"
        case .unusual(let lines):
            body += "<div class=\"warning\" role=\"alert\"><ul>"
            for line in lines { body += "<li>\(line.html)</li>" }
            body += "</ul></div>"
        case nil: break
        }
        let reportParts = report.map {
            Approvals.entrySection(
                $0.ref, $0.state, workspace: workspace, identity: identity, today: today, language: language)
        }
        body += reportParts?.above ?? ""
        if !sheet.partners.isEmpty {
            if let partner = sheet.partner {
                body +=
                    "<p class=\"partner-now\"><strong>\(Label.enteringFor.text(language, comboName(partner, language)).html)</strong></p>"
            } else {
                body += "<p>\(Label.choosePartner.text(language, attributeNames(language)).html)</p>"
            }
            body += partnerChoice(language)
            if sheet.needsPartner {
                // No values yet: the report is submitted from a partner's form, once its values are in.
                return Page.frame(
                    title: "\(dataset.name.text(language)) · \(t(.dataEntry))", language: language,
                    identity: identity, path: selfURL, body: body)
            }
        }
        if !sheet.open {
            let why = cells.contains(where: \.writable) ? t(.periodClosed) : t(.readOnly)
            body += "<p class=\"warning\">\(why.html)</p>"
        }
        body += """
            <form method="post" action="/entry" id="entry">
            <input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")">
            <input type="hidden" name="dataset" value="\(dataset.code.html)">
            <input type="hidden" name="orgunit" value="\(tree.units[unit].code.html)">
            <input type="hidden" name="period" value="\(period.identifier.html)">
            \(sheet.partner.map { "<input type=\"hidden\" name=\"partner\" value=\"\($0.code.html)\">" } ?? "")
            <table class="entry"><tr class="head"><th>\(t(.element).html)</th><th></th><th class="n">\(t(.value).html)</th><th class="n">\(t(.lastPeriod).html) (\(period.previous.identifier.html))</th><th class="n">\(t(.lastYear).html) (\(period.sameLastYear.identifier.html))</th><th></th></tr>
            """
        let besideElement = Self.rulesBeside(broken ?? sheet.brokenRules, order: cells.map(\.element.code))
        let brokenElements = Set((broken ?? sheet.brokenRules).flatMap(\.elements))
        var lastElement = ""
        let lastPeriod = "\(t(.lastPeriod)) (\(period.previous.identifier))"
        let lastYear = "\(t(.lastYear)) (\(period.sameLastYear.identifier))"
        for (index, cell) in cells.enumerated() {
            let value = typed[cell.field] ?? Self.shown(cell.state)
            let range =
                (cell.usual.map(\.low).flatMap { $0.isFinite ? " data-low=\"\($0)\"" : nil } ?? "")
                + (cell.usual.map(\.high).flatMap { $0.isFinite ? " data-high=\"\($0)\"" : nil } ?? "")
            // The element's name on every row (a phone shows each row alone), shown once per element on a
            // wide screen.
            let repeated = cell.element.code == lastElement
            lastElement = cell.element.code
            let history =
                "/history?element=\(cell.element.code.addingURLQueryEncoding)&combo=\(cell.combo.code.addingURLQueryEncoding)&orgunit=\(tree.units[unit].code.addingURLQueryEncoding)&period=\(period.identifier.addingURLQueryEncoding)"
            body += """
                <tr><td class="el\(repeated ? " repeat" : "")">\(cell.element.name.text(language).html)</td><td class="co">\(comboName(shown(cell.combo), language).html)</td>
                <td class="\(cell.element.valueType.isText ? "" : "n ")in">\(field(cell, value: value, range: range, invalid: brokenElements.contains(cell.element.code), language: language))\(cell.writable ? "" : " <span class=\"muted\">\(t(.enteredAbove).html)</span>")
                <input type="hidden" name="ver|\(cell.field.html)" value="\(cell.state.version)"></td>
                <td class="n muted" data-label="\(lastPeriod.html)">\(cell.lastPeriod.map(NumberFormat.exact) ?? "–")</td><td class="n muted" data-label="\(lastYear.html)">\(cell.lastYear.map(NumberFormat.exact) ?? "–")</td>
                <td class="hi">\(!cell.state.isStored ? "" : "<a class=\"muted\" href=\"\(history.html)\">\(t(.history).html)</a>")</td></tr>
                """
            // The broken rules whose last field in the form is this element's, after its last row.
            if index + 1 == cells.count || cells[index + 1].element.code != cell.element.code {
                for rule in besideElement[cell.element.code] ?? [] {
                    let kind = rule.rule.importance == .high ? "error" : "warning"
                    body +=
                        "<tr class=\"rule\"><td colspan=\"6\" class=\"rule \(kind)\" data-rule=\"\(rule.rule.code.html)\">\(rule.sentence(language).html)</td></tr>"
                }
            }
        }
        body += "</table>"
        if confirm {
            // Still ticked when the rules stopped a save the tick had let through.
            let ticked = if case .rules = message { " checked" } else { "" }
            body +=
                "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\"\(ticked)> \(t(.confirmUnusual).html)</label></p>"
        }
        if confirmRules {
            body +=
                "<p><label><input type=\"checkbox\" name=\"confirm_rules\" value=\"1\"> \(t(.confirmRules).html)</label></p>"
        }
        if open { body += "<p><button type=\"submit\">\(t(.save).html)</button></p>" }
        body += "</form>" + (reportParts?.below ?? "")
        return Page.frame(
            title: "\(dataset.name.text(language)) · \(t(.dataEntry))", language: language, identity: identity,
            path: selfURL, body: body)
    }
}

extension EntryForm {
    /// Each broken rule under the last of its elements in the form's `order` (element codes, repeated per combo).
    static func rulesBeside(_ broken: [RuleBreak], order: [String]) -> [String: [RuleBreak]] {
        var position: [String: Int] = [:]
        for (i, code) in order.enumerated() { position[code] = i }
        var result: [String: [RuleBreak]] = [:]
        for rule in broken {
            guard let last = rule.elements.max(by: { (position[$0] ?? -1) < (position[$1] ?? -1) }),
                position[last] != nil
            else { continue }
            result[last, default: []].append(rule)
        }
        return result
    }
}

extension EntrySheet.Cell {
    /// The name of the cell's input fields: `element|combo`.
    var field: String { "\(element.code)|\(combo.code)" }
}

internal import Foundation
internal import Hummingbird
internal import HummingbirdCore
internal import Tally
internal import TallyCore
internal import TallyStore
internal import TallyText

/// Opening and closing a dataset's periods, shared by the API (`/api/periods/reopen|close`) and the admin's page
/// (`/admin/periods`): who may, what is checked, what is recorded.
enum PeriodDecisions {
    /// Records an admin's decision to reopen (`open`) or close a dataset's period for a subtree.
    ///
    /// - Throws: ``ServerError``: `access.adminOnly` for anyone but an admin, `access.outsideSubtree`, an unknown
    ///   dataset, period, unit or a bad `until` date.
    static func record(
        _ decision: PeriodDecision, open: Bool, identity: Identity, server: ServerEnvironment
    )
        async throws -> PeriodOverride
    {
        try requireAdmin(identity)
        let workspace = server.backend.workspace
        let unit = try Access.unit(decision.orgunit, identity: identity, tree: workspace.tree)
        let period = try Access.singlePeriod(decision.period)
        let time = server.configuration.clock()
        do {
            return try await server.backend.account { accounts in
                try workspace.decidePeriod(
                    dataset: decision.dataset, period: period, unit: unit, open: open, until: decision.until,
                    by: identity.name, at: time, accounts: accounts)
            }
        } catch let error as PeriodDecisionError {
            throw error.code == .unknownDataset
                ? ServerError.notFound(error.messages) : ServerError.badRequest(error.messages)
        }
    }

    static func requireAdmin(_ identity: Identity) throws {
        guard identity.isAdmin else {
            throw ServerError.forbidden(
                "access.adminOnly", Localized(zh: "只有管理员可以开放或关闭期间", en: "only an admin may open or close periods"))
        }
    }
}

/// The admin's page for a dataset's period: the day it closes, whether it is open today for a unit, every
/// decision recorded for it, and a form to reopen it (until a day) or close it for a subtree.
enum PeriodsPage {
    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("admin/periods") { request, context -> Response in
            let identity = try context.requireIdentity()
            try PeriodDecisions.requireAdmin(identity)
            let q = request.uri.parameterDictionary
            return Reply.html(
                try await render(
                    q, saved: q["saved"].flatMap { $0 == "reopen" || $0 == "close" ? $0 : nil }, identity: identity,
                    server: server, language: context.language))
        }

        router.post("admin/periods") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let fields = FormData(String(buffer: try await request.collectBody(upTo: BodyLimit.small)))
                .dictionary
            guard let action = fields["action"], action == "reopen" || action == "close" else {
                throw ServerError.badRequest(
                    Localized(zh: "action：应为 reopen 或 close", en: "action: expected reopen or close"))
            }
            let decision = PeriodDecision(
                dataset: fields["dataset"] ?? "", period: fields["period"] ?? "", orgunit: fields["orgunit"],
                until: fields["until"])
            let override = try await PeriodDecisions.record(
                decision, open: action == "reopen", identity: identity, server: server)
            let query = [
                ("dataset", override.dataset), ("period", override.period), ("orgunit", override.orgUnit),
                ("saved", action),
            ].map { "\($0)=\($1.addingURLQueryEncoding)" }.joined(separator: "&")
            return Reply.redirect("/admin/periods?" + query)
        }
    }

    static func render(
        _ q: [String: String], saved: String?, identity: Identity, server: ServerEnvironment, language: Language
    ) async throws -> String {
        let t = { (label: Label) in label.text(language) }
        let workspace = server.backend.workspace
        let tree = workspace.tree
        let datasets = workspace.metadata.datasets
        let today = server.today
        let unit = try Access.unit(q["orgunit"], identity: identity, tree: tree)
        let chosen = datasets.first { $0.code == q["dataset"] } ?? datasets.first
        var body = ""
        if let saved {
            body += "<p class=\"saved\" role=\"status\">\(t(saved == "reopen" ? .reopened : .closedNow).html)</p>"
        }
        guard let dataset = chosen else {
            return Page.frame(
                title: t(.reportingPeriods), language: language, identity: identity, path: "/admin/periods",
                body: body + "<p>\(t(.none).html)</p>")
        }
        let period =
            try q["period"].flatMap { $0.isEmpty ? nil : $0 }.map { try Access.singlePeriod($0) }
            ?? Period.containing(today, type: dataset.periodType).previous
        let options = datasets.map { d in
            "<option value=\"\(d.code.html)\"\(d.code == dataset.code ? " selected" : "")>\(d.name.text(language).html)</option>"
        }.joined()
        body += """
            <form class="filters" method="get" action="/admin/periods">
            <label>\(t(.dataset).html) <select name="dataset">\(options)</select></label>
            <label>\(t(.pagePeriod).html) <input name="period" value="\(period.identifier.html)" size="10"></label>
            <label>\(t(.pageOrgUnit).html) <input name="orgunit" value="\(tree.units[unit].code.html)" size="14"></label>
            <button type="submit">\(t(.show).html)</button></form>
            """
        let policy = server.configuration.policy
        let status = try await server.backend.account { accounts in
            try workspace.periodStatus(
                dataset: dataset, period: period, unit: unit, today: today, policy: policy, accounts: accounts)
        }
        let overrides = status.overrides
        let open = period.type == dataset.periodType && status.open
        body += """
            <section id="period-status"><h2>\(dataset.name.text(language).html) · \(period.identifier.html) · \(tree.units[unit].name.html)</h2>
            <p>\(t(.lastDayOfEntry).html): <strong>\(status.closes.description.html)</strong>.
            \(t(.today).html) (\(today.description.html)): <strong class="\(open ? "open" : "closed")">\(t(open ? .openForEntry : .closedForEntry).html)</strong></p>
            <form method="post" action="/admin/periods">
            <input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")">
            <input type="hidden" name="dataset" value="\(dataset.code.html)">
            <input type="hidden" name="period" value="\(period.identifier.html)">
            <input type="hidden" name="orgunit" value="\(tree.units[unit].code.html)">
            <label>\(t(.openUntil).html) <input type="date" name="until"></label>
            <button type="submit" name="action" value="reopen">\(t(.reopen).html)</button>
            <button type="submit" name="action" value="close">\(t(.close).html)</button>
            </form></section>
            <section id="decisions"><h2>\(t(.decisions).html)</h2>
            """
        if overrides.isEmpty {
            body += "<p>\(t(.none).html)</p>"
        } else {
            body +=
                "<table><tr><th>\(t(.pageOrgUnit).html)</th><th>\(t(.decision).html)</th><th>\(t(.openUntil).html)</th><th>\(t(.changedBy).html)</th><th>\(t(.changedAt).html)</th></tr>"
            for o in overrides.reversed() {
                let name = tree.index[o.orgUnit].map { tree.units[$0].name } ?? o.orgUnit
                body +=
                    "<tr><td>\(name.html) (\(o.orgUnit.html))</td><td>\(t(o.open ? .reopen : .close).html)</td><td>\((o.until ?? "–").html)</td><td>\(o.by.html)</td><td>\(Timestamp.format(o.at).html)</td></tr>"
            }
            body += "</table>"
        }
        body += "</section>"
        return Page.frame(
            title: t(.reportingPeriods), language: language, identity: identity,
            path:
                "/admin/periods?dataset=\(dataset.code.addingURLQueryEncoding)&period=\(period.identifier.addingURLQueryEncoding)",
            body: body)
    }
}

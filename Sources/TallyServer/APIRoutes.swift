internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import HummingbirdCore
internal import Logging
internal import Tally
internal import TallyAudit
internal import TallyBulletin
internal import TallyCore
internal import TallyEngine
internal import TallyIO
internal import TallyRender
internal import TallyStore
internal import TallyText

/// The JSON API under `/api/`: docs/openapi.yaml describes every route with an example.
enum APIRoutes {
    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        let api = router.group("api")
        let backend = server.backend

        api.get("me") { _, context -> Response in
            let identity = try context.requireIdentity()
            return Reply.json(
                .object([
                    ("name", .string(identity.name)), ("role", .string(identity.user.role.rawValue)),
                    ("orgunit", .string(identity.user.orgUnit)),
                    ("csrf_token", .string(identity.session?.csrfToken)),
                ]))
        }

        api.get("metadata") { _, context -> Response in
            _ = try context.requireIdentity()
            return Reply.json(MetadataJSON.object(backend.workspace.metadata, language: context.language))
        }

        api.get("orgunits") { _, context -> Response in
            let identity = try context.requireIdentity()
            let tree = backend.workspace.tree
            let rows = tree.subtree(identity.root).map { i -> JSONValue in
                .object([
                    ("code", .string(tree.units[i].code)), ("name", .string(tree.units[i].name)),
                    ("parent", .string(tree.parent[i] >= 0 ? tree.units[Int(tree.parent[i])].code : nil)),
                    ("level", .int(tree.level[i])),
                ])
            }
            return Reply.json(.array(rows))
        }

        api.get("values") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let workspace = backend.workspace
            let unit = try Access.unit(q.get("orgunit"), identity: identity, tree: workspace.tree)
            let period = try Access.singlePeriod(q.get("period"))
            let elements: [String]
            if let code = try Access.canonical(q.get("dataset"), field: "dataset") {
                guard let dataset = workspace.metadata.datasets.first(where: { $0.code == code }) else {
                    throw ServerError.notFound(Localized(zh: "“\(code)”不是报表", en: "'\(code)' is not a dataset"))
                }
                elements = dataset.elements
            } else if let code = try Access.canonical(q.get("element"), field: "element") {
                guard workspace.metadata.element(code) != nil else {
                    throw ServerError.notFound(Localized(zh: "“\(code)”不是数据项", en: "'\(code)' is not a data element"))
                }
                elements = [code]
            } else {
                throw ServerError.badRequest(Localized(zh: "请给出 dataset= 或 element=", en: "give dataset= or element="))
            }
            let states = try await server.values.values(
                elements: elements, orgUnit: workspace.tree.units[unit].code, period: period)
            return Reply.json(.array(states.map(ValueJSON.object)))
        }

        api.post("values") { request, context -> Response in
            let identity = try context.requireIdentity()
            let input = try await request.decode(as: ValueInput.self, context: context, limit: BodyLimit.value)
            let now = server.configuration.clock()
            let written = try await server.values.write(
                [input], as: identity, source: "api", now: now, confirmRules: input.confirmRules == true)
            let (value, _) = try await server.values.history(of: input)
            return Reply.json(ValueJSON.object(value.state, rules: written.brokenRules, context.language))
        }

        api.post("values/batch") { request, context -> Response in
            let identity = try context.requireIdentity()
            let batch = try await request.decode(as: ValueBatch.self, context: context, limit: BodyLimit.batch)
            let now = server.configuration.clock()
            let written = try await server.values.write(
                batch.values, as: identity, source: "api batch", now: now, confirmRules: batch.confirmRules == true)
            return Reply.json(ValueJSON.object(written.summary, rules: written.brokenRules, context.language))
        }

        api.get("values/history") { request, context -> Response in
            let identity = try context.requireIdentity()
            let input = try Access.valueInput(request.uri.queryParameters)
            let (value, _) = try await server.values.history(of: input) { unit, workspace in
                try Access.inside(unit, identity: identity, tree: workspace.tree)
            }
            return Reply.json(
                .object([
                    ("value", ValueJSON.object(value.state)),
                    ("history", .array(value.changes.map(ValueJSON.object) + value.textChanges.map(ValueJSON.object))),
                ]))
        }

        // A query of several subjects, units and periods (QueryRequest) as JSON, CSV (UTF-8 with a byte-order mark,
        // or encoding=gbk), a workbook (format=xlsx) or the chart (format=svg&chart=bars|lines|map): the analysis
        // page's table and downloads.
        api.get("query") { request, context -> Response in
            try await AnalysisPage.download(request, context, server: server)
        }

        /// An audit's JSON for GET /api/checks and GET /api/reporting: the query read once (`Access.audited`), the
        /// work behind the heavy-request limit, the rows bounded.
        @Sendable func audited(
            _ request: Request, _ context: TallyRequestContext,
            render:
                @escaping @Sendable (
                    Workspace, (period: Period, unit: Int, scope: Scope, asOf: Day), Language, RequestBounds
                ) throws -> String
        ) async throws -> Response {
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let language = context.language
            let today = server.today
            let bounds = server.configuration.bounds
            let text = try await server.heavy.run {
                try await backend.read { workspace in
                    let query = try Access.audited(
                        period: q.get("period"), orgUnit: q.get("orgunit"), scope: q.get("scope"),
                        level: q.get("level"), asOf: q.get("as_of"), identity: identity, tree: workspace.tree,
                        today: today)
                    return try render(workspace, query, language, bounds)
                }
            }
            return Reply.json(text: text)
        }

        api.get("checks") { request, context -> Response in
            try await audited(request, context) { workspace, query, language, bounds in
                let result = try workspace.audit(
                    orgUnit: query.unit, period: query.period, scope: query.scope, asOf: query.asOf)
                try bounds.check(rows: result.findings.count, Localized(zh: "条问题", en: "findings"))
                return AuditReport(
                    result: result, tree: workspace.tree, metadata: workspace.metadata, language: language
                )
                .render(.json)
            }
        }

        // The reporting-rate summary of `tally check --summary` for the unit and every unit of the scope: the grid of
        // reports expected, received and on time per unit and dataset (Workspace.reportingSummary).
        api.get("reporting") { request, context -> Response in
            try await audited(request, context) { workspace, query, language, bounds in
                let summary = try workspace.reportingSummary(
                    orgUnit: query.unit, period: query.period, scope: query.scope, asOf: query.asOf)
                try bounds.check(rows: summary.rows.count, Localized(zh: "行", en: "rows"))
                return ReportingSummaryReport(
                    summary: summary, tree: workspace.tree, metadata: workspace.metadata, language: language
                )
                .render(.json)
            }
        }

        // The reporting grid of the web's /reporting page: GET /api/reporting/grid[?orgunit=&dataset=&period=&as_of=
        // &format=json|xlsx] (Workspace.reportingGrid).
        api.get("reporting/grid") { request, context -> Response in
            try await ReportingPage.api(request, context, server: server)
        }

        api.get("targets/:campaign") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let code = context.parameters.get("campaign") ?? ""
            let language = context.language
            let today = server.today
            let text = try await server.heavy.run {
                try await backend.read { workspace in
                    let unit = try Access.unit(q.get("orgunit"), identity: identity, tree: workspace.tree)
                    let scope = try Access.scope(q.get("scope"), level: q.get("level"))
                    let asOf = try q.get("as_of").map { try Access.asOf($0, today: today) } ?? today
                    let result = try workspace.campaignStanding(
                        code, asOf: asOf, orgUnit: unit, scope: scope == .unit ? .children : scope)
                    return CampaignReport(result: result, tree: workspace.tree, language: language).render(.json)
                }
            }
            return Reply.json(text: text)
        }

        // The bulletin of `tally report` for a unit of the user's subtree, as JSON (the final texts and each chart's
        // SVG) or as the HTML page:
        // /api/bulletin?orgunit=U&period=P[&lang=zh|en&format=json|html&campaign=C&as_of=D&compare=last-year|previous|none].
        api.get("bulletin") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let language =
                try q.get("lang").map { text in
                    guard let language = Language(code: text) else {
                        throw ServerError.badRequest(
                            Localized(
                                zh: "lang：“\(text)”不是简报的语言；应为 zh 或 en",
                                en: "lang: '\(text)' is not a language of the bulletin; expected zh or en"))
                    }
                    return language
                } ?? context.language
            let format = q.get("format") ?? "json"
            guard format == "json" || format == "html" else {
                throw ServerError.badRequest(
                    Localized(zh: "format：“\(format)”不是 json 或 html", en: "format: '\(format)' is not json or html"))
            }
            let today = server.today
            let asOf = try q.get("as_of").map { try Access.asOf($0, today: today) }
            let comparison = try Access.comparison(QueryRequest.given(q, "compare"))
            let bulletin = try await server.heavy.run {
                try await backend.read { workspace in
                    let unit = try Access.unit(q.get("orgunit"), identity: identity, tree: workspace.tree)
                    let period = try Access.period(q.get("period"))
                    return try workspace.bulletin(
                        orgUnit: unit, period: period, language: language, preparedOn: today,
                        campaign: q.get("campaign"),
                        asOf: asOf, comparison: comparison.comparison)
                }
            }
            return format == "html"
                ? Reply.html(BulletinHTML.render(bulletin)) : Reply.json(BulletinJSON.render(bulletin))
        }

        api.get("periods") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let workspace = backend.workspace
            let unit = try Access.unit(q.get("orgunit"), identity: identity, tree: workspace.tree)
            let period = try Access.singlePeriod(q.get("period"))
            guard let code = q.get("dataset"),
                let dataset = workspace.metadata.datasets.first(where: { $0.code == code })
            else {
                throw ServerError.notFound(Localized(zh: "请用 dataset= 给出报表代码", en: "give dataset= with a dataset code"))
            }
            let today = server.today
            let policy = server.configuration.policy
            let status = try await backend.account { accounts in
                try workspace.periodStatus(
                    dataset: dataset, period: period, unit: unit, today: today, policy: policy, accounts: accounts)
            }
            return Reply.json(
                .object([
                    ("dataset", .string(code)), ("period", .string(period.identifier)),
                    ("orgunit", .string(workspace.tree.units[unit].code)), ("open", .bool(status.open)),
                    ("closes", .string(status.closes.description)),
                ]))
        }

        for (path, open) in [("periods/reopen", true), ("periods/close", false)] {
            api.post(RouterPath(path)) { request, context -> Response in
                let identity = try context.requireIdentity()
                try PeriodDecisions.requireAdmin(identity)
                let body = try await request.decode(as: PeriodDecision.self, context: context, limit: BodyLimit.small)
                let override = try await PeriodDecisions.record(body, open: open, identity: identity, server: server)
                return Reply.json(
                    .object([
                        ("dataset", .string(override.dataset)), ("period", .string(override.period)),
                        ("orgunit", .string(override.orgUnit)), ("open", .bool(open)),
                        ("until", .string(override.until)),
                    ]))
            }
        }

        api.post("tokens") { request, context -> Response in
            let identity = try context.requireIdentity()
            let body = try await request.decode(as: TokenRequest.self, context: context, limit: BodyLimit.small)
            let label = String((body.label ?? "api").prefix(100))
            let now = server.configuration.clock()
            do throws(AccountError) {
                _ = try Accounts.tokenLifetime(days: body.days)
            } catch {
                throw ServerError(.unprocessableContent, "token.lifetime", error.messages)
            }
            let (secret, record) = try await backend.account { _ in
                try server.accounts.createToken(
                    user: identity.name, label: label, now: now, days: body.days, notAfter: identity.credentialEnd)
            }
            var members = TokenJSON.members(record)
            members.insert(("token", .string(secret)), at: 0)
            return Reply.json(.object(members), status: .created)
        }

        api.get("tokens") { _, context -> Response in
            let identity = try context.requireIdentity()
            let now = server.configuration.clock()
            let tokens = try await backend.account { _ in try server.accounts.tokens(user: identity.name, now: now) }
            return Reply.json(.array(tokens.map { JSONValue.object(TokenJSON.members($0)) }))
        }

        api.delete("tokens/:id") { _, context -> Response in
            let identity = try context.requireIdentity()
            let id = context.parameters.get("id") ?? ""
            let revoked = try await backend.account { _ in
                try server.accounts.revokeToken(user: identity.name, id: id)
            }
            guard revoked else {
                throw ServerError.notFound(
                    Localized(
                        zh: "你没有编号为“\(id.prefix(40))”的 API 令牌；GET /api/tokens 可列出你的令牌",
                        en: "you have no API token with the id '\(id.prefix(40))'; GET /api/tokens lists them"))
            }
            context.logger.info(
                "API token revoked",
                metadata: ["user": "\(LogText.escaped(identity.name))", "token": "\(LogText.escaped(id))"])
            return Response(status: .noContent)
        }
    }
}

/// An API token as the API shows it: never its secret or its hash, only the id derived from the hash.
enum TokenJSON {
    static func members(_ token: APITokenRecord) -> [(String, JSONValue)] {
        [
            ("id", .string(token.id)), ("label", .string(token.label)),
            ("created", .string(Timestamp.format(token.created))),
            ("expires", .string(Timestamp.format(Accounts.end(of: token)))),
        ]
    }
}

struct ValueBatch: Decodable, Sendable {
    var values: [ValueInput]
    /// Confirms breaking validation rules of `medium` importance.
    var confirmRules: Bool?

    enum CodingKeys: String, CodingKey {
        case values
        case confirmRules = "confirm_rules"
    }
}

struct PeriodDecision: Decodable, Sendable {
    var dataset: String
    var period: String
    var orgunit: String?
    var until: String?
}

struct TokenRequest: Decodable, Sendable {
    var label: String?
    var days: Int?
}

/// Checking what a request names against the tree, the metadata and the user's subtree.
enum Access {
    /// The canonical form of a request's field (see `Canonical`), or `nil` when the field is absent.
    ///
    /// - Throws: ``ServerError`` 422 naming the field and the refused character.
    static func canonical(_ text: String?, field: String, as kind: Canonical.Kind = .code) throws -> String? {
        guard let text else { return nil }
        do {
            return try Canonical.canonical(text, as: kind)
        } catch {
            throw ServerError(.unprocessableContent, error.errorCode, error.messages(fieldNamed: field))
        }
    }

    /// The canonical forms of several named fields, in order.
    static func canonical(_ fields: [(name: String, text: String)]) throws -> [String] {
        try fields.map { try canonical($0.text, field: $0.name)! }
    }

    /// The tree index of a unit inside the user's subtree (the top of the subtree when `code` is `nil`).
    static func unit(_ code: String?, identity: Identity, tree: OrgUnitTree) throws -> Int {
        guard let code = try canonical(code, field: "orgunit"), !code.isEmpty else { return identity.root }
        guard let unit = tree.index[code] else {
            throw ServerError.notFound(Localized(zh: "“\(code)”不是单位代码", en: "'\(code)' is not an org unit code"))
        }
        try inside(unit, identity: identity, tree: tree)
        return unit
    }

    /// Refuses a unit outside the user's subtree.
    static func inside(_ unit: Int, identity: Identity, tree: OrgUnitTree) throws {
        guard tree.subtree(identity.root).contains(unit) else {
            throw ServerError.forbidden(
                "access.outsideSubtree",
                Localized(
                    zh: "\(identity.name) 不能查看 \(tree.units[unit].code)：它不在 \(identity.user.orgUnit) 范围内",
                    en: "\(identity.name) may not see \(tree.units[unit].code): it is outside \(identity.user.orgUnit)")
            )
        }
    }

    /// The period a request names, canonicalised, within ``RequestBounds/maxMonths``.
    static func period(_ raw: String?) throws -> Period {
        let text = try canonical(raw, field: "period")
        guard let text, !text.isEmpty else {
            throw ServerError.badRequest(
                Localized(
                    zh: "请给出 period=，如 202510、2025Oct 或 202510..202601",
                    en: "give period=, e.g. 202510, 2025Oct or 202510..202601"))
        }
        let period: Period
        do {
            period = try Period(text)
        } catch {
            throw ServerError.badRequest(error.messages)
        }
        try RequestBounds.check(period)
        return period
    }

    static func singlePeriod(_ text: String?) throws -> Period {
        let period = try period(text)
        guard period.count == 1 else {
            throw ServerError.badRequest(
                Localized(
                    zh: "“\(period.identifier)”是期间范围；请给出单个期间，如 \(period.first.identifier)",
                    en: "'\(period.identifier)' is a range; give a single period such as \(period.first.identifier)"))
        }
        return period
    }

    /// The `as_of` day a request names, within ``RequestBounds/asOfYears`` of today.
    /// What an audit or a reporting summary covers, from its query: the period, the org unit (within the user's
    /// subtree), the units audited (`scope` or `level`; a unit alone means its children) and the day reports were
    /// due before (`as_of`, default today).
    static func audited(
        period: String?, orgUnit: String?, scope: String?, level: String?, asOf: String?, identity: Identity,
        tree: OrgUnitTree, today: Day
    ) throws -> (period: Period, unit: Int, scope: Scope, asOf: Day) {
        let period = try Self.period(period)
        let unit = try unit(orgUnit, identity: identity, tree: tree)
        let scope = try Self.scope(scope, level: level)
        let day = try asOf.map { try Self.asOf($0, today: today) } ?? today
        return (period, unit, scope == .unit ? .children : scope, day)
    }

    static func asOf(_ text: String, today: Day) throws -> Day {
        guard let day = Day.parse(text) else {
            throw ServerError.badRequest(
                Localized(zh: "“\(text)”不是日期；应为如 2026-11-29", en: "'\(text)' is not a date; expected e.g. 2026-11-29"))
        }
        try RequestBounds.check(asOf: day, today: today)
        return day
    }

    /// The comparison of the dashboard and the bulletin (`compare=last-year|previous|none`): the same period last
    /// year when absent.
    static func comparison(_ text: String?) throws -> BulletinComparison {
        try choice(BulletinComparison.self, "compare", text) ?? .lastYear
    }

    /// The value of a parameter that is one of a few words (`compare=previous`), or `nil` when absent.
    static func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ name: String, _ text: String?) throws -> T?
    where T.RawValue == String {
        try text.map { text in
            guard let value = T(rawValue: text) else {
                let words = T.allCases.map(\.rawValue)
                let head = words.dropLast()
                throw ServerError.badRequest(
                    Localized(
                        zh: "\(name) 应为 \(head.joined(separator: "、")) 或 \(words.last ?? "")，不能是“\(text)”",
                        en: "\(name) is \(head.joined(separator: ", ")) or \(words.last ?? ""), not '\(text)'"))
            }
            return value
        }
    }

    /// A pivot from `rows=` and `columns=` (subject, unit or period; `rows` only with `columns`), or `nil`.
    static func pivot(rows: String?, columns: String?) throws -> PivotLayout? {
        let rowAxis = try choice(PivotAxis.self, "rows", rows)
        guard let columnAxis = try choice(PivotAxis.self, "columns", columns) else {
            guard rowAxis == nil else {
                throw ServerError.badRequest(Localized(zh: "rows= 须与 columns= 同用", en: "rows= needs columns="))
            }
            return nil
        }
        guard let layout = PivotLayout(rows: rowAxis, columns: columnAxis) else {
            throw ServerError.badRequest(
                Localized(zh: "rows= 与 columns= 须为不同的轴", en: "rows= and columns= must name different axes"))
        }
        return layout
    }

    static func scope(_ text: String?, level: String?) throws -> Scope {
        if let level {
            guard let n = Int(level), n >= 1 else {
                throw ServerError.badRequest(Localized(zh: "level 必须是1或更大", en: "level must be 1 or more"))
            }
            return .level(n)
        }
        switch text {
        case nil, "unit": return .unit
        case "children": return .children
        default:
            throw ServerError.badRequest(
                Localized(
                    zh: "scope 应为 unit 或 children（或给出 level=N）", en: "scope is unit or children (or give level=N)"))
        }
    }

    static func valueInput(_ q: HummingbirdCore.FlatDictionary<Substring, Substring>) throws -> ValueInput {
        guard let element = q.get("element"), let orgunit = q.get("orgunit"), let period = q.get("period") else {
            throw ServerError.badRequest(
                Localized(
                    zh: "请给出 element=、orgunit=、period=（分类的数值还要给出 combo=）",
                    en: "give element=, orgunit=, period= (and combo= for a disaggregated value)"))
        }
        return ValueInput(element: element, combo: q.get("combo"), orgunit: orgunit, period: period, value: nil)
    }
}

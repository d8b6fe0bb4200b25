internal import Hummingbird
internal import HummingbirdCore
internal import Tally
internal import TallyBulletin
internal import TallyCharts
internal import TallyCore
internal import TallyEngine
internal import TallyRender
internal import TallyText

/// What a query of several subjects, units and periods asks for, read once from a request's parameters: the one
/// reading shared by `GET /api/query` (every format) and the analysis page (`/analysis`), so that the page, its
/// downloads and the API answer the same URL state with the same figures.
///
/// Parameters (an empty one, as a plain form sends it, counts as absent): `indicator` and `element` (repeated),
/// `period` (repeated; each may hold several identifiers separated by spaces, commas or lines), `year` with
/// `months` (the first N months of a year or reporting year, such as `year=2025Oct&months=4` for
/// `202510..202601`), `orgunit` (default the user's unit), `scope` (`unit`, `children`, `level` with `level=N`, or
/// `list` with `units=` codes; `level=N` alone is a level), `compare` (`previous`, `last-year`), `rows` and
/// `columns` (a pivot).
struct QueryRequest {
    var indicators: [String]
    var elements: [String]
    var periods: [Period]
    var unit: Int
    var scope: Scope
    var comparison: Comparison?
    var pivot: PivotLayout?

    /// Whether any subject is named.
    var hasSubject: Bool { !indicators.isEmpty || !elements.isEmpty }

    /// The most periods one request may name (each is one pass of the engine per subject; the use case bounds
    /// subjects × periods as well).
    static let maximumPeriods = 24

    /// Reads `q` for `identity` against the workspace's tree: every unit checked inside the user's subtree, every
    /// period within ``RequestBounds``.
    init(_ q: FlatDictionary<Substring, Substring>, identity: Identity, tree: OrgUnitTree) throws {
        func given(_ name: String) -> String? { Self.given(q, name) }
        func words(_ name: String) -> [String] {
            q.getAll(name).flatMap { $0.split { $0 == "," || $0.isWhitespace }.map(String.init) }
        }
        indicators = q.getAll("indicator").filter { !$0.isEmpty }
        elements = q.getAll("element").filter { !$0.isEmpty }
        // Counted before any is read, so that a request naming thousands costs nothing.
        let texts = words("period")
        let year = given("year") ?? given("months").map { _ in "" }
        let count = texts.count + (year == nil ? 0 : 1)
        guard count <= Self.maximumPeriods else {
            throw ServerError.badRequest(
                Localized(
                    zh: "一次最多 \(Self.maximumPeriods) 个期间，不能是 \(count) 个",
                    en: "at most \(Self.maximumPeriods) periods, not \(count)"))
        }
        periods = try texts.map { try Access.period($0) }
        if let year { periods.append(try Self.firstMonths(year: year, months: given("months"))) }
        unit = try Access.unit(given("orgunit"), identity: identity, tree: tree)
        switch given("scope") {
        case "list":
            let codes = words("units")
            guard !codes.isEmpty else {
                throw ServerError.badRequest(
                    Localized(zh: "scope=list 须用 units= 给出单位代码", en: "scope=list needs units= with unit codes"))
            }
            guard codes.count <= RequestBounds.maxListedUnits else {
                throw ServerError.badRequest(
                    Localized(
                        zh: "units= 最多 \(RequestBounds.maxListedUnits) 个单位，不能是 \(codes.count) 个",
                        en: "units= names at most \(RequestBounds.maxListedUnits) units, not \(codes.count)"))
            }
            var seen: Set<Int> = []
            scope = .list(
                try codes.map { try Access.unit($0, identity: identity, tree: tree) }.filter {
                    seen.insert($0).inserted
                })
        case "level":
            guard let level = given("level") else {
                throw ServerError.badRequest(Localized(zh: "scope=level 须给出 level=N", en: "scope=level needs level=N"))
            }
            scope = try Access.scope(nil, level: level)
        case "unit": scope = .unit
        case "children": scope = .children
        case let text?:
            throw ServerError.badRequest(
                Localized(
                    zh: "scope 应为 unit、children、level 或 list，不能是“\(text)”",
                    en: "scope is unit, children, level or list, not '\(text)'"))
        case nil: scope = try Access.scope(nil, level: given("level"))
        }
        comparison = try Access.choice(Comparison.self, "compare", given("compare"))
        pivot = try Access.pivot(rows: given("rows"), columns: given("columns"))
    }

    /// A parameter's value, `nil` when absent or empty (as a plain form sends a field left blank).
    static func given(_ q: FlatDictionary<Substring, Substring>, _ name: String) -> String? {
        guard let text = q.get(name), !text.isEmpty else { return nil }
        return text
    }

    /// The first `months` months of `year` (a year or reporting year such as `2025Oct`) as a monthly range.
    static func firstMonths(year: String, months: String?) throws -> Period {
        guard !year.isEmpty, let months else {
            throw ServerError.badRequest(
                Localized(
                    zh: "year= 须与 months= 同用，如 year=2025Oct&months=4",
                    en: "year= goes with months=, e.g. year=2025Oct&months=4"))
        }
        let period = try Access.period(year)
        guard let n = Int(months), let range = period.firstMonths(n) else {
            throw ServerError.badRequest(
                Localized(
                    zh: "months：“\(months)”不是 1 到 \(period.periods(of: .monthly).count) 之间的月数（\(period.identifier)）",
                    en:
                        "months: '\(months)' is not a number of months from 1 to \(period.periods(of: .monthly).count) of \(period.identifier)"
                ))
        }
        try RequestBounds.check(range)
        return range
    }

    /// The figures (`Workspace.query`, bounded by `bounds`) as a table in `language`.
    /// - Throws: ``SubjectError`` for no subject or an unknown one, ``QueryLimitError`` past the bounds.
    func table(_ workspace: Workspace, language: Language, bounds: RequestBounds) throws -> QueryTable {
        let subjects = try workspace.subjects(elements: elements, indicators: indicators)
        let periods = try self.periods.isEmpty ? [Access.period(nil)] : self.periods
        let results: [QueryResult]
        do {
            results = try workspace.query(
                subjects, periods: periods, orgUnit: unit, scope: scope, comparison: comparison, limit: bounds.maxRows)
        } catch let error as QueryLimitError {
            // Refused before any figure is computed, with the answer's bound when it is the lower.
            try bounds.check(rows: error.rows, Localized(zh: "行", en: "rows"))
            throw error
        }
        return QueryTable(
            parts: results.map { ($0.subject, $0.rows) }, tree: workspace.tree, metadata: workspace.metadata,
            language: language, pivot: pivot)
    }

    /// The chart of `table` as `kind`; for the map, the listed units' boundaries are read (only then).
    static func chart(_ table: QueryTable, kind: QueryChart.Kind, workspace: Workspace) throws -> SVGChart? {
        guard kind == .map else { return QueryChart.chart(table, kind: kind) }
        let units = table.parts.first?.rows.map(\.unit) ?? []
        let areas = try workspace.mapAreas(of: units, width: QueryChart.style.width)
        return QueryChart.chart(table, kind: .map, areas: areas)
    }
}

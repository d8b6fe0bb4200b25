public import TallyCore
public import TallyEngine
public import TallyText

extension Workspace {
    /// The subjects named by element references (`births`, `births.male`) and indicator codes, checked against the
    /// metadata: the elements first, then the indicators, each in the order given.
    ///
    /// `tally query` and `GET /api/query` name one subject or several, to compare figures side by side.
    /// - Throws: ``SubjectError`` for the first name that is not an indicator, not an element reference, or names
    ///   an element or option the metadata does not have; for no name at all.
    public func subjects(elements: [String] = [], indicators: [String] = []) throws(SubjectError) -> [Subject] {
        guard !elements.isEmpty || !indicators.isEmpty else {
            throw SubjectError(.noSubject, Localized(zh: "请给出数据项或指标", en: "name an element or an indicator"))
        }
        var subjects: [Subject] = []
        for text in elements {
            let parsed: Expression
            do {
                parsed = try Expression(parsing: "#{\(text)}")
            } catch {
                throw SubjectError(
                    .notAnElement,
                    Localized(
                        zh: "“\(text)”不是数据项引用（\(error.message(.zh))）",
                        en: "'\(text)' is not an element reference (\(error.message))"))
            }
            guard case .reference(let reference) = parsed else {
                throw SubjectError(
                    .notAnElement, Localized(zh: "“\(text)”不是数据项", en: "'\(text)' is not an element"))
            }
            if let problem = metadata.validate(reference) {
                throw SubjectError(
                    .unknownElement,
                    metadata.element(reference.element) == nil
                        ? Localized(
                            zh: "\(problem.zh)；应为以下之一：\(metadata.elements.map(\.code).joined(separator: "、"))",
                            en:
                                "\(problem.en); expected one of: \(metadata.elements.map(\.code).joined(separator: ", "))"
                        )
                        : problem)
            }
            subjects.append(.element(reference))
        }
        for code in indicators {
            guard metadata.indicator(code) != nil else {
                throw SubjectError(
                    .unknownIndicator,
                    Localized(
                        zh: "“\(code)”不是指标；应为以下之一：\(metadata.indicators.map(\.code).joined(separator: "、"))",
                        en:
                            "'\(code)' is not an indicator; expected one of: \(metadata.indicators.map(\.code).joined(separator: ", "))"
                    ))
            }
            subjects.append(.indicator(code))
        }
        return subjects
    }

    /// The most rows one query may answer (subjects × periods × listed units): 100,000, a county's villages for
    /// a few subjects and periods, refused with ``QueryLimitError`` before any figure is computed.
    public static let maximumQueryRows = 100_000

    /// The most subjects × periods one query may name: 120 (ten subjects over twelve months). Each is a pass of the
    /// engine over the subtrees of the units listed (the whole tree for the top unit).
    public static let maximumQueryParts = 120

    /// Each subject's figures over a period for an org unit or the units of `scope`, with ranks among the listed
    /// units and the comparison when asked for; one result per subject, in order.
    ///
    /// A rate over a subtree or a longer period is the ratio of the summed numerator and denominator.
    public func query(
        _ subjects: [Subject], period: Period, orgUnit: Int, scope: Scope = .unit, comparison: Comparison? = nil
    ) throws -> [QueryResult] {
        try query(subjects, periods: [period], orgUnit: orgUnit, scope: scope, comparison: comparison)
    }

    /// Each subject's figures over each period (each may be a range) for an org unit or the units of `scope`: one
    /// result per subject × period, the subjects in order and each subject's periods in order. Ranks are among the
    /// listed units of one subject and period; the comparison is with each period's own previous or last-year
    /// period.
    ///
    /// - Throws: ``QueryLimitError`` when subjects × periods × listed units exceeds `limit` (at most
    ///   ``maximumQueryRows``), or subjects × periods exceeds ``maximumQueryParts``, before anything is computed.
    public func query(
        _ subjects: [Subject], periods: [Period], orgUnit: Int, scope: Scope = .unit, comparison: Comparison? = nil,
        limit: Int = Workspace.maximumQueryRows
    ) throws -> [QueryResult] {
        let engine = self.engine
        let limit = min(limit, Self.maximumQueryRows)
        let units = engine.units(scope, of: orgUnit).count
        let rows = [periods.count, units].reduce(subjects.count) { product, n in
            let (p, overflow) = product.multipliedReportingOverflow(by: n)
            return overflow ? Int.max : p
        }
        guard rows <= limit else {
            throw QueryLimitError(
                subjects: subjects.count, periods: periods.count, units: units, rows: rows, limit: limit)
        }
        guard subjects.count * periods.count <= Self.maximumQueryParts else {
            throw QueryLimitError(
                subjects: subjects.count, periods: periods.count, units: units, rows: rows,
                limit: Self.maximumQueryParts, kind: .parts)
        }
        return try subjects.flatMap { subject in
            try periods.map { period in
                QueryResult(
                    subject: subject, period: period,
                    rows: try engine.run(
                        Query(
                            subject: subject, period: period, orgUnit: orgUnit, scope: scope, comparison: comparison)
                    ))
            }
        }
    }
}

/// One subject's rows of a query over one period (``Workspace/query(_:periods:orgUnit:scope:comparison:limit:)``).
public struct QueryResult: Sendable {
    /// The subject.
    public var subject: Subject
    /// The period.
    public var period: Period
    /// The rows: the org unit's, or those of the listed units in tree order.
    public var rows: [QueryRow]
}

/// A query that would answer more rows than allowed: subjects × periods × listed units over the limit.
public struct QueryLimitError: SentencedError, Equatable {
    /// The subjects asked for.
    public let subjects: Int
    /// The periods asked for.
    public let periods: Int
    /// The units the scope lists.
    public let units: Int
    /// The rows the query would have (subjects × periods × units).
    public let rows: Int
    /// The limit passed: of rows, or of subjects × periods.
    public let limit: Int
    /// Which limit.
    public let kind: Kind

    /// Which limit a query passed.
    public enum Kind: String, Sendable {
        /// Subjects × periods × listed units.
        case rows
        /// Subjects × periods.
        case parts
    }

    /// A refusal.
    public init(subjects: Int, periods: Int, units: Int, rows: Int, limit: Int, kind: Kind = .rows) {
        self.subjects = subjects
        self.periods = periods
        self.units = units
        self.rows = rows
        self.limit = limit
        self.kind = kind
    }

    /// The sentence in every language, naming the limit.
    public var sentence: Localized<String> {
        switch kind {
        case .rows:
            let rows = Thousands.grouped(rows)
            return Localized(
                zh:
                    "查询会有\(subjects)个项目 × \(periods)个期间 × \(Thousands.grouped(units))个单位 = \(rows)行；一次查询最多\(Thousands.grouped(limit))行；请减少项目或期间，或选择较小的单位或层级",
                en:
                    "the query would have \(subjects) subjects × \(periods) periods × \(Thousands.grouped(units)) units = \(rows) rows; a query has at most \(Thousands.grouped(limit)) rows; name fewer subjects or periods, or a smaller org unit or level"
            )
        case .parts:
            return Localized(
                zh: "查询列出\(subjects)个项目 × \(periods)个期间 = \(subjects * periods)组；一次查询最多\(limit)组；请减少项目或期间",
                en:
                    "the query names \(subjects) subjects × \(periods) periods = \(subjects * periods); a query names at most \(limit); name fewer subjects or periods"
            )
        }
    }

    /// `query.tooManyRows` or `query.tooManyParts`.
    public var errorCode: String { kind == .rows ? "query.tooManyRows" : "query.tooManyParts" }
}

/// A subject of a query that names nothing the metadata has.
public struct SubjectError: SentencedError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// No element and no indicator was named.
        case noSubject
        /// The text is not an element reference such as `births` or `births.male`.
        case notAnElement
        /// The reference names an element or option the metadata does not have.
        case unknownElement
        /// No indicator has the code.
        case unknownIndicator
    }

    /// What is wrong.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    /// `subject.unknownIndicator`, …
    public var errorCode: String { "subject.\(code.rawValue)" }
}

public import TallyCore
public import TallyEngine
public import TallyText

extension Workspace {
    /// The subjects named by element references (`births`, `births.male`) and indicator codes, checked against the
    /// metadata: the elements first, then the indicators, each in the order given.
    ///
    /// `tally query` and `GET /api/query` name one subject; several are for comparing figures side by side.
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

    /// Each subject's figures over a period for an org unit or the units of `scope`, with ranks among the listed
    /// units and the comparison when asked for; one result per subject, in order.
    ///
    /// A rate over a subtree or a longer period is the ratio of the summed numerator and denominator.
    public func query(
        _ subjects: [Subject], period: Period, orgUnit: Int, scope: Scope = .unit, comparison: Comparison? = nil
    ) throws -> [QueryResult] {
        let engine = self.engine
        return try subjects.map { subject in
            QueryResult(
                subject: subject,
                rows: try engine.run(
                    Query(subject: subject, period: period, orgUnit: orgUnit, scope: scope, comparison: comparison)))
        }
    }
}

/// One subject's rows of a query (``Workspace/query(_:period:orgUnit:scope:comparison:)``).
public struct QueryResult: Sendable {
    /// The subject.
    public var subject: Subject
    /// The rows: the org unit's, or those of the listed units in tree order.
    public var rows: [QueryRow]
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

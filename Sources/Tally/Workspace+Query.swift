public import TallyCore
public import TallyEngine

extension Workspace {
    /// The subjects named by element references (`births`, `births.male`) and indicator codes, checked against the
    /// metadata: the elements first, then the indicators, each in the order given.
    ///
    /// `tally query` and `GET /api/query` name one subject; several are for comparing figures side by side.
    /// - Throws: ``SubjectError`` for the first name that is not an indicator, not an element reference, or names
    ///   an element or option the metadata does not have; for no name at all.
    public func subjects(elements: [String] = [], indicators: [String] = []) throws(SubjectError) -> [Subject] {
        guard !elements.isEmpty || !indicators.isEmpty else {
            throw SubjectError(.noSubject, "name an element or an indicator")
        }
        var subjects: [Subject] = []
        for text in elements {
            let parsed: Expression
            do {
                parsed = try Expression(parsing: "#{\(text)}")
            } catch {
                throw SubjectError(.notAnElement, "'\(text)' is not an element reference (\(error.message))")
            }
            guard case .reference(let reference) = parsed else {
                throw SubjectError(.notAnElement, "'\(text)' is not an element")
            }
            if let problem = metadata.validate(reference) {
                throw SubjectError(
                    .unknownElement,
                    problem
                        + (metadata.element(reference.element) == nil
                            ? "; expected one of: \(metadata.elements.map(\.code).joined(separator: ", "))" : ""))
            }
            subjects.append(.element(reference))
        }
        for code in indicators {
            guard metadata.indicator(code) != nil else {
                throw SubjectError(
                    .unknownIndicator,
                    "'\(code)' is not an indicator; expected one of: \(metadata.indicators.map(\.code).joined(separator: ", "))"
                )
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
public struct SubjectError: TallyError, Equatable {
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
    /// The sentence.
    public let message: String

    /// An error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `subject.unknownIndicator`, …
    public var errorCode: String { "subject.\(code.rawValue)" }
}

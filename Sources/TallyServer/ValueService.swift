internal import Foundation
internal import HTTPTypes
public import Tally
public import TallyCore
public import TallyIO
internal import TallyRender
public import TallyStore
internal import TallyText
public import TallyTransfer

/// Reading and writing data values for the API and the forms: the request's values handed to Tally's value use
/// cases on the backend's queues, and their refusals turned into HTTP answers.
///
/// Every input is resolved once by Tally (`Workspace.writeValues`, `Workspace.resolveValue`); access to read a
/// value is checked here on the resolved unit, access to write (subtree, role, open period) by Tally on the
/// resolved entries, and the same entries are written, with their versions compared inside the write's
/// transaction. A row that does not resolve is refused, never skipped.
public struct ValueService: Sendable {
    /// The database.
    public let backend: Backend
    /// When periods close to clerks.
    public let policy: PeriodPolicy

    /// A service.
    public init(backend: Backend, policy: PeriodPolicy) {
        self.backend = backend
        self.policy = policy
    }

    /// The most rows one batch may hold.
    public static let maxBatch = 5_000

    /// Writes `inputs` all or nothing, as `identity`, recording `source` and the user in history; `confirmRules`
    /// confirms breaking validation rules of `medium` importance.
    ///
    /// - Returns: what was written and the validation rules the values break that did not stop it.
    /// - Throws: ``ServerError`` — 422 with every problem when a row does not resolve or is invalid, or with the
    ///   broken rules when a rule refuses the write or needs a confirmation; 403 for a unit outside the subtree, a
    ///   read-only user or a closed period; 409 with the current value when a version is stale.
    public func write(
        _ inputs: [ValueInput], as identity: Identity, source: String, now: Int64, confirmRules: Bool = false
    ) async throws -> WrittenValues {
        do {
            return try await save(inputs, as: identity, source: source, now: now, confirmRules: confirmRules)
        } catch let error as ValueError {
            throw ServerError(error)
        }
    }

    /// ``write(_:as:source:now:confirmRules:)`` with Tally's refusal as it is, for a page that shows it by field.
    ///
    /// - Throws: ``ValueError``; ``ServerError`` for an empty or too large batch; the store's errors.
    func save(
        _ inputs: [ValueInput], as identity: Identity, source: String, now: Int64, confirmRules: Bool
    ) async throws -> WrittenValues {
        guard !inputs.isEmpty else {
            throw ServerError.badRequest(Localized(zh: "请求中没有数值", en: "the request holds no values"))
        }
        guard inputs.count <= Self.maxBatch else {
            throw ServerError(
                .contentTooLarge, "request.tooLarge",
                Localized(
                    zh: "一批最多\(Self.maxBatch)个数值，这一批有\(inputs.count)个；请拆分",
                    en: "a batch holds at most \(Self.maxBatch) values; this one has \(inputs.count); split it"))
        }
        let policy = self.policy
        let accounts = backend.accounts
        return try await backend.write(reload: { $0.newPeriod }) { workspace in
            try workspace.writeValues(
                inputs.map(\.entry), by: identity.user, source: source, time: now, policy: policy,
                accounts: accounts, confirmRules: confirmRules)
        }
    }

    /// The stored values of the given elements (every combo) for one unit and period, each read in one snapshot.
    ///
    /// - Parameters: canonical codes (a unit from the tree, elements from the metadata).
    public func values(elements: [String], orgUnit: String, period: Period) async throws -> [ValueState] {
        try await backend.read { try $0.valueStates(elements: elements, orgUnit: orgUnit, period: period) }
    }

    /// A value's state and history, oldest change first; the value is named as in a request and resolved once by
    /// Tally, and `check` sees the resolved unit's tree index before anything is read.
    func history(
        of input: ValueInput, check: @escaping @Sendable (Int, Workspace) throws -> Void = { _, _ in }
    ) async throws -> (ValueHistory, Workspace) {
        try await backend.read { workspace in
            let value = try workspace.resolveValue(
                element: input.element, combo: input.combo, orgUnit: input.orgunit, period: input.period)
            try check(workspace.tree.index[value.orgUnit]!, workspace)
            return (try workspace.valueHistory(value), workspace)
        }
    }
}

extension ValueInput {
    /// The entry Tally resolves.
    var entry: ValueEntry {
        ValueEntry(
            element: element, combo: combo, orgUnit: orgunit, period: period, value: value, comment: comment,
            followUp: followup == true, deleted: deleted == true, version: version, updated: updated)
    }
}

/// The JSON the API uses for values and history.
enum ValueJSON {
    /// A value's state: `value` is a number, or a string for a `text` or `long_text` element.
    static func object(_ state: ValueState) -> JSONValue {
        if let text = state.text {
            return object(
                state, value: .string(text.text),
                (text.storedBy, text.created, text.updated, text.comment, text.followUp))
        }
        return object(
            state, value: .number(state.stored?.value),
            state.stored.map { ($0.storedBy, $0.created, $0.updated, $0.comment, $0.followUp) })
    }

    private static func object(
        _ state: ValueState, value: JSONValue,
        _ stored: (storedBy: String?, created: Int64, updated: Int64, comment: String?, followUp: Bool)?
    ) -> JSONValue {
        .object([
            ("element", .string(state.element)),
            ("combo", .string(state.combo)),
            ("orgunit", .string(state.orgunit)),
            ("period", .string(state.period)),
            ("value", value),
            ("stored_by", .string(stored?.storedBy)),
            ("created", stored.map { .number(Double($0.created)) } ?? .null),
            ("updated", stored.map { .number(Double($0.updated)) } ?? .null),
            ("version", .int(state.version)),
            ("comment", .string(stored?.comment)),
            ("followup", stored.map { .bool($0.followUp) } ?? .null),
        ])
    }

    static func object(_ entry: TextHistoryEntry) -> JSONValue {
        .object([
            ("action", .string(entry.action)),
            ("previous_value", .string(entry.previousText)),
            ("previous_stored_by", .string(entry.previousStoredBy)),
            ("previous_time", .number(Double(entry.previousTime))),
            ("new_value", .string(entry.newText)),
            ("changed_by", .string(entry.changedBy)),
            ("changed_at", .number(Double(entry.changedAt))),
        ])
    }

    static func object(_ entry: HistoryEntry) -> JSONValue {
        .object([
            ("action", .string(entry.action)),
            ("previous_value", .number(entry.previousValue)),
            ("previous_stored_by", .string(entry.previousStoredBy)),
            ("previous_time", .number(Double(entry.previousTime))),
            ("new_value", .number(entry.newValue)),
            ("changed_by", .string(entry.changedBy)),
            ("changed_at", .number(Double(entry.changedAt))),
        ])
    }

    /// A broken validation rule: its code, name, importance, both sides, the elements it names and its sentence.
    static func object(_ broken: RuleBreak, _ language: Language) -> JSONValue {
        .object([
            ("rule", .string(broken.rule.code)), ("name", .string(broken.rule.name.text(language))),
            ("importance", .string(broken.rule.importance.rawValue)), ("orgunit", .string(broken.orgUnit)),
            ("period", .string(broken.period.identifier)), ("left", .number(broken.left)),
            ("operator", .string(broken.rule.op.rawValue)), ("right", .number(broken.right)),
            ("elements", .array(broken.elements.map { .string($0) })),
            ("message", .string(broken.sentence(language))),
        ])
    }

    /// A write's answer, `value` or `summary`, with `rules`: the broken validation rules the write went ahead with.
    static func object(_ answer: ValueState, rules: [RuleBreak], _ language: Language) -> JSONValue {
        adding(rules, language, to: object(answer))
    }

    /// ``object(_:rules:_:)-(ValueState,_,_)`` for a batch's summary.
    static func object(_ answer: ImportSummary, rules: [RuleBreak], _ language: Language) -> JSONValue {
        adding(rules, language, to: object(answer))
    }

    private static func adding(_ rules: [RuleBreak], _ language: Language, to object: JSONValue) -> JSONValue {
        guard case .object(let members) = object else { return object }
        return .object(members + [("rules", .array(rules.map { Self.object($0, language) }))])
    }

    static func object(_ summary: ImportSummary) -> JSONValue {
        .object([
            ("rows", .int(summary.rows)), ("new", .int(summary.new)), ("changed", .int(summary.changed)),
            ("unchanged", .int(summary.unchanged)), ("deleted", .int(summary.deleted)),
            ("texts", .int(summary.texts)),
        ])
    }
}

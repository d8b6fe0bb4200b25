internal import Foundation
internal import HTTPTypes
internal import Tally
internal import TallyCore
public import TallyIO
internal import TallyRender
public import TallyStore

/// Reading and writing data values for the API and the forms: the same checks as an import (the rows go
/// through ``DataValueImporter``), plus access (subtree, role, open period) and optimistic versions.
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

    /// Writes `inputs` all or nothing, as `identity`, recording `source` and the user in history.
    ///
    /// - Throws: ``ServerError`` — 403 for a unit outside the subtree, a read-only user or a closed period;
    ///   409 with the current value when a version is stale; 422 with every problem when a row is invalid.
    public func write(
        _ inputs: [ValueInput], as identity: Identity, source: String, now: Int64
    ) async throws
        -> ImportSummary
    {
        guard !inputs.isEmpty else { throw ServerError.badRequest("the request holds no values") }
        guard inputs.count <= Self.maxBatch else {
            throw ServerError(
                .contentTooLarge, "request.tooLarge",
                "a batch holds at most \(Self.maxBatch) values; this one has \(inputs.count); split it")
        }
        guard identity.canWrite else {
            throw ServerError.forbidden("access.readOnly", "\(identity.name) is an analyst and may only read")
        }
        let policy = self.policy
        let outcome = try await backend.write(reload: { $0.1 }) { workspace -> (ImportSummary, Bool) in
            let today = Timestamp.day(now)
            var overrides: [String: [String: [PeriodOverride]]] = [:]  // period → dataset → overrides
            var newPeriod = false
            for (i, input) in inputs.enumerated() {
                let row = inputs.count == 1 ? "" : "row \(i + 1): "
                // Rows that do not resolve are left to the importer, which names the problem.
                guard let unit = workspace.tree.index[input.orgunit] else { continue }
                guard workspace.tree.subtree(identity.root).contains(unit) else {
                    throw ServerError.forbidden(
                        "access.outsideSubtree",
                        "\(row)\(identity.name) may not write for \(input.orgunit) (\(workspace.tree.units[unit].name)): it is outside \(identity.user.orgUnit)"
                    )
                }
                guard let period = try? Period(input.period), period.count == 1,
                    workspace.metadata.element(input.element) != nil
                else { continue }
                if !workspace.catalog.periods.values.contains(period) { newPeriod = true }
                if identity.user.role == .clerk {
                    if period.start > today {
                        throw ServerError.forbidden(
                            "period.future", "\(row)\(period.identifier) has not begun; values are entered once it has")
                    }
                    if overrides[period.identifier] == nil {
                        var byDataset: [String: [PeriodOverride]] = [:]
                        for dataset in workspace.metadata.datasets where dataset.periodType == period.type {
                            byDataset[dataset.code] = try backend.accounts.periodOverrides(
                                dataset: dataset.code, period: period.identifier)
                        }
                        overrides[period.identifier] = byDataset
                    }
                    let open = policy.isOpen(
                        element: input.element, period: period, unit: unit, today: today,
                        metadata: workspace.metadata, tree: workspace.tree, overrides: overrides[period.identifier]!)
                    if !open {
                        throw ServerError.forbidden(
                            "period.closed",
                            "\(row)\(period.identifier) is closed for data entry; ask an admin to reopen it for \(input.orgunit)"
                        )
                    }
                }
                if input.updated != nil || input.version != nil {
                    let state = try Self.state(of: input, in: workspace)
                    let stale =
                        (input.version.map { $0 != state.version } ?? false)
                        || (input.updated.map { $0 != state.stored?.updated } ?? false)
                    if stale {
                        throw ServerError(
                            .conflict, "value.conflict",
                            "\(row)\(input.element)\(input.combo.map { $0.isEmpty ? "" : ".\($0)" } ?? "") for \(input.orgunit) in \(input.period) was changed by someone else since you read it; check the current value and save again",
                            details: ValueJSON.object(state))
                    }
                }
            }
            var csv = CSVWriter.line([
                "dataelement", "period", "orgunit", "categoryoptioncombo", "value", "comment", "followup", "deleted",
            ])
            for input in inputs {
                csv += CSVWriter.line([
                    input.element, input.period, input.orgunit, input.combo ?? "", input.value ?? "",
                    input.comment ?? "", input.followup == true ? "true" : "", input.deleted == true ? "true" : "",
                ])
            }
            do {
                let summary = try workspace.importer.importBytes(
                    Array(csv.utf8), name: source, into: workspace.store, user: identity.name, time: now)
                return (summary, newPeriod)
            } catch let error as ImportError {
                throw Self.refusal(error, rows: inputs.count)
            }
        }
        return outcome.0
    }

    /// Turns an import's problems into a 422 whose details list each row (1-based) and field.
    static func refusal(_ error: ImportError, rows: Int) -> ServerError {
        let problems = error.issues.map { issue -> JSONValue in
            .object([
                ("row", issue.line >= 2 ? .number(Double(issue.line - 1)) : .null),
                ("field", .string(issue.column)),
                ("code", .string("import.\(issue.code.rawValue)")),
                ("message", .string(issue.detail)),
            ])
        }
        let first = error.issues.first
        let prefix = rows > 1 && (first?.line ?? 0) >= 2 ? "row \(first!.line - 1): " : ""
        let field = first?.column.map { "'\($0)': " } ?? ""
        let message =
            "\(prefix)\(field)\(first?.detail ?? "invalid values")"
            + (error.total > 1 ? " (and \(error.total - 1) more problems); nothing was saved" : "; nothing was saved")
        return ServerError(
            .unprocessableContent, error.errorCode, message,
            details: .object([("problems", .array(problems)), ("total", .int(error.total))]))
    }

    /// The stored state of the value an input names.
    static func state(of input: ValueInput, in workspace: Workspace) throws -> ValueState {
        let combo = input.combo == "default" ? "" : input.combo ?? ""
        var state = ValueState(
            element: input.element, combo: combo, orgunit: input.orgunit, period: input.period, stored: nil,
            version: 0)
        guard let element = workspace.catalog.elements[input.element],
            let comboID = workspace.catalog.combos[combo],
            let unit = workspace.catalog.orgUnits[input.orgunit],
            let periodID = workspace.catalog.periods.first(where: { $0.value.identifier == input.period })?.key
        else { return state }
        let key = ValueKey(element: element, period: periodID, orgUnit: unit, combo: comboID)
        state.stored = try workspace.store.value(key)
        if state.stored != nil { state.version = try workspace.store.history(key).count + 1 }
        return state
    }

    /// The stored values of the given elements (every combo) for one unit and period.
    public func values(elements: [String], orgUnit: String, period: String) async throws -> [ValueState] {
        try await backend.read { workspace in
            var result: [ValueState] = []
            for code in elements {
                guard let element = workspace.metadata.element(code) else { continue }
                for combo in workspace.metadata.combos(of: element) {
                    result.append(
                        try Self.state(
                            of: ValueInput(
                                element: code, combo: combo.code, orgunit: orgUnit, period: period, value: nil),
                            in: workspace))
                }
            }
            return result
        }
    }

    /// A value's state and history, oldest change first.
    public func history(of input: ValueInput) async throws -> (ValueState, [HistoryEntry]) {
        try await backend.read { workspace in
            let state = try Self.state(of: input, in: workspace)
            let combo = state.combo
            guard let element = workspace.catalog.elements[input.element],
                let comboID = workspace.catalog.combos[combo],
                let unit = workspace.catalog.orgUnits[input.orgunit],
                let periodID = workspace.catalog.periods.first(where: { $0.value.identifier == input.period })?.key
            else { return (state, []) }
            return (
                state,
                try workspace.store.history(ValueKey(element: element, period: periodID, orgUnit: unit, combo: comboID))
            )
        }
    }
}

/// The JSON the API uses for values and history.
enum ValueJSON {
    static func object(_ state: ValueState) -> JSONValue {
        .object([
            ("element", .string(state.element)),
            ("combo", .string(state.combo)),
            ("orgunit", .string(state.orgunit)),
            ("period", .string(state.period)),
            ("value", .number(state.stored?.value)),
            ("stored_by", .string(state.stored?.storedBy)),
            ("created", state.stored.map { .number(Double($0.created)) } ?? .null),
            ("updated", state.stored.map { .number(Double($0.updated)) } ?? .null),
            ("version", .int(state.version)),
            ("comment", .string(state.stored?.comment)),
            ("followup", state.stored.map { .bool($0.followUp) } ?? .null),
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

    static func object(_ summary: ImportSummary) -> JSONValue {
        .object([
            ("rows", .int(summary.rows)), ("new", .int(summary.new)), ("changed", .int(summary.changed)),
            ("unchanged", .int(summary.unchanged)), ("deleted", .int(summary.deleted)),
        ])
    }
}

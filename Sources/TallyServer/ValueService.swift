internal import Foundation
internal import HTTPTypes
public import Tally
public import TallyCore
public import TallyIO
internal import TallyRender
public import TallyStore
internal import TallyText
public import TallyTransfer

/// Reading and writing data values for the API and the forms.
///
/// Every input is resolved once: ``DataValueImporter/resolve(_:source:)`` canonicalises each code (see
/// `Canonical`) and turns it into the store's ids, with an import's checks. Access (subtree, role, open period)
/// is then checked on those resolved entries, and the same entries are written, with their versions compared
/// inside the write's transaction. A row that does not resolve is refused, never skipped.
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
    /// - Throws: ``ServerError`` — 422 with every problem when a row does not resolve or is invalid; 403 for a
    ///   unit outside the subtree, a read-only user or a closed period; 409 with the current value when a version
    ///   is stale.
    public func write(
        _ inputs: [ValueInput], as identity: Identity, source: String, now: Int64
    ) async throws
        -> ImportSummary
    {
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
        guard identity.canWrite else {
            throw ServerError.forbidden(
                "access.readOnly",
                Localized(zh: "\(identity.name) 是分析员，只能查看", en: "\(identity.name) is an analyst and may only read"))
        }
        let policy = self.policy
        let backend = self.backend
        let outcome = try await backend.write(reload: { $0.1 }) { workspace -> (ImportSummary, Bool) in
            let importer = workspace.importer
            let entries: [ResolvedEntry]
            do throws(ImportError) {
                entries = try importer.resolve(inputs.map(\.entry), source: source)
            } catch {
                throw Self.refusal(error, rows: inputs.count)
            }
            let newPeriod = try Self.checkAccess(
                entries, identity: identity, policy: policy, today: Timestamp.day(now), workspace: workspace,
                backend: backend)
            do {
                let summary = try importer.write(
                    entries, into: workspace.store, source: source, user: identity.name, time: now)
                return (summary, newPeriod)
            } catch let conflict as VersionConflict {
                let row = Self.rowPrefix(inputs.count == 1 ? nil : conflict.entry.row)
                throw ServerError(
                    .conflict, "value.conflict",
                    Localized(
                        zh: "\(row.zh)\(conflict.entry.labels.zh) 在你读取之后已被别人修改；请核对当前数值后重新保存",
                        en:
                            "\(row.en)\(conflict.entry.label) was changed by someone else since you read it; check the current value and save again"
                    ),
                    details: ValueJSON.object(Self.state(conflict.entry, conflict.current)))
            } catch let error as ImportError {
                throw Self.refusal(error, rows: inputs.count)
            }
        }
        return outcome.0
    }

    /// Checks each resolved entry against the user's subtree and, for clerks, the period's opening; returns
    /// whether an entry names a period the store has no id for yet.
    static func checkAccess(
        _ entries: [ResolvedEntry], identity: Identity, policy: PeriodPolicy, today: Day, workspace: Workspace,
        backend: Backend
    ) throws -> Bool {
        let subtree = workspace.tree.subtree(identity.root)
        var overrides: [Period: [String: [PeriodOverride]]] = [:]  // period → dataset → overrides
        var newPeriod = false
        for entry in entries {
            let row = Self.rowPrefix(entries.count == 1 ? nil : entry.row)
            guard let unit = workspace.tree.index[entry.orgUnit] else {
                throw ServerError(
                    .unprocessableContent, "import.unknownOrgUnit",
                    Localized(
                        zh: "\(row.zh)“\(entry.orgUnit)”不是单位代码",
                        en: "\(row.en)'\(entry.orgUnit)' is not an org unit code"))
            }
            guard subtree.contains(unit) else {
                throw ServerError.forbidden(
                    "access.outsideSubtree",
                    Localized(
                        zh:
                            "\(row.zh)\(identity.name) 不能为 \(entry.orgUnit)（\(workspace.tree.units[unit].name)）录入：它不在 \(identity.user.orgUnit) 范围内",
                        en:
                            "\(row.en)\(identity.name) may not write for \(entry.orgUnit) (\(workspace.tree.units[unit].name)): it is outside \(identity.user.orgUnit)"
                    )
                )
            }
            let period = entry.period
            if workspace.catalog.periodIDs[period] == nil { newPeriod = true }
            guard identity.user.role == .clerk else { continue }
            if period.start > today {
                throw ServerError.forbidden(
                    "period.future",
                    Localized(
                        zh: "\(row.zh)\(period.identifier) 还没有开始；期间开始后才能录入数值",
                        en: "\(row.en)\(period.identifier) has not begun; values are entered once it has"))
            }
            if overrides[period] == nil {
                var byDataset: [String: [PeriodOverride]] = [:]
                for dataset in workspace.metadata.datasets where dataset.periodType == period.type {
                    byDataset[dataset.code] = try backend.accounts.periodOverrides(
                        dataset: dataset.code, period: period.identifier)
                }
                overrides[period] = byDataset
            }
            let open = policy.isOpen(
                element: entry.element, period: period, unit: unit, today: today, metadata: workspace.metadata,
                tree: workspace.tree, overrides: overrides[period] ?? [:])
            if !open {
                throw ServerError.forbidden(
                    "period.closed",
                    Localized(
                        zh: "\(row.zh)\(period.identifier) 已关闭录入；请联系管理员为 \(entry.orgUnit) 重新开放",
                        en:
                            "\(row.en)\(period.identifier) is closed for data entry; ask an admin to reopen it for \(entry.orgUnit)"
                    )
                )
            }
        }
        return newPeriod
    }

    /// `row 3: ` / `第3行：` before a sentence about one row of several; nothing for `nil`.
    static func rowPrefix(_ row: Int?) -> Localized<String> {
        row.map { Localized(zh: "第\($0)行：", en: "row \($0): ") } ?? .empty
    }

    /// Turns an import's problems into a 422 whose details list each row (1-based) and field.
    static func refusal(_ error: ImportError, rows: Int) -> ServerError {
        // Entries name their row; CSV-style issues (a header on line 1) their line.
        func row(_ issue: ImportIssue) -> Int? {
            if issue.fieldKind == .field { return issue.line >= 1 ? issue.line : nil }
            return issue.line >= 2 ? issue.line - 1 : nil
        }
        let problems = Localized.each { language in
            JSONValue.array(
                error.issues.map { issue -> JSONValue in
                    .object([
                        ("row", row(issue).map { .number(Double($0)) } ?? .null),
                        ("field", .string(issue.column)),
                        ("code", .string("import.\(issue.code.rawValue)")),
                        ("message", .string(issue.details(language))),
                    ])
                })
        }
        let first = error.issues.first
        let prefix = rowPrefix(rows > 1 ? first.flatMap(row) : nil)
        let field = first?.column.map { Localized(zh: "“\($0)”：", en: "'\($0)': ") } ?? .empty
        let detail = first?.details ?? Localized(zh: "数值无效", en: "invalid values")
        let more =
            error.total > 1
            ? Localized(
                zh: "（另有\(error.total - 1)个问题）；没有保存任何数值",
                en: " (and \(error.total - 1) more problems); nothing was saved")
            : Localized(zh: "；没有保存任何数值", en: "; nothing was saved")
        let message = Localized(
            zh: prefix.zh + field.zh + detail.zh + more.zh, en: prefix.en + field.en + detail.en + more.en)
        return ServerError(
            .unprocessableContent, error.errorCode, message,
            localizedDetails: problems.map { problems, _ in
                .object([("problems", problems), ("total", .int(error.total))])
            })
    }

    /// What the API shows of a resolved entry's value.
    static func state(_ entry: ResolvedEntry, _ current: VersionedValue) -> ValueState {
        ValueState(
            element: entry.element, combo: entry.combo, orgunit: entry.orgUnit, period: entry.period.identifier,
            stored: current.stored, version: current.version)
    }

    /// The canonical codes of a value named in a request (for reads: history), resolved by the same
    /// ``DataValueImporter/resolve(_:source:)`` as a write.
    ///
    /// - Throws: ``ServerError`` 422 naming the field when a code holds a refused character or names nothing.
    static func resolved(
        _ input: ValueInput, in workspace: Workspace
    ) throws -> (
        element: String, combo: String, orgUnit: String, period: Period
    ) {
        let entry = ValueEntry(
            element: input.element, combo: input.combo, orgUnit: input.orgunit, period: input.period, value: nil,
            deleted: true)
        do throws(ImportError) {
            let resolved = try workspace.importer.resolve([entry], source: "request")[0]
            return (resolved.element, resolved.combo, resolved.orgUnit, resolved.period)
        } catch {
            throw refusal(error, rows: 1)
        }
    }

    /// The stored values of the given elements (every combo) for one unit and period, each read in one snapshot.
    ///
    /// - Parameters: canonical codes (a unit from the tree, elements from the metadata).
    public func values(elements: [String], orgUnit: String, period: Period) async throws -> [ValueState] {
        try await backend.read { workspace in
            var result: [ValueState] = []
            for code in elements {
                guard let element = workspace.metadata.element(code) else { continue }
                for combo in workspace.metadata.combos(of: element) {
                    result.append(
                        try workspace.valueState(element: code, combo: combo.code, orgUnit: orgUnit, period: period))
                }
            }
            return result
        }
    }

    /// A value's state and history, oldest change first; the value is named as in a request and resolved once
    /// here, and `check` sees the resolved unit's tree index before anything is read.
    func history(
        of input: ValueInput, check: @escaping @Sendable (Int, Workspace) throws -> Void = { _, _ in }
    ) async throws -> (ValueState, [HistoryEntry]) {
        try await backend.read { workspace in
            let (element, combo, orgUnit, period) = try Self.resolved(input, in: workspace)
            try check(workspace.tree.index[orgUnit]!, workspace)
            let state = try workspace.valueState(element: element, combo: combo, orgUnit: orgUnit, period: period)
            guard let key = workspace.valueKey(element: element, combo: combo, orgUnit: orgUnit, period: period)
            else { return (state, []) }
            return (state, try workspace.store.history(key))
        }
    }
}

extension ValueInput {
    /// The entry the importer resolves.
    var entry: ValueEntry {
        ValueEntry(
            element: element, combo: combo, orgUnit: orgunit, period: period, value: value, comment: comment,
            followUp: followup == true, deleted: deleted == true, version: version, updated: updated)
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

public import TallyCore
public import TallyIO
public import TallyStore
public import TallyText
public import TallyTransfer

extension Workspace {
    /// Writes values a user entered (a form, the API), all or nothing: each entry is resolved once
    /// (`DataValueImporter.resolve`: canonical codes, the store's ids, the import's checks), the resolved entries are
    /// checked against the user — the role, the subtree, who enters each element (`entered_by`), and for clerks and
    /// analysts whether the period has begun and is still
    /// open under `policy` and the admins' overrides — and the same entries are written, each version compared with
    /// the stored one inside the write's transaction. A clerk may not write into an approved report
    /// (``ReportState/isLocked``), and a clerk's change to a submitted report takes the submission back (a
    /// `withdraw` event, recorded in the values' transaction). The user is recorded as the batch's user, `storedby` and `changed_by`.
    ///
    /// - Parameters:
    ///   - source: what the entries come from (`api`, `form monthly`), recorded with the batch and named in messages.
    ///   - time: the time of the write, seconds since 1970 (UTC); its day in the office's time zone (`time_zone`) is the
    ///     day the period rules are judged on.
    ///   - accounts: where the admins' period overrides are kept.
    ///   - confirmRules: whether the writer confirmed breaking validation rules of `medium` importance.
    /// - Throws: ``ValueError`` — an analyst, an entry that does not resolve or is invalid, a unit outside the
    ///   user's subtree, a period not begun or closed, a validation rule of `high` importance broken (or of `medium`
    ///   importance, unconfirmed) on the values as they would be after the write, a stale version; nothing is written
    ///   then. The store's errors.
    public func writeValues(
        _ entries: [ValueEntry], by user: UserAccount, source: String, time: Int64, policy: PeriodPolicy,
        accounts: any AccountStore, confirmRules: Bool = false
    ) throws -> WrittenValues {
        guard user.canWrite || hasElementsEnteredAbove else { throw ValueError.readOnly(user) }
        let importer = self.importer
        let resolved: [ResolvedEntry]
        do throws(ImportError) {
            resolved = try importer.resolve(entries, source: source)
        } catch {
            throw ValueError(invalid: error, rows: entries.count)
        }
        let book = ReportBook(workspace: self, accounts: accounts)
        let newPeriod = try checkWrite(
            resolved, by: user, today: metadata.timeZone.day(of: time), policy: policy, accounts: accounts, book: book)
        let broken = try checkRules(resolved, confirmed: confirmRules)
        do {
            let written = resolved.compactMap { entry in
                tree.index[entry.orgUnit].map { (element: entry.element, period: entry.period, unit: $0) }
            }
            let summary = try importer.write(resolved, into: store, source: source, user: user.name, time: time) {
                writer, summary in
                // A clerk's change takes the reports' submissions back in the values' transaction.
                guard user.role == .clerk, summary.new + summary.changed + summary.deleted > 0 else { return }
                _ = try book.withdraw(written, by: user.name, time: time, writer: writer)
            }
            return WrittenValues(summary: summary, newPeriod: newPeriod, brokenRules: broken)
        } catch let conflict as VersionConflict {
            let row = ValueError.rowPrefix(entries.count == 1 ? nil : conflict.entry.row)
            throw ValueError(
                .conflict(ValueState(conflict.entry, conflict.current, text: conflict.text)),
                Localized(
                    zh: "\(row.zh)\(conflict.entry.labels.zh) 在你读取之后已被别人修改；请核对当前数值后重新保存",
                    en:
                        "\(row.en)\(conflict.entry.labels.en) was changed by someone else since you read it; check the current value and save again"
                ))
        } catch let error as ImportError {
            throw ValueError(invalid: error, rows: entries.count)
        }
    }

    /// Checks each resolved entry against the user's subtree, who types its element (``writeRefusal(element:unit:user:)``)
    /// and, for clerks and analysts, the period's opening; returns whether an entry names a period the store has no
    /// id for yet.
    func checkWrite(
        _ entries: [ResolvedEntry], by user: UserAccount, today: Day, policy: PeriodPolicy,
        accounts: any AccountStore, book: ReportBook
    ) throws -> Bool {
        let subtree = tree.index[user.orgUnit].map { tree.subtree($0) }
        var overrides: [Period: [String: [PeriodOverride]]] = [:]  // period → dataset → overrides
        var newPeriod = false
        for entry in entries {
            let row = ValueError.rowPrefix(entries.count == 1 ? nil : entry.row)
            guard let unit = tree.index[entry.orgUnit] else {
                throw ValueError(
                    .unknownOrgUnit,
                    Localized(
                        zh: "\(row.zh)“\(entry.orgUnit)”不是单位代码",
                        en: "\(row.en)'\(entry.orgUnit)' is not an org unit code"))
            }
            guard subtree?.contains(unit) == true else {
                throw ValueError(
                    .outsideSubtree,
                    Localized(
                        zh:
                            "\(row.zh)\(user.name) 不能为 \(entry.orgUnit)（\(tree.units[unit].name)）录入：它不在 \(user.orgUnit) 范围内",
                        en:
                            "\(row.en)\(user.name) may not write for \(entry.orgUnit) (\(tree.units[unit].name)): it is outside \(user.orgUnit)"
                    ))
            }
            if let refusal = writeRefusal(element: entry.element, unit: unit, user: user) {
                throw ValueError(refusal.code, Localized.each { row($0) + refusal.sentence($0) })
            }
            let period = entry.period
            if catalog.periodIDs[period] == nil { newPeriod = true }
            guard user.role != .admin else { continue }
            if period.start > today {
                throw ValueError(
                    .periodNotBegun,
                    Localized(
                        zh: "\(row.zh)\(period.identifier) 还没有开始；期间开始后才能录入数值",
                        en: "\(row.en)\(period.identifier) has not begun; values are entered once it has"))
            }
            if overrides[period] == nil {
                var byDataset: [String: [PeriodOverride]] = [:]
                for dataset in metadata.datasets where dataset.periodType == period.type {
                    byDataset[dataset.code] = try accounts.periodOverrides(
                        dataset: dataset.code, period: period.identifier)
                }
                overrides[period] = byDataset
            }
            let open = policy.isOpen(
                element: entry.element, period: period, unit: unit, today: today, metadata: metadata, tree: tree,
                overrides: overrides[period] ?? [:])
            if !open {
                throw ValueError(
                    .periodClosed,
                    Localized(
                        zh: "\(row.zh)\(period.identifier) 已关闭录入；请联系管理员为 \(entry.orgUnit) 重新开放",
                        en:
                            "\(row.en)\(period.identifier) is closed for data entry; ask an admin to reopen it for \(entry.orgUnit)"
                    ))
            }
            if let locked = try book.lockRefusal(element: entry.element, period: period, unit: unit) {
                throw ValueError(.reportLocked, Localized.each { row($0) + locked($0) })
            }
        }
        return newPeriod
    }

    /// A value named as in a request (codes as typed, no value), resolved once by the same
    /// `DataValueImporter.resolve` as a write, so that an access check and the read see the resolved unit.
    ///
    /// - Throws: ``ValueError`` naming the field when a code holds a refused character or names nothing.
    public func resolveValue(
        element: String, combo: String?, orgUnit: String, period: String
    ) throws(ValueError) -> ResolvedEntry {
        let entry = ValueEntry(
            element: element, combo: combo, orgUnit: orgUnit, period: period, value: nil, deleted: true)
        do throws(ImportError) {
            return try importer.resolve([entry], source: "request")[0]
        } catch {
            throw ValueError(invalid: error, rows: 1)
        }
    }

    /// A resolved value's state (value and version read in one snapshot) and its earlier states, oldest change
    /// first, with what names it.
    public func valueHistory(_ value: ResolvedEntry) throws -> ValueHistory {
        let state = try valueState(
            element: value.element, combo: value.combo, orgUnit: value.orgUnit, period: value.period)
        let key = valueKey(element: value.element, combo: value.combo, orgUnit: value.orgUnit, period: value.period)
        let element = metadata.element(value.element)
        let isText = element?.valueType.isText == true
        return ValueHistory(
            state: state, changes: isText ? [] : try key.map { try store.history($0) } ?? [],
            textChanges: isText ? try key.map { try store.textHistory($0) } ?? [] : [], element: element,
            combo: element.flatMap { element in metadata.combos(of: element).first { $0.code == value.combo } },
            unit: tree.index[value.orgUnit])
    }

    /// The stored values of some elements (every combo of each) for one unit and period, each value and version read
    /// in one snapshot; codes the metadata does not have are left out.
    ///
    /// - Parameters: canonical codes (a unit from the tree, elements from the metadata).
    public func valueStates(elements: [String], orgUnit: String, period: Period) throws -> [ValueState] {
        var result: [ValueState] = []
        for code in elements {
            guard let element = metadata.element(code) else { continue }
            for combo in metadata.combos(of: element) {
                result.append(try valueState(element: code, combo: combo.code, orgUnit: orgUnit, period: period))
            }
        }
        return result
    }
}

extension UserAccount {
    /// Whether the user may write values: clerks and admins; analysts only read.
    public var canWrite: Bool { role != .analyst }
}

extension ValueState {
    /// The state of a resolved entry's value as a write's transaction saw it.
    public init(_ entry: ResolvedEntry, _ current: VersionedValue, text: StoredText? = nil) {
        self.init(
            element: entry.element, combo: entry.combo, orgunit: entry.orgUnit, period: entry.period.identifier,
            stored: current.stored, version: current.version, text: text)
    }
}

/// What ``Workspace/writeValues(_:by:source:time:policy:accounts:)`` did.
public struct WrittenValues: Sendable {
    /// The values written, changed, left unchanged and removed.
    public var summary: ImportSummary
    /// Whether an entry named a period the store had no id for (the workspace must be loaded again to see it).
    public var newPeriod: Bool
    /// The validation rules the values break that did not stop the write (`low` importance, or `medium` confirmed).
    public var brokenRules: [RuleBreak] = []
}

/// One value's history (``Workspace/valueHistory(_:)``).
public struct ValueHistory: Sendable {
    /// The value now, with its version.
    public var state: ValueState
    /// Its earlier states, oldest change first (a number's).
    public var changes: [HistoryEntry]
    /// Its earlier states, oldest change first (a `text` or `long_text` element's).
    public var textChanges: [TextHistoryEntry] = []
    /// The element.
    public var element: DataElement?
    /// The combo (`nil` for an element without categories).
    public var combo: CategoryOptionCombo?
    /// The org unit (tree index).
    public var unit: Int?
}

/// A value that cannot be read or written as asked: the one error of the value use cases.
public struct ValueError: SentencedError {
    /// What is wrong.
    public enum Code: Sendable {
        /// The user is an analyst and may only read.
        case readOnly
        /// An entry does not resolve or is invalid (the import's checks): the import's problems.
        case invalid(ImportError)
        /// An entry names an org unit the tree does not have.
        case unknownOrgUnit
        /// An entry's unit is outside the user's subtree.
        case outsideSubtree
        /// A clerk's entry is for a period that has not begun.
        case periodNotBegun
        /// A clerk's entry is for a period closed to data entry.
        case periodClosed
        /// The entry's element is entered at another level than the user's (`entered_by`; a `verified_by`
        /// counterpart is entered above the reporting unit).
        case enteredAbove
        /// A clerk's entry falls in a report that is approved (locked until the approval is undone).
        case reportLocked
        /// The value changed since the writer read it: the value as it is now.
        case conflict(ValueState)
        /// The values would break validation rules of `high` importance.
        case ruleRefused([RuleBreak])
        /// The values would break validation rules of `medium` importance and the writer did not confirm.
        case ruleUnconfirmed([RuleBreak])
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

    /// Entries refused by the import's checks: the first problem named by its row (when there are several
    /// entries) and field, and how many more there are.
    public init(invalid error: ImportError, rows: Int) {
        let first = error.issues.first
        let prefix = Self.rowPrefix(rows > 1 ? first.flatMap(Self.row) : nil)
        let field = first?.column.map { Localized(zh: "“\($0)”：", en: "'\($0)': ") } ?? .empty
        let detail = first?.details ?? Localized(zh: "数值无效", en: "invalid values")
        let more =
            error.total > 1
            ? Localized(
                zh: "（另有\(error.total - 1)个问题）；没有保存任何数值",
                en: " (and \(error.total - 1) more problems); nothing was saved")
            : Localized(zh: "；没有保存任何数值", en: "; nothing was saved")
        self.init(.invalid(error), Localized.each { prefix($0) + field($0) + detail($0) + more($0) })
    }

    /// `第3行：` / `row 3: ` before a sentence about one row of several; nothing for `nil`.
    static func rowPrefix(_ row: Int?) -> Localized<String> {
        row.map { Localized(zh: "第\($0)行：", en: "row \($0): ") } ?? .empty
    }

    /// The 1-based entry an import problem names: entries name their row, CSV-style issues (a header on line 1)
    /// their line.
    public static func row(_ issue: ImportIssue) -> Int? {
        if issue.fieldKind == .field { return issue.line >= 1 ? issue.line : nil }
        return issue.line >= 2 ? issue.line - 1 : nil
    }

    /// `access.readOnly`, `access.outsideSubtree`, `access.enteredAbove`, `period.future`, `period.closed`,
    /// `report.locked`, `value.conflict`, `rule.refused`, `rule.unconfirmed`, or the import's code
    /// (`import.unknownOrgUnit`, `import.notInteger`, …).
    public var errorCode: String {
        switch code {
        case .readOnly: "access.readOnly"
        case .invalid(let error): error.errorCode
        case .unknownOrgUnit: "import.unknownOrgUnit"
        case .outsideSubtree: "access.outsideSubtree"
        case .periodNotBegun: "period.future"
        case .periodClosed: "period.closed"
        case .enteredAbove: "access.enteredAbove"
        case .reportLocked: "report.locked"
        case .conflict: "value.conflict"
        case .ruleRefused: "rule.refused"
        case .ruleUnconfirmed: "rule.unconfirmed"
        }
    }
}

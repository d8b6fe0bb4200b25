public import TallyCore
public import TallyIO
public import TallyStore
public import TallyText

/// One value as a form or an API request names it: codes and texts as typed, not yet checked.
public struct ValueEntry: Sendable, Equatable {
    /// The element code.
    public var element: String
    /// The category option combo code (`nil`, empty or `default` for none).
    public var combo: String?
    /// The org-unit code.
    public var orgUnit: String
    /// The period identifier (one period, not a range).
    public var period: String
    /// The value as text; ignored when ``deleted``.
    public var value: String?
    /// A comment.
    public var comment: String?
    /// Whether to mark the value for follow-up.
    public var followUp: Bool
    /// Whether to remove the value (keeping it in history).
    public var deleted: Bool
    /// The version the writer read (0: it read no value); the write is refused when the value has another.
    public var version: Int?
    /// The `updated` time the writer read; the write is refused when the value was changed at another time.
    public var updated: Int64?

    /// An entry.
    public init(
        element: String, combo: String? = nil, orgUnit: String, period: String, value: String?,
        comment: String? = nil, followUp: Bool = false, deleted: Bool = false, version: Int? = nil,
        updated: Int64? = nil
    ) {
        self.element = element
        self.combo = combo
        self.orgUnit = orgUnit
        self.period = period
        self.value = value
        self.comment = comment
        self.followUp = followUp
        self.deleted = deleted
        self.version = version
        self.updated = updated
    }
}

/// A value resolved once: canonical codes, the store's ids and the checked number. Every check (access, period,
/// version) and the write use this, never the text the entry came with.
public struct ResolvedEntry: Sendable, Equatable {
    /// The entry's 1-based row in its request.
    public let row: Int
    /// The canonical element code.
    public let element: String
    /// The combo code ("" for none).
    public let combo: String
    /// The canonical org-unit code.
    public let orgUnit: String
    /// The period.
    public let period: Period
    /// The store's element id.
    public let elementID: Int32
    /// The store's combo id.
    public let comboID: Int32
    /// The store's org-unit id.
    public let orgUnitID: Int32
    /// The number to store; `nil` for a removal and for a text element.
    public let value: Double?
    /// Whether the element is a `text` or `long_text` element, whose values are written to the text store.
    public let isText: Bool
    /// The canonical text to store, for a text element; `nil` for a removal and for a number.
    public let text: String?
    /// The canonical comment.
    public let comment: String?
    /// Whether to mark the value for follow-up.
    public let followUp: Bool
    /// The version the writer read.
    public let version: Int?
    /// The `updated` time the writer read.
    public let updated: Int64?

    /// Whether the entry removes the value.
    public var deleted: Bool { value == nil && text == nil }

    /// `births.male for 360121100201 in 202510`, for messages.
    public var label: String { labels.en }

    /// `360121100201 在 202510 的 births.male` / `births.male for 360121100201 in 202510`, for messages.
    public var labels: Localized<String> {
        let value = "\(element)\(combo.isEmpty ? "" : ".\(combo)")"
        return Localized(
            zh: "\(orgUnit) 在 \(period.identifier) 的 \(value)", en: "\(value) for \(orgUnit) in \(period.identifier)")
    }

    /// The value's key, given the period's id in the store.
    public func key(period id: Int32) -> ValueKey {
        ValueKey(element: elementID, period: id, orgUnit: orgUnitID, combo: comboID)
    }
}

/// A write refused because the value changed since the writer read it: the entry and the value as it is now.
public struct VersionConflict: Error, Sendable, Equatable {
    /// The entry whose version is stale.
    public let entry: ResolvedEntry
    /// The value as stored now, with its version (for a text element: none, and the text's version).
    public let current: VersionedValue
    /// The text as stored now, for a text element.
    public var text: StoredText? = nil
}

extension DataValueImporter {
    /// Canonicalises and resolves entries once, with the same checks as an import's rows.
    ///
    /// - Parameter source: what the entries come from (`api`, `form`), for messages.
    /// - Throws: ``ImportError`` listing every entry that does not resolve (up to ``maxReportedIssues``), by row
    ///   and field: an entry that does not resolve is an error, never skipped.
    public func resolve(_ entries: [ValueEntry], source: String) throws(ImportError) -> [ResolvedEntry] {
        var resolved: [ResolvedEntry] = []
        resolved.reserveCapacity(entries.count)
        var issues: [ImportIssue] = []
        var total = 0
        for (i, entry) in entries.enumerated() {
            do throws(ImportIssue) {
                resolved.append(try resolve(entry, row: i + 1, source: source))
            } catch {
                total += 1
                if issues.count < Self.maxReportedIssues { issues.append(error) }
            }
        }
        if total > 0 { throw ImportError(file: source, issues: issues, total: total) }
        return resolved
    }

    private func resolve(_ entry: ValueEntry, row: Int, source: String) throws(ImportIssue) -> ResolvedEntry {
        func issue(_ code: ImportIssue.Code, _ c: Int, _ detail: Localized<String>) -> ImportIssue {
            ImportIssue(
                code, file: source, line: row, column: DataValueColumns.names[c], detail: detail, fieldKind: .field)
        }
        func canonical(_ text: String, _ c: Int, as kind: Canonical.Kind = .code) throws(ImportIssue) -> String {
            do {
                return try Canonical.canonical(text, as: kind)
            } catch {
                throw issue(.refusedCharacter, c, error.messages())
            }
        }
        let elementCode = try canonical(entry.element, 0)
        guard !elementCode.isEmpty else {
            throw issue(.missingField, 0, Localized(zh: "数据项为空", en: "the data element is empty"))
        }
        guard let info = elements[elementCode] else {
            throw issue(
                .unknownElement, 0,
                Localized(
                    zh: "“\(elementCode)”不是数据项；应为以下之一：\(metadata.elements.map(\.code).joined(separator: "、"))",
                    en:
                        "'\(elementCode)' is not a data element; expected one of: \(metadata.elements.map(\.code).joined(separator: ", "))"
                ))
        }
        let periodText = try canonical(entry.period, 1)
        let period: Period
        do {
            period = try Period(periodText)
        } catch {
            throw issue(.malformedPeriod, 1, (error as? PeriodError)?.messages ?? Localized(verbatim: "\(error)"))
        }
        guard period.count == 1 else {
            throw issue(
                .malformedPeriod, 1,
                Localized(
                    zh: "“\(periodText)”是期间范围；一个数值只属于单个期间，如 \(period.first.identifier)",
                    en:
                        "'\(periodText)' is a range of periods; a value belongs to a single period such as \(period.first.identifier)"
                ))
        }
        if !info.allows(period.type), let allowed = info.allowedTypes {
            throw issue(.periodTypeNotAllowed, 1, Self.wrongPeriodType(period, elementCode, allowed))
        }
        let unitCode = try canonical(entry.orgUnit, 2)
        guard let unitID = orgUnits[unitCode] else {
            throw issue(
                .unknownOrgUnit, 2, Localized(zh: "“\(unitCode)”不是单位代码", en: "'\(unitCode)' is not an org unit code"))
        }
        let comboText = try canonical(entry.combo ?? "", 3)
        let comboID = try resolveCombo(comboText, info) { code, _, detail in issue(code, 3, detail) }
        let combo = comboText.lowercased() == "default" ? "" : comboText
        let comment = try entry.comment.map { (text: String) throws(ImportIssue) -> String in
            try canonical(text, 8, as: .text)
        }
        var value: Double?
        var text: String?
        if !entry.deleted && info.valueType.isText {
            switch TextValue.canonical(entry.value ?? "", element: elementCode, type: info.valueType) {
            case .success(let t): text = t
            case .failure(let problem): throw issue(problem.code, 5, problem.detail)
            }
            if text?.isEmpty != false {
                throw issue(
                    .missingField, 5,
                    Localized(
                        zh: "数值为空；应为文字（或改为删除该数值）",
                        en: "the value is empty; expected a text (or remove the value instead)"))
            }
        } else if !entry.deleted {
            let text = try canonical(entry.value ?? "", 5)
            guard !text.isEmpty else {
                throw issue(
                    .missingField, 5,
                    Localized(
                        zh: "数值为空；应为数字（或改为删除该数值）",
                        en: "the value is empty; expected a number (or remove the value instead)"))
            }
            let parsed = Array(text.utf8).withUnsafeBufferPointer { bytes -> Result<Double, ValueProblem> in
                Self.checkedValue(bytes, info: info)
            }
            switch parsed {
            case .success(let v): value = v
            case .failure(let problem): throw issue(problem.code, 5, problem.detail)
            }
        }
        return ResolvedEntry(
            row: row, element: elementCode, combo: combo, orgUnit: unitCode, period: period, elementID: info.id,
            comboID: comboID, orgUnitID: unitID, value: value, isText: info.valueType.isText, text: text,
            comment: comment?.isEmpty == true ? nil : comment,
            followUp: entry.followUp, version: entry.version, updated: entry.updated)
    }

    /// Writes resolved entries in one transaction, as `user`, after checking every version inside it.
    ///
    /// Each entry that carries a ``ResolvedEntry/version`` or ``ResolvedEntry/updated`` is compared with the value
    /// as the transaction sees it before anything is written, so no other writer (another request, a `tally import`
    /// in another process) can change the value between the check and the write.
    ///
    /// `then` runs inside the same transaction once the values are written, given its writer and the summary: what
    /// it writes (a report's event) commits with the values, and when it throws nothing is written.
    ///
    /// - Throws: ``VersionConflict`` for the first stale entry; ``ImportError`` when a value is given twice; what
    ///   `then` throws; the store's errors. Nothing is written then.
    public func write(
        _ entries: [ResolvedEntry], into store: any Store, source: String, user: String, time: Int64,
        then: ((_ writer: any ValueWriter, _ summary: ImportSummary) throws -> Void)? = nil
    ) throws -> ImportSummary {
        var summary = ImportSummary(file: source)
        summary.rows = entries.count
        try store.write(WriteBatch(source: source, user: user, time: time), commit: true) { writer in
            var keys: [ValueKey] = []
            keys.reserveCapacity(entries.count)
            for entry in entries {
                let key = entry.key(period: try writer.periodID(entry.period))
                keys.append(key)
                guard entry.version != nil || entry.updated != nil else { continue }
                let current: VersionedValue
                var text: StoredText?
                if entry.isText {
                    let versioned = try writer.currentText(key)
                    (current, text) = (VersionedValue(stored: nil, version: versioned.version), versioned.stored)
                } else {
                    current = try writer.current(key)
                }
                let stale =
                    (entry.version.map { $0 != current.version } ?? false)
                    || (entry.updated.map { $0 != (current.stored?.updated ?? text?.updated) } ?? false)
                if stale { throw VersionConflict(entry: entry, current: current, text: text) }
            }
            for (entry, key) in zip(entries, keys) {
                let counted: Bool
                if entry.isText {
                    let outcome =
                        try entry.text.map {
                            try writer.writeText(
                                TextWrite(key: key, text: $0, comment: entry.comment, followUp: entry.followUp),
                                strategy: .createAndUpdate)
                        } ?? writer.deleteText(key, by: nil, at: nil)
                    counted = summary.count(outcome)
                    if counted { summary.texts += 1 }
                } else if let value = entry.value {
                    counted = summary.count(
                        try writer.upsert(
                            ValueWrite(key: key, value: value, comment: entry.comment, followUp: entry.followUp)))
                } else {
                    counted = summary.count(try writer.delete(key, by: nil, at: nil))
                }
                if !counted {
                    throw ImportError(
                        file: source,
                        issues: [
                            ImportIssue(
                                .duplicate, file: source, line: entry.row, column: nil,
                                detail: Localized(
                                    zh: "\(entry.labels.zh) 给了不止一次；每个数值只给一次",
                                    en: "\(entry.label) is given more than once; give each value once"),
                                fieldKind: .field)
                        ], total: 1)
                }
            }
            try then?(writer, summary)
        }
        return summary
    }
}

/// Why a value's text is not a value its element can hold.
struct ValueProblem: Error {
    let code: ImportIssue.Code
    let detail: Localized<String>
}

extension DataValueImporter {
    /// Reads a value field with the rules of every import: a plain or full-width number, finite, whole for counts,
    /// exact for counts, not negative for elements that may not be.
    static func checkedValue(_ bytes: UnsafeBufferPointer<UInt8>, info: ElementInfo) -> Result<Double, ValueProblem> {
        let value: Double
        if let v = number(bytes) {
            value = v
        } else if info.valueType == .boolean || info.valueType == .trueOnly, let yes = truth(bytes) {
            value = yes ? 1 : 0
        } else {
            switch unusualNumber(bytes) {
            case .value(let v): value = v
            case .problem(let detail):
                return .failure(
                    ValueProblem(
                        code: .notNumeric,
                        detail: Localized(zh: "“\(text(bytes))”\(detail.zh)", en: "'\(text(bytes))' \(detail.en)")))
            }
        }
        if info.isInteger && abs(value) > largestExactInteger {
            return .failure(
                ValueProblem(
                    code: .notNumeric,
                    detail: Localized(
                        zh: "“\(text(bytes))”作为计数太大；整数只能精确保存到 9,007,199,254,740,992",
                        en:
                            "'\(text(bytes))' is too large for a count; whole numbers are stored exactly only up to 9,007,199,254,740,992"
                    )))
        }
        if info.isInteger && value != value.rounded() {
            return .failure(
                ValueProblem(
                    code: .notInteger,
                    detail: Localized(
                        zh: "“\(text(bytes))”带有小数，但“\(info.code)”只能是整数",
                        en: "'\(text(bytes))' has decimals, but '\(info.code)' holds whole numbers")))
        }
        if let range = info.valueType.range {
            guard range.contains(value) else {
                return .failure(
                    ValueProblem(code: .outOfRange, detail: outOfRange(text(bytes), info: info)))
            }
        } else if value < 0 && !info.allowNegative {
            return .failure(
                ValueProblem(
                    code: .negative,
                    detail: Localized(
                        zh: "“\(text(bytes))”是负数，但“\(info.code)”是计数，不能小于0",
                        en: "'\(text(bytes))' is negative, but '\(info.code)' is a count and cannot be below 0")))
        }
        return .success(value)
    }

    /// `true` or `false` in any case (DHIS2's boolean values), else nil.
    static func truth(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch text(bytes).lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// Why a value lies outside its element's type's range, naming the range.
    static func outOfRange(_ text: String, info: ElementInfo) -> Localized<String> {
        let code = info.code
        let (zh, en): (String, String) =
            switch info.valueType {
            case .zeroOrPositive: ("只能是0或正整数", "holds whole numbers of 0 or more")
            case .positive: ("只能是正整数（不能为0）", "holds whole numbers above 0")
            case .negative: ("只能是负整数", "holds whole numbers below 0")
            case .percentage: ("是百分比，应在0到100之间", "is a percentage, from 0 to 100")
            case .unitInterval: ("应在0到1之间", "holds numbers from 0 to 1")
            case .boolean: ("只能是“是”（true 或 1）或“否”（false 或 0）", "holds yes (true or 1) or no (false or 0)")
            case .trueOnly:
                ("只能是“是”（true 或 1）；“否”不填这一行", "holds only yes (true or 1); for no, leave the row out")
            case .integer, .number, .text, .longText: ("超出范围", "is out of range")
            }
        return Localized(zh: "“\(text)”不可用：“\(code)”\(zh)", en: "'\(text)' is not allowed: '\(code)' \(en)")
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self).trimmed
    }
}

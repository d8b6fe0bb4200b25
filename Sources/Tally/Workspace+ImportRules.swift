public import TallyCore
internal import TallyIO
internal import TallyStore
public import TallyText
internal import TallyTransfer

/// A validation rule an import would break: the rule's break on one unit and period, with the file's rows that give
/// the values it names.
public struct ImportRuleBreak: Sendable, Equatable {
    /// The rule that would not hold, on the values as they would be after the import.
    public var ruleBreak: RuleBreak
    /// The lines (or sheet rows) of the file's values of the rule's elements for that unit and period, ascending.
    public var lines: [Int]
    /// The unit's name.
    public var unitName: String

    /// `甲一村（A1）202601：校验规则“访视不超过100”不成立：左边 120，应 <= 右边 100（第3行）` / `甲一村 (A1) 202601: rule
    /// 'Visits at most 100' does not hold: left side 120 should be <= right side 100 (line 3)`.
    public var sentence: Localized<String> {
        let rows = lines.prefix(20).map(String.init)
        let more = lines.count > 20 ? Localized(zh: "等", en: ", …") : .empty
        let unit = ruleBreak.orgUnit
        let period = ruleBreak.period.identifier
        return Localized.each { language in
            let where_ = Localized(zh: "\(unitName)（\(unit)）\(period)：", en: "\(unitName) (\(unit)) \(period): ")
            let lines = Localized(
                zh: "（第\(rows.joined(separator: "、"))\(more.zh)行）",
                en: " (line\(rows.count == 1 ? "" : "s") \(rows.joined(separator: ", "))\(more.en))")
            return where_(language) + ruleBreak.sentence(language) + lines(language)
        }
    }
}

extension Workspace {
    /// The store ids of the elements the validation rules name: the values an import records for
    /// ``importRuleBreaks(_:file:sheet:)``.
    var ruleElementIDs: Set<Int32> {
        Set(
            metadata.validationRules.flatMap { ($0.left.references + $0.right.references).map(\.element) }
                .compactMap { catalog.elements[$0] })
    }

    /// The validation rules the values an import staged would break, checked as the entry form checks them
    /// (``ruleBreaks(elements:orgUnit:period:entries:)``) on the values as they would be after the import: for
    /// each unit and period of the file, the stored values of the rules' elements with the file's over them (a
    /// removal taken away), and only the rules that name an element the file gives there. The stored values are
    /// read in one pass per element over the file's periods. In the file's order of places.
    func importRuleBreaks(_ record: StagedValueRecord) throws -> [ImportRuleBreak] {
        guard !record.isEmpty else { return [] }
        struct Place: Hashable {
            var unit: Int32
            var period: Period
        }
        let elementCodes = Dictionary(catalog.elements.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let comboCodes = Dictionary(catalog.combos.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let unitCodes = Dictionary(catalog.orgUnits.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var values: [Place: [String: [String: Double]]] = [:]
        var given: [Place: [String: [(combo: String, line: Int)]]] = [:]  // place → element → the file's values
        var firstLine: [Place: Int] = [:]
        record.forEachLatest { key, value in
            guard let element = elementCodes[key.element], let combo = comboCodes[key.combo] else { return }
            let place = Place(unit: key.orgUnit, period: value.period)
            given[place, default: [:]][element, default: []].append((combo, value.line))
            firstLine[place] = min(firstLine[place] ?? .max, value.line)
        }
        // The stored values of every rule element in the file's places, then the file's over them.
        let periods = Set(given.keys.map(\.period))
        let periodIDs = periods.compactMap { catalog.periodIDs[$0] }.sorted()
        if !periodIDs.isEmpty {
            for element in ruleElementIDs.sorted() {
                guard let code = elementCodes[element] else { continue }
                for (key, stored) in try store.storedValues(element: element, periods: periodIDs) {
                    guard let period = catalog.periods[key.period] else { continue }
                    let place = Place(unit: key.orgUnit, period: period)
                    guard given[place] != nil, let combo = comboCodes[key.combo] else { continue }
                    values[place, default: [:]][code, default: [:]][combo] = stored.value
                }
            }
        }
        record.forEachLatest { key, value in
            guard let element = elementCodes[key.element], let combo = comboCodes[key.combo] else { return }
            values[Place(unit: key.orgUnit, period: value.period), default: [:]][element, default: [:]][combo] =
                value.value
        }
        let optionsOfCombo = self.optionsOfCombo
        var breaks: [ImportRuleBreak] = []
        for place in given.keys.sorted(by: { (firstLine[$0] ?? 0) < (firstLine[$1] ?? 0) }) {
            guard let code = unitCodes[place.unit], let unit = tree.index[code], let lines = given[place] else {
                continue
            }
            let rules = self.rules(naming: Set(lines.keys), unit: unit, period: place.period)
            guard !rules.isEmpty else { continue }
            for broken in ruleBreaks(rules, values: values[place] ?? [:], orgUnit: code, period: place.period) {
                // The file's values a reference of the rule selects (its options among the value's combo's).
                let references = broken.rule.left.references + broken.rule.right.references
                let involved = Set(
                    references.flatMap { reference in
                        (lines[reference.element] ?? []).filter { value in
                            reference.options.allSatisfy { optionsOfCombo[value.combo]?.contains($0) == true }
                        }.map(\.line)
                    }
                ).sorted()
                breaks.append(ImportRuleBreak(ruleBreak: broken, lines: involved, unitName: tree.units[unit].name))
            }
        }
        return breaks
    }

    /// The problems of an import by the rules it breaks: one per break of a rule of `high` importance, at its first
    /// row (`sheet`'s for a workbook); nil when none is of `high` importance.
    func ruleRefusal(_ breaks: [ImportRuleBreak], file: String, sheet: String?) -> ImportError? {
        let refusing = breaks.filter { $0.ruleBreak.rule.importance == .high }
        guard !refusing.isEmpty else { return nil }
        let issues = refusing.prefix(DataValueImporter.maxReportedIssues).map { broken in
            var issue = ImportIssue(
                .ruleBroken, file: file, line: broken.lines.first ?? 0, column: nil,
                detail: Localized.each { language in
                    Localized(zh: "违反重要校验规则，不能导入：", en: "breaks a validation rule of high importance: ")(language)
                        + broken.sentence(language)
                })
            issue.sheet = sheet
            return issue
        }
        return ImportError(file: file, issues: Array(issues), total: refusing.count)
    }
}

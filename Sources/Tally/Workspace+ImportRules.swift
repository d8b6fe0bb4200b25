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
    /// read in one pass per element over the file's periods; the places are then checked one after another, the
    /// file's values and the stored ones both in the order of period and unit, so only one place's values are held
    /// as text at a time. In the file's order of places.
    func importRuleBreaks(_ record: StagedValueRecord) throws -> [ImportRuleBreak] {
        guard !record.isEmpty else { return [] }
        /// A unit in a period, by store ids, ordered as ``StagedValueRecord/latest()`` orders the file's values.
        struct Place: Hashable, Comparable {
            var period: Int32
            var unit: Int32
            static func < (a: Place, b: Place) -> Bool { (a.period, a.unit) < (b.period, b.unit) }
        }
        let staged = record.latest()
        let elementCodes = Dictionary(catalog.elements.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let comboCodes = Dictionary(catalog.combos.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let unitCodes = Dictionary(catalog.orgUnits.map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a })
        let places = Set(staged.lazy.map { Place(period: $0.key.period, unit: $0.key.orgUnit) })
        // The stored values of every rule element at the file's places (only its units' part of each block or
        // table), in the same order.
        var stored: [(place: Place, element: Int32, combo: Int32, value: Double)] = []
        let periodIDs = Set(places.lazy.map(\.period)).sorted()
        let units = UnitRanges(ids: places.map(\.unit))
        for element in ruleElementIDs.sorted() {
            for (key, value) in try store.storedValues(element: element, periods: periodIDs, units: units) {
                let place = Place(period: key.period, unit: key.orgUnit)
                if places.contains(place) { stored.append((place, key.element, key.combo, value.value)) }
            }
        }
        stored.sort { $0.place < $1.place }
        let optionsOfCombo = self.optionsOfCombo
        var breaks: [(firstLine: Int, ruleBreak: ImportRuleBreak)] = []
        var next = 0  // the first stored value not yet read
        var values = staged.makeIterator()
        var pending = values.next()
        while let first = pending {
            let place = Place(period: first.key.period, unit: first.key.orgUnit)
            var entries: [String: [String: Double]] = [:]
            while next < stored.count, stored[next].place < place { next += 1 }
            while next < stored.count, stored[next].place == place {
                let value = stored[next]
                next += 1
                guard let element = elementCodes[value.element], let combo = comboCodes[value.combo] else { continue }
                entries[element, default: [:]][combo] = value.value
            }
            // The file's values at the place, over the stored ones.
            var lines: [String: [(combo: String, line: Int)]] = [:]
            var firstLine = Int.max
            while let item = pending, item.key.period == place.period, item.key.orgUnit == place.unit {
                pending = values.next()
                guard let element = elementCodes[item.key.element], let combo = comboCodes[item.key.combo] else {
                    continue
                }
                lines[element, default: []].append((combo, item.value.line))
                firstLine = min(firstLine, item.value.line)
                entries[element, default: [:]][combo] = item.value.value
            }
            guard !lines.isEmpty, let code = unitCodes[place.unit], let unit = tree.index[code] else { continue }
            let period = first.value.period
            let rules = self.rules(naming: Set(lines.keys), unit: unit, period: period)
            guard !rules.isEmpty else { continue }
            for broken in ruleBreaks(
                rules, values: entries, orgUnit: code, period: period, optionsOfCombo: optionsOfCombo)
            {
                // The file's values a reference of the rule selects (its options among the value's combo's).
                let references = broken.rule.left.references + broken.rule.right.references
                let involved = Set(
                    references.flatMap { reference in
                        (lines[reference.element] ?? []).filter { value in
                            reference.options.allSatisfy { optionsOfCombo[value.combo]?.contains($0) == true }
                        }.map(\.line)
                    }
                ).sorted()
                breaks.append(
                    (firstLine, ImportRuleBreak(ruleBreak: broken, lines: involved, unitName: tree.units[unit].name)))
            }
        }
        // In the file's order of places; a place's breaks in the order they were found.
        return breaks.enumerated().sorted { ($0.element.firstLine, $0.offset) < ($1.element.firstLine, $1.offset) }
            .map(\.element.ruleBreak)
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

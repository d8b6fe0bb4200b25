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
            metadata.validationRules.flatMap { $0.sideReferences.map(\.element) }
                .compactMap { catalog.elements[$0] })
    }

    /// The validation rules the values an import staged would break, checked as the entry form checks them
    /// (``ruleBreaks(elements:orgUnit:period:entries:)``) on the values as they would be after the import: for
    /// each unit and period of the file, the stored values of the rules' elements with the file's over them (a
    /// removal taken away), and only the rules that name an element the file gives there. The stored values are
    /// read in one pass per element over the file's periods; the places are then checked one after another, the
    /// file's values and the stored ones both in the order of period, unit, element and combo, so each place's values
    /// are merged without a lookup. The rules are compiled once (``CompiledRules``): a place is checked on store
    /// ids, and texts are made only for a rule that breaks. In the file's order of places.
    func importRuleBreaks(_ record: StagedValueRecord) throws -> [ImportRuleBreak] {
        guard !record.isEmpty else { return [] }
        /// A unit in a period, by store ids, ordered as ``StagedValueRecord/latest()`` orders the file's values.
        struct Place: Hashable, Comparable {
            var period: Int32
            var unit: Int32
            static func < (a: Place, b: Place) -> Bool { (a.period, a.unit) < (b.period, b.unit) }
        }
        /// Whether a place is among `places` (ascending, each once), for places asked mostly in ascending order
        /// within a period (as a store gives an element's values: by period, combo and unit): a step forward from
        /// the last answer, a binary search only when a place comes before it.
        struct PlaceCursor {
            let places: [Place]
            var position = 0

            init(_ places: [Place]) { self.places = places }

            mutating func contains(_ place: Place) -> Bool {
                if position > 0, place < places[position - 1] {
                    var (low, high) = (0, position - 1)
                    while low < high {
                        let middle = (low + high) / 2
                        if places[middle] < place { low = middle + 1 } else { high = middle }
                    }
                    position = low
                }
                while position < places.count, places[position] < place { position += 1 }
                return position < places.count && places[position] == place
            }
        }
        let staged = record.latest()
        // The file's places, each once, in order; its periods and units.
        var places: [Place] = []
        for n in 0..<staged.count {
            let key = staged.key(n)
            let place = Place(period: key.period, unit: key.orgUnit)
            if places.last != place { places.append(place) }
        }
        let periodIDs = Set(places.lazy.map(\.period)).sorted()
        // A file with values for a quarter of the units or more in its periods on average reads whole blocks;
        // a smaller one only its units' part of each block or table.
        let units = places.count * 4 >= tree.count * periodIDs.count ? nil : UnitRanges(ids: places.map(\.unit))
        // The stored values of every rule element at the file's places, in the file's order: by place, element and
        // combo.
        var stored: [(place: Place, element: Int32, combo: Int32, value: Double)] = []
        for element in ruleElementIDs.sorted() {
            let columns = try store.values(element: element, periods: periodIDs, units: units)
            var within = PlaceCursor(places)
            for i in 0..<columns.count {
                let place = Place(period: columns.period[i], unit: columns.orgUnit[i])
                if within.contains(place) { stored.append((place, element, columns.combo[i], columns.value[i])) }
            }
        }
        stored.sort { ($0.place, $0.element, $0.combo) < ($1.place, $1.element, $1.combo) }
        let compiled = CompiledRules(self)
        // The tree's unit of each store id.
        let ids = catalog.orgUnits.ids(of: tree)
        var unitOfID: [Int32: Int] = [:]
        unitOfID.reserveCapacity(ids.count)
        for (unit, id) in ids.enumerated() where id >= 0 { unitOfID[id] = unit }
        var breaks: [(firstLine: Int, ruleBreak: ImportRuleBreak)] = []
        var next = 0  // the first stored value not yet read
        var n = 0  // the file's first value not yet read
        // One place's values as they would be after the import, by element and combo; the file's values there.
        var merged: [CompiledRules.Value] = []
        var given: [(element: Int32, combo: Int32, line: Int)] = []
        var totals: [Double?] = []
        while n < staged.count {
            let first = staged.key(n)
            let place = Place(period: first.period, unit: first.orgUnit)
            let period = staged.period(n)
            merged.removeAll(keepingCapacity: true)
            given.removeAll(keepingCapacity: true)
            while next < stored.count, stored[next].place < place { next += 1 }
            var firstLine = Int.max
            while n < staged.count, case let key = staged.key(n), key.period == place.period,
                key.orgUnit == place.unit
            {
                // The stored values before this one, then this one over a stored value of its key.
                while next < stored.count, stored[next].place == place,
                    (stored[next].element, stored[next].combo) < (key.element, key.combo)
                {
                    merged.append(
                        .init(element: stored[next].element, combo: stored[next].combo, value: stored[next].value))
                    next += 1
                }
                if next < stored.count, stored[next].place == place, stored[next].element == key.element,
                    stored[next].combo == key.combo
                {
                    next += 1
                }
                if let value = staged.value(n) {
                    merged.append(.init(element: key.element, combo: key.combo, value: value))
                }
                let line = staged.line(n)
                given.append((key.element, key.combo, line))
                firstLine = min(firstLine, line)
                n += 1
            }
            while next < stored.count, stored[next].place == place {
                merged.append(
                    .init(element: stored[next].element, combo: stored[next].combo, value: stored[next].value))
                next += 1
            }
            guard let unit = unitOfID[place.unit] else { continue }
            let level = tree.level[unit]
            for rule in compiled.rules
            where rule.applies(periodType: period.type, level: level)
                && rule.elements.contains(where: { element in given.contains { $0.element == element } })
            {
                guard let (left, right) = rule.breaks(merged, totals: &totals) else { continue }
                // The file's values a reference of the rule selects.
                let involved = Set(
                    rule.references.indices.flatMap { i in
                        given.filter { rule.selects(i, element: $0.element, combo: $0.combo) }.map(\.line)
                    }
                ).sorted()
                let broken = RuleBreak(
                    rule: rule.rule, orgUnit: tree.units[unit].code, period: period, left: left, right: right,
                    elements: rule.rule.namedElements)
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

/// The validation rules compiled once for the check of many places (``Workspace/importRuleBreaks(_:)``): each
/// rule's references by store id with the combos each selects, so a place's values are summed and compared without a
/// text hashed or compared. The sums and the missing-value strategies are those of
/// ``Workspace/ruleBreaks(_:values:orgUnit:period:)``, which the entry form uses: both decide with
/// ``ValidationRule/sidesIfBroken(_:totals:)``.
struct CompiledRules {
    /// A value at one place, by store ids.
    struct Value {
        var element: Int32
        var combo: Int32
        var value: Double
    }

    /// One rule (a class: the check of each place reads it without copying its arrays).
    final class Rule {
        /// The rule.
        let rule: ValidationRule
        /// Its ``ValidationRule/sideReferences``.
        let references: [ElementReference]
        /// Each reference's element id; nil for an element the store does not know (it has no value).
        let elementIDs: [Int32?]
        /// The combos each reference selects (those with every option it names); nil where it names none: every
        /// combo.
        let combos: [Set<Int32>?]
        /// The ids of the elements it names.
        let elements: [Int32]

        /// `rule` by the ids of `catalog`, its references' options looked up in `optionsOfCombo` (by combo code).
        init(_ rule: ValidationRule, catalog: StoreCatalog, optionsOfCombo: [String: Set<String>]) {
            self.rule = rule
            references = rule.sideReferences
            combos = references.map { reference -> Set<Int32>? in
                guard !reference.options.isEmpty else { return nil }
                return Set(
                    catalog.combos.compactMap { code, id in
                        reference.options.allSatisfy { optionsOfCombo[code]?.contains($0) == true } ? id : nil
                    })
            }
            elementIDs = references.map { catalog.elements[$0.element] }
            elements = Array(Set(elementIDs.compactMap { $0 }))
        }

        /// Whether the rule is checked for a unit of `level` in a period of `periodType`.
        func applies(periodType: PeriodType, level: Int) -> Bool {
            (rule.periodType.map { $0 == periodType } ?? true) && (rule.level.map { $0 == level } ?? true)
        }

        /// Whether reference `i` selects a value of `element` in `combo`.
        func selects(_ i: Int, element: Int32, combo: Int32) -> Bool {
            elementIDs[i] == element && (combos[i]?.contains(combo) ?? true)
        }

        /// The rule's two sides when it does not hold on `values` (one place's, after the import), nil when it holds
        /// or its missing-value strategy skips it. A reference with no value selected is missing; in the sides it
        /// counts as 0. `totals` is room for the references' sums, kept from one call to the next.
        func breaks(_ values: [Value], totals: inout [Double?]) -> (left: Double, right: Double)? {
            totals.removeAll(keepingCapacity: true)
            for i in references.indices {
                var total: Double? = nil
                for value in values where selects(i, element: value.element, combo: value.combo) {
                    total = (total ?? 0) + value.value
                }
                totals.append(total)
            }
            return rule.sidesIfBroken(references, totals: totals)
        }
    }

    /// The metadata's rules, in its order.
    var rules: [Rule]

    /// The rules of `workspace`'s metadata, by its store's ids.
    init(_ workspace: Workspace) {
        let optionsOfCombo = workspace.optionsOfCombo
        rules = workspace.metadata.validationRules.map {
            Rule($0, catalog: workspace.catalog, optionsOfCombo: optionsOfCombo)
        }
    }
}

public import TallyCore
internal import TallyStore
public import TallyText
public import TallyTransfer

extension Workspace {
    /// The validation rules that do not hold for one unit and period on its stored values with `entries` applied
    /// over them (a value written, a removal taken away): the rules that name one of `elements`, checked where the
    /// unit is of the rule's level (when it names one) and the period of the rule's type (when it names one), with
    /// the rule's missing-value strategy. The unit's own values are used, element by element summed over the combos
    /// a reference selects.
    ///
    /// - Parameters:
    ///   - elements: canonical element codes; a rule that names none of them is not checked.
    ///   - orgUnit: a canonical unit code from the tree.
    ///   - entries: resolved entries for this unit and period (others are ignored).
    public func ruleBreaks(
        elements: Set<String>, orgUnit: String, period: Period, entries: [ResolvedEntry] = []
    ) throws -> [RuleBreak] {
        guard let unit = tree.index[orgUnit] else { return [] }
        let rules = self.rules(naming: elements, unit: unit, period: period)
        guard !rules.isEmpty else { return [] }
        // element → combo → value, as after the entries.
        var values: [String: [String: Double]] = [:]
        let named = Set(rules.flatMap { $0.sideReferences.map(\.element) })
        for state in try valueStates(elements: named.sorted(), orgUnit: orgUnit, period: period) {
            if let stored = state.stored { values[state.element, default: [:]][state.combo] = stored.value }
        }
        for entry in entries where entry.orgUnit == orgUnit && entry.period == period {
            values[entry.element, default: [:]][entry.combo] = entry.value
        }
        return ruleBreaks(rules, values: values, orgUnit: orgUnit, period: period)
    }

    /// The validation rules checked for `unit` in `period` that name one of `elements`: of the unit's level and the
    /// period's type when they name one.
    func rules(naming elements: Set<String>, unit: Int, period: Period) -> [ValidationRule] {
        metadata.validationRules.filter { rule in
            (rule.periodType.map { $0 == period.type } ?? true) && (rule.level.map { $0 == tree.level[unit] } ?? true)
                && rule.sideReferences.contains { elements.contains($0.element) }
        }
    }

    /// The options of each category option combo, by the combo's code: what a reference's options select.
    var optionsOfCombo: [String: Set<String>] {
        Dictionary(
            metadata.elements.flatMap { metadata.combos(of: $0) }.map { ($0.code, Set($0.options)) },
            uniquingKeysWith: { a, _ in a })
    }

    /// The `rules` that do not hold on one unit's values of one period (element → combo → value), with each rule's
    /// missing-value strategy; a reference sums the combos it selects.
    func ruleBreaks(
        _ rules: [ValidationRule], values: [String: [String: Double]], orgUnit: String, period: Period
    ) -> [RuleBreak] {
        let optionsOfCombo = self.optionsOfCombo
        func total(_ reference: ElementReference) -> Double? {
            let selected = (values[reference.element] ?? [:]).filter { combo, _ in
                reference.options.allSatisfy { optionsOfCombo[combo]?.contains($0) == true }
            }
            return selected.isEmpty ? nil : selected.values.reduce(0, +)
        }
        return rules.compactMap { rule in
            let references = rule.sideReferences
            guard let (left, right) = rule.sidesIfBroken(references, totals: references.map(total)) else { return nil }
            return RuleBreak(
                rule: rule, orgUnit: orgUnit, period: period, left: left, right: right, elements: rule.namedElements)
        }
    }

    /// The rules a write breaks, for each unit and period the entries name (``ruleBreaks(elements:orgUnit:period:entries:)``
    /// with the elements written there).
    func ruleBreaks(after entries: [ResolvedEntry]) throws -> [RuleBreak] {
        struct Place: Hashable {
            var orgUnit: String
            var period: Period
        }
        var order: [Place] = []
        var written: [Place: Set<String>] = [:]
        for entry in entries {
            let place = Place(orgUnit: entry.orgUnit, period: entry.period)
            if written[place] == nil { order.append(place) }
            written[place, default: []].insert(entry.element)
        }
        return try order.flatMap { place in
            try ruleBreaks(
                elements: written[place] ?? [], orgUnit: place.orgUnit, period: place.period, entries: entries)
        }
    }

    /// Refuses a write by the rules it breaks: a rule of `high` importance always, one of `medium` importance unless
    /// `confirmed`; returns the broken rules the write goes ahead with.
    func checkRules(_ entries: [ResolvedEntry], confirmed: Bool) throws -> [RuleBreak] {
        let breaks = try ruleBreaks(after: entries)
        let refusing = breaks.filter { $0.rule.importance == .high }
        if !refusing.isEmpty {
            throw ValueError(
                .ruleRefused(refusing),
                RuleBreak.list(
                    refusing,
                    lead: Localized(
                        zh: "违反校验规则，没有保存任何数值：", en: "the values break validation rules; nothing was saved: ")))
        }
        let unconfirmed = breaks.filter { $0.rule.importance == .medium }
        if !unconfirmed.isEmpty && !confirmed {
            throw ValueError(
                .ruleUnconfirmed(unconfirmed),
                RuleBreak.list(
                    unconfirmed,
                    lead: Localized(
                        zh: "数值违反校验规则；请核对，确认无误后勾选确认再保存：",
                        en: "the values break validation rules; check them and confirm to save: ")))
        }
        return breaks
    }
}

/// A validation rule that does not hold for one unit and period (``Workspace/ruleBreaks(elements:orgUnit:period:entries:)``).
public struct RuleBreak: Sendable, Equatable {
    /// The rule.
    public var rule: ValidationRule
    /// The unit's canonical code.
    public var orgUnit: String
    /// The period.
    public var period: Period
    /// The left side's value.
    public var left: Double
    /// The right side's value.
    public var right: Double
    /// The elements the rule names, each once, in the rule's order.
    public var elements: [String]

    /// `校验规则“出生数合计”不成立：左边 12，应 == 右边 10` / `rule 'Births add up' does not hold: left side 12 should be ==
    /// right side 10`.
    public var sentence: Localized<String> {
        let left = NumberText.exact(self.left)
        let right = NumberText.exact(self.right)
        let op = rule.op.rawValue
        return Localized(
            zh: "校验规则“\(rule.name.text(.zh))”不成立：左边 \(left)，应 \(op) 右边 \(right)",
            en: "rule '\(rule.name.text(.en))' does not hold: left side \(left) should be \(op) right side \(right)")
    }

    /// A sentence that lists `breaks` after a lead.
    static func list(_ breaks: [RuleBreak], lead: Localized<String>) -> Localized<String> {
        let separator = Localized(zh: "；", en: "; ")
        return Localized.each { language in
            lead(language) + breaks.map { $0.sentence(language) }.joined(separator: separator(language))
        }
    }
}

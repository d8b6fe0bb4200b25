public import TallyAudit
public import TallyCore
public import TallyStore
public import TallyText

extension Workspace {
    /// What the entry form of a dataset for one org unit and period shows: a cell per element and combo with its
    /// stored value and version, last period's and last year's values, and what the audit's outlier rule makes of a
    /// typed value (`OutlierCheck.Rule`, against the same reference the audit would use); the validation rules the
    /// stored values break; and whether the user may write the period.
    ///
    /// - Parameters:
    ///   - dataset: the dataset's code.
    ///   - orgUnit: the unit (tree index).
    ///   - period: a period of the dataset's type.
    ///   - user: the user; analysts may not write, clerks only while the period is open under `policy` and the
    ///     admins' overrides (kept in `accounts`), admins always.
    ///   - today: the day the period's opening is judged on.
    ///   - partner: for a dataset with attribute categories, the attribute option combo (`pa`) whose form to show,
    ///     as DHIS2 asks for the attribute options first: its cells are the elements' category option combos with
    ///     it; `nil` shows no cells, only ``EntrySheet/partners`` to choose from. Ignored for a dataset without them.
    /// - Throws: ``EntrySheetError`` for an unknown dataset, a period of another type, a unit that does not report
    ///   the dataset (``TallyCore/DataSet/reports(unit:in:)``) or a partner that is not one of the dataset's
    ///   attribute option combos; the store's errors.
    public func entrySheet(
        dataset code: String, orgUnit: Int, period: Period, user: UserAccount, today: Day, policy: PeriodPolicy,
        accounts: any AccountStore, partner: String? = nil
    ) throws -> EntrySheet {
        guard let dataset = metadata.datasets.first(where: { $0.code == code }) else {
            throw EntrySheetError(.unknownDataset, notADataset(code))
        }
        guard period.type == dataset.periodType else {
            throw EntrySheetError(
                .otherPeriodType,
                Localized(
                    zh:
                        "“\(period.identifier)”是\(period.type.names.zh)期间，但 \(dataset.code) 按\(dataset.periodType.names.zh)报送",
                    en:
                        "'\(period.identifier)' is a \(period.type.rawValue) period, but \(dataset.code) is reported \(dataset.periodType.rawValue)"
                ))
        }
        guard dataset.reports(unit: orgUnit, in: tree) else {
            let unit = tree.units[orgUnit]
            throw EntrySheetError(
                .notReporting,
                Localized(
                    zh: "\(unit.name(.zh))（\(unit.code)）不报送\(dataset.code)；请打开报送它的单位的表单",
                    en:
                        "\(unit.name(.en)) (\(unit.code)) does not report \(dataset.code); open the form of a unit that reports it"
                ))
        }
        let partners = dataset.attributes.isEmpty ? [] : metadata.attributeCombos(of: dataset)
        var chosen: CategoryOptionCombo?
        if !partners.isEmpty, let partner {
            let code = (try? Canonical.canonical(partner, as: .code)) ?? partner
            guard let found = partners.first(where: { $0.code == code }) else {
                let expected = partners.map(\.code)
                throw EntrySheetError(
                    .unknownPartner,
                    Localized(
                        zh:
                            "“\(LogText.escaped(partner, length: 40))”不是 \(dataset.code) 的属性选项组合；应为以下之一：\(expected.joined(separator: "、"))",
                        en:
                            "'\(LogText.escaped(partner, length: 40))' is not an attribute option combo of \(dataset.code); expected one of: \(expected.joined(separator: ", "))"
                    ))
            }
            chosen = found
        }
        let overrides = try accounts.periodOverrides(dataset: dataset.code, period: period.identifier)
        let open =
            user.role == .admin
            || policy.isOpen(
                dataset: dataset, period: period, unit: orgUnit, today: today, tree: tree, overrides: overrides)
        let unitCode = tree.units[orgUnit].code
        // The audit's reference: the unit's values of the dataset's period type in the years up to the period's
        // end (outliers.years), the period itself excluded.
        let settings = metadata.quality
        let windowStart = period.end.adding(years: -settings.outlierYears) + 1
        let window = catalog.periods.values
            .filter { $0.type == dataset.periodType && $0.start >= windowStart && $0.end <= period.end && $0 != period }
            .sorted()
        let shown = Set(window + [period.previous, period.sameLastYear])
        var cells: [EntrySheet.Cell] = []
        for code in dataset.elements where partners.isEmpty || chosen != nil {
            guard let element = metadata.element(code) else { continue }
            let past = try pastValues(element: code, unit: unitCode, periods: shown)
            let rule = OutlierCheck.Rule(element: element, settings: settings)
            // With a partner chosen, the element's own combos with its options (`male` → `male_pa`).
            let combos =
                chosen.map { partner in
                    metadata.disaggregationCombos(of: element).map {
                        CategoryOptionCombo(options: $0.options + partner.options)
                    }
                } ?? metadata.combos(of: element)
            for combo in combos {
                let values = past[combo.code] ?? [:]
                let reference = window.compactMap { values[$0] }
                cells.append(
                    EntrySheet.Cell(
                        element: element, combo: combo,
                        state: try valueState(element: code, combo: combo.code, orgUnit: unitCode, period: period),
                        lastPeriod: values[period.previous], lastYear: values[period.sameLastYear],
                        usual: rule.usualRange(reference: reference), rule: rule, reference: reference,
                        writable: writeRefusal(element: code, unit: orgUnit, user: user) == nil))
            }
        }
        return EntrySheet(
            dataset: dataset, orgUnit: orgUnit, period: period, open: open && cells.contains(where: \.writable),
            cells: cells,
            brokenRules: try ruleBreaks(elements: Set(dataset.elements), orgUnit: unitCode, period: period),
            partners: partners, partner: chosen)
    }

    /// The unit's stored values of an element in some periods, by combo code and period.
    func pastValues(element: String, unit: String, periods: Set<Period>) throws -> [String: [Period: Double]] {
        guard let elementID = catalog.elements[element], let unitID = catalog.orgUnits[unit] else { return [:] }
        var ids: [Int32: Period] = [:]
        for (id, p) in catalog.periods where periods.contains(p) { ids[id] = p }
        guard !ids.isEmpty else { return [:] }
        let comboCodes = Dictionary(catalog.combos.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let columns = try store.values(element: elementID, periods: Array(ids.keys))
        var result: [String: [Period: Double]] = [:]
        for k in 0..<columns.value.count where columns.orgUnit[k] == unitID {
            guard let p = ids[columns.period[k]], let combo = comboCodes[columns.combo[k]] else { continue }
            result[combo, default: [:]][p] = columns.value[k]
        }
        return result
    }
}

/// A dataset's entry form for one org unit and period (``Workspace/entrySheet(dataset:orgUnit:period:user:today:policy:accounts:partner:)``).
public struct EntrySheet: Sendable {
    /// One element and combo.
    public struct Cell: Sendable {
        /// The element.
        public var element: DataElement
        /// The combo.
        public var combo: CategoryOptionCombo
        /// The stored value and its version.
        public var state: ValueState
        /// The value of the period before.
        public var lastPeriod: Double?
        /// The value of the same period a year earlier.
        public var lastYear: Double?
        /// The values the audit's outlier rule does not flag against this cell's reference, for marking a typed
        /// value at once; `nil` when the rule flags nothing (too few or constant values).
        public var usual: NumberRange?
        /// The audit's outlier rule for the element.
        let rule: OutlierCheck.Rule
        /// The unit's values of the audit's reference years, this period excluded.
        let reference: [Double]
        /// Whether the user enters this element for the unit (``Workspace/writeRefusal(element:unit:user:)``): a
        /// village's clerk does not enter the recount its town enters, an analyst only such recounts.
        public var writable: Bool

        /// Whether the audit would report `value` as an outlier against this cell's reference.
        public func isUnusual(_ value: Double) -> Bool {
            rule.judge(value, reference: reference) != nil
        }
    }

    /// The dataset.
    public var dataset: DataSet
    /// The org unit (tree index).
    public var orgUnit: Int
    /// The period.
    public var period: Period
    /// Whether the user may write: some cell is ``Cell/writable``, and for a clerk or analyst the period is open.
    public var open: Bool
    /// The cells, element by element in the dataset's order, each element's combos in order.
    public var cells: [Cell]
    /// The validation rules naming the dataset's elements that the stored values break.
    public var brokenRules: [RuleBreak] = []
    /// The dataset's attribute option combos (its partners) to choose from; empty for a dataset without attribute
    /// categories.
    public var partners: [CategoryOptionCombo] = []
    /// The partner whose cells the sheet holds; nil when none is chosen (then a dataset with partners has no cells).
    public var partner: CategoryOptionCombo?

    /// Whether the form waits for a partner to be chosen before it shows any cell.
    public var needsPartner: Bool { !partners.isEmpty && partner == nil }
}

/// An entry form that cannot be shown as asked.
public struct EntrySheetError: SentencedError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// No dataset has the code.
        case unknownDataset
        /// The period is not of the dataset's period type.
        case otherPeriodType
        /// The unit does not report the dataset: it is not of the dataset's level, nor named in its `orgunits`.
        case notReporting
        /// The partner asked for is not one of the dataset's attribute option combos.
        case unknownPartner
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

    /// `entry.unknownDataset`, `entry.otherPeriodType`, `entry.notReporting`, `entry.unknownPartner`.
    public var errorCode: String { "entry.\(code.rawValue)" }
}

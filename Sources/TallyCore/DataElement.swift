/// What a value of a data element may hold (DHIS2's value types). Every numeric type is stored as a number:
/// a boolean as 1 (yes) or 0 (no), so that its sum over units counts the yeses. The text types (``text``,
/// ``longText``) are never added up: no query, indicator, rule or figure may name such an element.
public enum ValueType: String, Sendable, Codable, CaseIterable {
    /// Whole numbers, such as counts of births (below 0 only with `negative: true`).
    case integer
    /// Any number, such as a weight in kilograms (below 0 only with `negative: true`).
    case number
    /// Whole numbers of 0 or more (DHIS2's `INTEGER_ZERO_OR_POSITIVE`).
    case zeroOrPositive = "zero_or_positive"
    /// Whole numbers above 0 (DHIS2's `INTEGER_POSITIVE`).
    case positive
    /// Whole numbers below 0 (DHIS2's `INTEGER_NEGATIVE`).
    case negative
    /// A number from 0 to 100 (DHIS2's `PERCENTAGE`).
    case percentage
    /// A number from 0 to 1 (DHIS2's `UNIT_INTERVAL`).
    case unitInterval = "unit_interval"
    /// Yes or no, stored as 1 or 0; files may write `true`/`false` (DHIS2's `BOOLEAN`).
    case boolean
    /// Only yes, stored as 1; no is left out (DHIS2's `TRUE_ONLY`).
    case trueOnly = "true_only"
    /// A short text, such as a remark (DHIS2's `TEXT`); never added up.
    case text
    /// A longer text, such as a narrative (DHIS2's `LONG_TEXT`); never added up.
    case longText = "long_text"

    /// Whether its values are text, which is never added up.
    public var isText: Bool { self == .text || self == .longText }

    /// Whether its values are whole numbers.
    public var isWhole: Bool {
        switch self {
        case .number, .percentage, .unitInterval: false
        case .integer, .zeroOrPositive, .positive, .negative, .boolean, .trueOnly: true
        case .text, .longText: false
        }
    }

    /// Whether its values are counts, added and compared as counts (the audit's and the bulletin's rules for
    /// whole numbers): `integer`, `zero_or_positive`, `positive`.
    public var isCount: Bool {
        switch self {
        case .integer, .zeroOrPositive, .positive: true
        case .number, .negative, .percentage, .unitInterval, .boolean, .trueOnly, .text, .longText: false
        }
    }

    /// Whether `negative: true` may widen it (only `integer` and `number` have no range of their own).
    public var admitsNegativeSetting: Bool { self == .integer || self == .number }

    /// The range its values must lie in, or nil for none of its own (`integer` and `number`, whose values are not
    /// negative unless the element says so, and the text types, which hold no number).
    public var range: ClosedRange<Double>? {
        switch self {
        case .integer, .number, .text, .longText: nil
        case .zeroOrPositive: 0...Double.greatestFiniteMagnitude
        case .positive: 1...Double.greatestFiniteMagnitude
        case .negative: -Double.greatestFiniteMagnitude...(-1)
        case .percentage: 0...100
        case .unitInterval: 0...1
        case .boolean: 0...1
        case .trueOnly: 1...1
        }
    }
}

/// How values combine over org units and periods, with DHIS2's meaning and names (DHIS2's `AVERAGE_SUM_ORG_UNIT` is
/// `average_sum_org_unit`, and so on).
///
/// Over periods a value counts when its period lies in the query period (as for `sum`) unless the type says
/// otherwise. Over units, a unit's own figure comes from its own values; "summed over units" adds the own figures of
/// every unit of the subtree, "averaged over units" takes their mean over the units that have one. Missing is not
/// zero: a unit without a value counts in no average, minimum, maximum or count.
public enum AggregationType: String, Sendable, Codable, CaseIterable {
    /// Counts: summed over units and over periods (DHIS2's `SUM`).
    case sum
    /// Averaged over periods (day-weighted, as ``averageSumOrgUnit``) and over units: for each unit its own
    /// day-weighted mean per combo, added over the combos, then the mean of those figures over the units of the
    /// subtree that have one (DHIS2's `AVERAGE`), such as a facility's mean number of beds. Each unit weighs the
    /// same; DHIS2's SQL (`avg(value)` over its rows) weighs each stored value the same, so a unit that reported
    /// more months, or a disaggregated element's separate combos, count more there.
    case average
    /// Stock figures such as population: summed over units, averaged over the periods (weighted by days);
    /// a value for a longer period applies to every shorter period inside it (DHIS2's `AVERAGE_SUM_ORG_UNIT`).
    case averageSumOrgUnit = "average_sum_org_unit"
    /// Stocks counted at a moment, such as people on treatment or records in a register: for each unit and
    /// combo the latest value whose period ends by the end of the query period — it may lie before the query
    /// period's start (carried forward) — then summed over units (DHIS2's `LAST`).
    case last
    /// As ``last`` over periods, then averaged over the units that have a value (DHIS2's `LAST_AVERAGE_ORG_UNIT`).
    case lastAverageOrgUnit = "last_average_org_unit"
    /// As ``last``, but only values whose period lies inside the query period (DHIS2's `LAST_IN_PERIOD`).
    case lastInPeriod = "last_in_period"
    /// As ``lastInPeriod`` over periods, then averaged over the units that have a value
    /// (DHIS2's `LAST_IN_PERIOD_AVERAGE_ORG_UNIT`).
    case lastInPeriodAverageOrgUnit = "last_in_period_average_org_unit"
    /// For each unit and combo the earliest value whose period lies inside the query period (an opening stock),
    /// then summed over units (DHIS2's `FIRST`).
    case first
    /// As ``first`` over periods, then averaged over the units that have a value (DHIS2's `FIRST_AVERAGE_ORG_UNIT`).
    case firstAverageOrgUnit = "first_average_org_unit"
    /// The smallest value stored in the subtree for the query period, each unit, period and combo's value one
    /// candidate (DHIS2's `MIN`: `min(value)` over its rows).
    case min
    /// The largest value stored in the subtree for the query period (DHIS2's `MAX`).
    case max
    /// The number of values stored in the subtree for the query period, not their sum (DHIS2's `COUNT`).
    case count
    /// The sample standard deviation of the values stored in the subtree for the query period, √(Σ(x − x̄)² ÷ (n − 1)):
    /// DHIS2's `STDDEV` is PostgreSQL's `stddev(value)`, which is `stddev_samp`. One value has none (missing).
    case stddev
    /// The sample variance Σ(x − x̄)² ÷ (n − 1) of the values stored in the subtree for the query period: DHIS2's
    /// `VARIANCE` is PostgreSQL's `variance(value)`, which is `var_samp`. One value has none (missing).
    case variance
    /// Not aggregated (DHIS2's `NONE`): a value only for the unit it was entered for and a query period equal to
    /// the one it was entered for, of one combo (an element with categories has no total); missing above the unit,
    /// over a longer period and over several combos.
    case none
}

extension AggregationType {
    /// Whether units' figures are averaged over the subtree rather than added: `average` and the
    /// `…_average_org_unit` types.
    public var averagesOverUnits: Bool {
        switch self {
        case .average, .lastAverageOrgUnit, .lastInPeriodAverageOrgUnit, .firstAverageOrgUnit: true
        default: false
        }
    }
}

/// Who enters an element's values for a unit (`entered_by` in the metadata).
public enum EntryLevel: Hashable, Sendable {
    /// The users of the unit the value is for, and those above it (the default).
    case unit
    /// Only the users of a unit above the one the value is for — a town's users for a village's value: the default
    /// of an element that is another's `verified_by` counterpart (the recount is the verifying level's).
    case above
    /// Only the users of units at this level or above (nearer the root; the root is level 1).
    case level(Int)

    /// Whether a user of `home` may enter a value for `unit` (tree indices; `unit` in the subtree of `home`).
    public func allows(home: Int, unit: Int, tree: OrgUnitTree) -> Bool {
        switch self {
        case .unit: true
        case .above: home != unit
        case .level(let level): tree.level[home] <= level
        }
    }
}

/// A data element: something counted, such as live births.
public struct DataElement: Hashable, Sendable {
    /// The code used in files and expressions, such as `births`.
    public var code: String
    /// The display name.
    public var name: LocalizedText
    /// Whole numbers or any numbers.
    public var valueType: ValueType
    /// How values combine.
    public var aggregation: AggregationType
    /// The codes of its categories, in order; empty for no disaggregation. Its own categories (`categories:` in
    /// the metadata) come first, then its data set's attribute categories (``attributeCategories``), so that a
    /// combo is disaggregation options × attribute options and every total over combos includes every attribute
    /// option.
    public var categories: [String]
    /// The attribute categories of its data set (DHIS2's attribute option combos: a funding mechanism, a partner),
    /// the last ones of ``categories``; empty when its data set has none.
    public var attributeCategories: [String] = []
    /// Whether a value may be negative (counts may not).
    public var allowNegative: Bool
    /// The rate experience leads one to expect, in events per 1,000 population per year (for example a
    /// crude birth rate for births); the audit compares reported counts with it.
    public var referenceRate: Double?
    /// The element that holds an independent recount of this one (its verified counterpart).
    public var verifiedBy: String?
    /// The smallest plausible value of one report (the audit flags values below it).
    public var minimum: Double?
    /// The largest plausible value of one report (the audit flags values above it).
    public var maximum: Double?
    /// Who enters its values.
    public var enteredBy: EntryLevel = .unit

    /// A data element.
    public init(
        code: String, name: LocalizedText, valueType: ValueType = .integer, aggregation: AggregationType = .sum,
        categories: [String] = [], allowNegative: Bool = false, referenceRate: Double? = nil, verifiedBy: String? = nil
    ) {
        self.referenceRate = referenceRate
        self.verifiedBy = verifiedBy
        self.code = code
        self.name = name
        self.valueType = valueType
        self.aggregation = aggregation
        self.categories = categories
        self.allowNegative = allowNegative
    }

    /// Its own categories: ``categories`` without the attribute categories of its data set.
    public var disaggregationCategories: ArraySlice<String> { categories.dropLast(attributeCategories.count) }
}

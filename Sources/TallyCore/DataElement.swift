/// What a value of a data element may hold.
public enum ValueType: String, Sendable, Codable, CaseIterable {
    /// Whole numbers, such as counts of births.
    case integer
    /// Any number, such as a weight in kilograms.
    case number
}

/// How values combine over org units and periods.
public enum AggregationType: String, Sendable, Codable, CaseIterable {
    /// Counts: summed over units and over periods.
    case sum
    /// Stock figures such as population: summed over units, averaged over the periods (weighted by days);
    /// a value for a longer period applies to every shorter period inside it.
    case average
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
    /// The codes of its categories, in order; empty for no disaggregation.
    public var categories: [String]
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
}

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
    /// Stocks counted at a moment, such as people on treatment or records in a register: for each unit and
    /// combo the latest value whose period ends by the end of the query period — it may lie before the query
    /// period's start (carried forward) — then summed over units (DHIS2's `LAST`).
    case last
    /// As ``last``, but only values whose period lies inside the query period (DHIS2's `LAST_IN_PERIOD`).
    case lastInPeriod = "last_in_period"
    /// For each unit and combo the earliest value whose period lies inside the query period (an opening stock),
    /// then summed over units (DHIS2's `FIRST`).
    case first
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

/// One row of `data.csv`.
///
/// The strings are shared with the generator, so producing rows allocates nothing; ``lastUpdatedText`` and
/// ``csvLine`` format on demand.
public struct DemoDataRow: Sendable, Hashable {
    /// The data element.
    public var element: DemoElement
    /// The DHIS2 period id: `202510` (monthly) or `2025` (yearly).
    public var period: String
    /// The reporting unit's code.
    public var orgUnit: String
    /// `male` or `female` for births, empty otherwise.
    public var categoryOptionCombo: String
    /// The value, a non-negative integer.
    public var value: Int
    /// The clerk who entered the value, such as `clerk_360121101201`.
    public var storedBy: String
    /// When the value was entered, in seconds since 1970 (UTC).
    public var lastUpdated: Int64

    /// A row.
    public init(
        element: DemoElement, period: String, orgUnit: String, categoryOptionCombo: String, value: Int,
        storedBy: String, lastUpdated: Int64
    ) {
        self.element = element
        self.period = period
        self.orgUnit = orgUnit
        self.categoryOptionCombo = categoryOptionCombo
        self.value = value
        self.storedBy = storedBy
        self.lastUpdated = lastUpdated
    }

    /// `lastUpdated` as `2025-11-08T09:30:00Z`.
    public var lastUpdatedText: String { DemoCalendar.iso(lastUpdated) }

    /// The row as written to `data.csv`, without the line feed.
    public var csvLine: String {
        [element.code, period, orgUnit, categoryOptionCombo, String(value), storedBy, lastUpdatedText]
            .map(DemoCSV.field)
            .joined(separator: ",")
    }
}

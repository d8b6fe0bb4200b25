/// Stored values in columns, as read from a store for aggregation.
///
/// Each index `i` is one value: org unit `orgUnit[i]`, period `period[i]`, combo `combo[i]`,
/// value `value[i]`. What the integers identify depends on the producer: a store gives its own ids,
/// the engine expects tree indices, period indices and combo indices (see `ValueSource`).
public struct ValueColumns: Sendable, Equatable {
    /// The org unit of each value.
    public var orgUnit: [Int32] = []
    /// The period of each value.
    public var period: [Int32] = []
    /// The category option combo of each value.
    public var combo: [Int32] = []
    /// The value.
    public var value: [Double] = []

    /// Empty columns.
    public init() {}

    /// Columns with room for `capacity` values.
    public init(capacity: Int) {
        orgUnit.reserveCapacity(capacity)
        period.reserveCapacity(capacity)
        combo.reserveCapacity(capacity)
        value.reserveCapacity(capacity)
    }

    /// The number of values.
    public var count: Int { value.count }

    /// Appends one value.
    @inlinable
    public mutating func append(orgUnit u: Int32, period p: Int32, combo c: Int32, value v: Double) {
        orgUnit.append(u)
        period.append(p)
        combo.append(c)
        value.append(v)
    }
}

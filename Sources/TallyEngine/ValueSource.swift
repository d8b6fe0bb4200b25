public import TallyCore

/// Where the engine reads stored values from.
///
/// Org units are tree indices of the engine's ``OrgUnitTree``, periods are indices into
/// ``storedPeriods``, and combos are indices into `metadata.combos(of: element)`.
public protocol ValueSource {
    /// Every single period for which values may be stored.
    var storedPeriods: [Period] { get }

    /// The values of `element` stored for any of the given periods (indices into ``storedPeriods``).
    func values(element: String, periods: [Int]) throws -> ValueColumns

    /// When each of those values was first stored: the same columns with `value` holding seconds since 1970.
    func createdTimes(element: String, periods: [Int]) throws -> ValueColumns

    /// The values of `element` for the given periods of the org units in `scope` (a range of tree indices): a
    /// source may return values of other units too, and must return every value of these.
    func values(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns

    /// When each value of `element` for the given periods was first stored, of the org units in `scope` (and
    /// perhaps others), as ``values(element:periods:within:)``.
    func createdTimes(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns
}

extension ValueSource {
    /// Every value of the periods: a source that cannot read part of the tree reads all of it.
    public func values(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns {
        try values(element: element, periods: periods)
    }

    /// Every first-stored time of the periods: a source that cannot read part of the tree reads all of it.
    public func createdTimes(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns {
        try createdTimes(element: element, periods: periods)
    }
}

/// Values held in memory: for tests and small data.
public struct InMemoryValueSource: ValueSource, Sendable {
    public private(set) var storedPeriods: [Period] = []
    private var periodIndex: [Period: Int] = [:]
    private var columns: [String: ValueColumns] = [:]
    private var created: [String: [Double]] = [:]

    /// An empty source.
    public init() {}

    /// Adds a value.
    ///
    /// - Parameters:
    ///   - element: the element code.
    ///   - combo: the index of the combo in `metadata.combos(of:)` (0 for an element without categories).
    ///   - unit: the tree index of the org unit.
    public mutating func add(
        _ element: String, combo: Int = 0, unit: Int, period: Period, value: Double, created: Int64 = 0
    ) {
        let p: Int
        if let known = periodIndex[period] {
            p = known
        } else {
            p = storedPeriods.count
            storedPeriods.append(period)
            periodIndex[period] = p
        }
        columns[element, default: ValueColumns()].append(
            orgUnit: Int32(unit), period: Int32(p), combo: Int32(combo), value: value)
        self.created[element, default: []].append(Double(created))
    }

    public func createdTimes(element: String, periods: [Int]) throws -> ValueColumns {
        guard let all = columns[element], let times = created[element] else { return ValueColumns() }
        let wanted = Set(periods.map(Int32.init))
        var result = ValueColumns()
        for i in 0..<all.count where wanted.contains(all.period[i]) {
            result.append(orgUnit: all.orgUnit[i], period: all.period[i], combo: all.combo[i], value: times[i])
        }
        return result
    }

    public func values(element: String, periods: [Int]) throws -> ValueColumns {
        guard let all = columns[element] else { return ValueColumns() }
        let wanted = Set(periods.map(Int32.init))
        var result = ValueColumns()
        for i in 0..<all.count where wanted.contains(all.period[i]) {
            result.append(orgUnit: all.orgUnit[i], period: all.period[i], combo: all.combo[i], value: all.value[i])
        }
        return result
    }
}

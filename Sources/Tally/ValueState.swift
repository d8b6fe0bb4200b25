public import TallyCore
public import TallyStore

/// A stored value as the API shows it.
public struct ValueState: Sendable, Equatable {
    /// The element code.
    public var element: String
    /// The combo code ("" for none).
    public var combo: String
    /// The org unit code.
    public var orgunit: String
    /// The period identifier.
    public var period: String
    /// The stored value, or `nil` when there is none.
    public var stored: StoredValue?
    /// Counts the changes of the value: 0 when none is stored, 1 when first stored, one more for every change
    /// since (the number of history entries plus one).
    public var version: Int

    /// A value's state.
    public init(element: String, combo: String, orgunit: String, period: String, stored: StoredValue?, version: Int) {
        self.element = element
        self.combo = combo
        self.orgunit = orgunit
        self.period = period
        self.stored = stored
        self.version = version
    }
}

extension Workspace {
    /// The key of a value named by canonical codes, or `nil` when the store has no such value yet (an unknown
    /// period, say).
    public func valueKey(element: String, combo: String, orgUnit: String, period: Period) -> ValueKey? {
        guard let elementID = catalog.elements[element], let comboID = catalog.combos[combo],
            let unitID = catalog.orgUnits[orgUnit], let periodID = catalog.periodIDs[period]
        else { return nil }
        return ValueKey(element: elementID, period: periodID, orgUnit: unitID, combo: comboID)
    }

    /// The stored state of one value named by canonical codes, value and version read in one snapshot.
    public func valueState(element: String, combo: String, orgUnit: String, period: Period) throws -> ValueState {
        var state = ValueState(
            element: element, combo: combo, orgunit: orgUnit, period: period.identifier, stored: nil, version: 0)
        if let key = valueKey(element: element, combo: combo, orgUnit: orgUnit, period: period) {
            let current = try store.versionedValue(key)
            state.stored = current.stored
            state.version = current.version
        }
        return state
    }
}

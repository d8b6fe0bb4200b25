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
    /// The stored number, or `nil` when there is none (always for a `text` or `long_text` element).
    public var stored: StoredValue?
    /// The stored text of a `text` or `long_text` element, or `nil` when there is none (always for a number).
    public var text: StoredText?
    /// Counts the changes of the value: 0 when none is stored, 1 when first stored, one more for every change
    /// since (the number of history entries plus one).
    public var version: Int

    /// Whether a value is stored (a number or a text).
    public var isStored: Bool { stored != nil || text != nil }

    /// A value's state.
    public init(
        element: String, combo: String, orgunit: String, period: String, stored: StoredValue?, version: Int,
        text: StoredText? = nil
    ) {
        self.text = text
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
        guard let key = valueKey(element: element, combo: combo, orgUnit: orgUnit, period: period) else {
            return state
        }
        if metadata.element(element)?.valueType.isText == true {
            let current = try store.versionedText(key)
            state.text = current.stored
            state.version = current.version
        } else {
            let current = try store.versionedValue(key)
            state.stored = current.stored
            state.version = current.version
        }
        return state
    }
}

public import TallyCore
internal import TallyText

/// What every store does the same way, written once for all of them (as GRDB's protocol extensions do): the
/// rules a store applies, not how its database keeps the rows.
extension Store {
    /// The values of an element for the given periods, of every org unit.
    public func values(element: Int32, periods: [Int32]) throws -> ValueColumns {
        try values(element: element, periods: periods, units: nil)
    }

    /// Every value of an element for the given periods with its metadata, of every org unit.
    public func storedValues(element: Int32, periods: [Int32]) throws -> [(key: ValueKey, value: StoredValue)] {
        try storedValues(element: element, periods: periods, units: nil)
    }

    /// When each value of an element for the given periods was first stored, of every org unit.
    public func createdTimes(element: Int32, periods: [Int32]) throws -> ValueColumns {
        try createdTimes(element: element, periods: periods, units: nil)
    }

    /// The value alone, read as ``versionedValue(_:)`` reads it; a store with a cheaper read of the value alone
    /// implements this itself.
    public func value(_ key: ValueKey) throws -> StoredValue? {
        try versionedValue(key).stored
    }

    /// Refuses a new metadata document that drops an element, or a combo of an element, that stored values use.
    ///
    /// - Parameters:
    ///   - used: each element and combo (codes, `""` for none) that has stored values, with their number, in the
    ///     order of the store's element and combo ids: the first one dropped is named.
    ///   - combos: the new document's elements, each with its combo codes (`""` for none).
    /// - Throws: ``StoreError`` with code `inUse` naming the element or combo and how many values use it.
    public static func checkKeepsStoredValues(
        _ used: [(element: String, combo: String, count: Int)], combos: [String: [String]]
    ) throws {
        let kept = combos.mapValues(Set.init)
        for (element, combo, n) in used {
            guard let comboSet = kept[element] else {
                throw StoreError(
                    .inUse,
                    Localized(
                        zh: "新的元数据中没有数据项“\(element)”，但有\(n)个已存储的数值用到它；请保留该数据项，或先删除它的数值",
                        en:
                            "the new metadata has no element '\(element)', but \(n) stored values use it; keep the element or remove its values first"
                    )
                )
            }
            if !comboSet.contains(combo) {
                let shown =
                    combo.isEmpty
                    ? Localized(zh: "不分类这一项", en: "no disaggregation")
                    : Localized(zh: "分类组合“\(combo)”", en: "the combo '\(combo)'")
                throw StoreError(
                    .inUse,
                    Localized(
                        zh: "新的元数据中“\(element)”没有\(shown.zh)，但有\(n)个已存储的数值用到它；请保留这些分类，或先删除这些数值",
                        en:
                            "the new metadata has no \(shown.en) for '\(element)', but \(n) stored values use it; keep the categories or remove those values first"
                    )
                )
            }
        }
    }

    /// A campaign's targets as rows of org-unit id and target, in the order of the org-unit codes.
    ///
    /// - Parameter ids: the store's id of every org-unit code.
    /// - Throws: ``StoreError`` with code `notFound` for a code that is not an org unit; nothing is written then.
    public static func targetRows(_ targets: [String: Int], ids: [String: Int32]) throws -> [(unit: Int32, target: Int)]
    {
        try unitRows(targets, ids: ids).map { (unit: $0.unit, target: $0.value) }
    }

    /// Org-unit boundaries as rows of org-unit id and stored shape, in the order of the org-unit codes.
    ///
    /// - Parameter ids: the store's id of every org-unit code.
    /// - Throws: ``StoreError`` with code `notFound` for a code that is not an org unit; nothing is written then.
    public static func boundaryRows(
        _ boundaries: [String: String], ids: [String: Int32]
    ) throws -> [(
        unit: Int32, shape: String
    )] {
        try unitRows(boundaries, ids: ids).map { (unit: $0.unit, shape: $0.value) }
    }

    /// Values by org-unit code as rows of org-unit id and value, in the order of the codes; an unknown code is a
    /// ``StoreError`` with code `notFound`.
    static func unitRows<Value>(_ byCode: [String: Value], ids: [String: Int32]) throws -> [(unit: Int32, value: Value)]
    {
        try byCode.sorted(by: { $0.key < $1.key }).map { code, value in
            guard let id = ids[code] else {
                throw StoreError(.notFound, Localized(zh: "“\(code)”不是单位代码", en: "'\(code)' is not an org unit code"))
            }
            return (id, value)
        }
    }
}

extension StoreError {
    /// A new user whose name is taken.
    public static func userExists(_ name: String) -> StoreError {
        StoreError(.alreadyExists, Localized(zh: "已有名为“\(name)”的用户", en: "there is already a user named '\(name)'"))
    }

    /// A change to a user who does not exist.
    public static func noUser(_ name: String) -> StoreError {
        StoreError(.notFound, Localized(zh: "没有名为“\(name)”的用户", en: "there is no user named '\(name)'"))
    }
}

extension UserRole {
    /// The role stored in a row; text that is not a role is read as `clerk`.
    public init(stored: String) {
        self = UserRole(rawValue: stored) ?? .clerk
    }
}

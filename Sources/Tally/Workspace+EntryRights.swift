public import TallyCore
public import TallyStore
public import TallyText

extension Workspace {
    /// Why `user` may not type `element`'s values for `unit` (a tree index inside their subtree) on a form or through
    /// the API; `nil` when they may. Admins type everything; clerks what the element's ``TallyCore/EntryLevel``
    /// allows their unit; analysts only elements entered above the reporting unit (a town's recount of a village's
    /// figure), where it allows.
    public func writeRefusal(element code: String, unit: Int, user: UserAccount) -> ValueError? {
        if user.role == .analyst && metadata.element(code)?.enteredBy == .unit { return ValueError.readOnly(user) }
        return entryRefusal(element: code, unit: unit, user: user)
    }

    /// Why `user` may not write `element`'s values for `unit` (a tree index inside their subtree) by the element's
    /// ``TallyCore/EntryLevel`` (`entered_by`); `nil` when it allows their unit, and for admins. An upload's rows are
    /// checked with this alone (analysts import their units' files).
    public func entryRefusal(element code: String, unit: Int, user: UserAccount) -> ValueError? {
        guard user.role != .admin, let home = tree.index[user.orgUnit], let element = metadata.element(code) else {
            return nil
        }
        guard !element.enteredBy.allows(home: home, unit: unit, tree: tree) else { return nil }
        let target = tree.units[unit]
        let name = element.name
        let who: Localized<String>
        switch element.enteredBy {
        case .unit, .above:
            who = Localized(
                zh: "由上级单位录入（核实复核数）", en: "entered by the level above the reporting unit (a verified recount)")
        case .level(let level):
            who = Localized(zh: "只能由第\(level)级及以上的单位录入", en: "entered only by units of level \(level) or above")
        }
        return ValueError(
            .enteredAbove,
            Localized.each { language in
                Localized(
                    zh:
                        "“\(name.text(.zh))”（\(element.code)）\(who.zh)；\(user.name) 不能为 \(target.name(.zh))（\(target.code)）录入它",
                    en:
                        "'\(name.text(.en))' (\(element.code)) is \(who.en); \(user.name) may not enter it for \(target.name(.en)) (\(target.code))"
                )(language)
            })
    }

    /// Whether `user` types some element of `dataset` for `unit` (``writeRefusal(element:unit:user:)``): whether
    /// its form is theirs to fill in — a village's form is its town analyst's when it holds a recount.
    public func typesSome(of dataset: DataSet, unit: Int, user: UserAccount) -> Bool {
        dataset.elements.contains { writeRefusal(element: $0, unit: unit, user: user) == nil }
    }

    /// The forms `user` fills in on a unit's home page: ``entryChoices(orgUnit:role:today:policy:accounts:)`` of the
    /// datasets the user types some element of (``typesSome(of:unit:user:)``), the others' periods never read.
    public func entryChoices(
        orgUnit: Int, user: UserAccount, today: Day, policy: PeriodPolicy, accounts: any AccountStore
    ) throws -> [EntryChoice] {
        try entryChoices(
            orgUnit: orgUnit, role: user.role, today: today, policy: policy, accounts: accounts,
            datasets: metadata.datasets.filter { typesSome(of: $0, unit: orgUnit, user: user) })
    }

    /// Whether some element is entered only above the reporting unit, so that analysts may write it.
    var hasElementsEnteredAbove: Bool { metadata.elements.contains { $0.enteredBy != .unit } }
}

extension ValueError {
    /// An analyst's write of a value the reporting units enter.
    static func readOnly(_ user: UserAccount) -> ValueError {
        ValueError(
            .readOnly, Localized(zh: "\(user.name) 是分析员，只能查看", en: "\(user.name) is an analyst and may only read"))
    }
}

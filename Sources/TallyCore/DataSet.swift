/// A periodic report (报表): which elements one unit sends for one period, and when it is due.
public struct DataSet: Hashable, Sendable {
    /// Which org units report a dataset (DHIS2's data set assignment, `organisationUnits`): every unit of a level,
    /// units named by code, or both.
    public struct Assignment: Hashable, Sendable {
        /// The org-unit level whose every unit reports, if any.
        public var level: Int?
        /// The codes of units that report whatever their level (`orgunits:` in the metadata).
        public var units: [String]

        /// The units of `level` and those named in `units`.
        public init(level: Int? = nil, units: [String] = []) {
            self.level = level
            self.units = units
        }
    }

    /// The code, such as `monthly`.
    public var code: String
    /// The display name.
    public var name: LocalizedText
    /// The period type of its reports.
    public var periodType: PeriodType
    /// The org units that report it. Ask ``reports(unit:in:)`` or ``reporters(below:in:)`` who they are: that is
    /// the one rule every check, count and form uses.
    public var assignment: Assignment
    /// Days after the period's end when the report is due.
    public var dueDays: Int
    /// The codes of its elements.
    public var elements: [String]
    /// The first day reports are expected for (a campaign's daily report, a new system), if any.
    public var start: Day?
    /// The last day reports are expected for, if any.
    public var end: Day?
    /// The org-unit levels that approve its reports, in order (`approval: [3, 2]`: the town approves, the county
    /// accepts), each above the reporting units and above the one before; empty when reports are only submitted.
    public var approvalLevels: [Int] = []
    /// Its attribute categories (`attributes:`; DHIS2's attribute category combo of a data set: a funding mechanism,
    /// a partner): every value of its elements carries one option of each, as DHIS2's `attributeOptionCombo`. The
    /// parser appends them to each element's categories (``DataElement/attributeCategories``).
    public var attributes: [String] = []

    /// Whether a report is expected for `period`: it lies inside the dataset's dates, when it has them.
    public func expects(_ period: Period) -> Bool {
        if let start, period.start < start { return false }
        if let end, period.end > end { return false }
        return true
    }

    /// A dataset reported by every unit of `level`.
    public init(
        code: String, name: LocalizedText, periodType: PeriodType, level: Int, dueDays: Int, elements: [String],
        start: Day? = nil, end: Day? = nil
    ) {
        self.init(
            code: code, name: name, periodType: periodType, assignment: Assignment(level: level), dueDays: dueDays,
            elements: elements, start: start, end: end)
    }

    /// A dataset reported by the units of `assignment`.
    public init(
        code: String, name: LocalizedText, periodType: PeriodType, assignment: Assignment, dueDays: Int,
        elements: [String], start: Day? = nil, end: Day? = nil
    ) {
        self.start = start
        self.end = end
        self.code = code
        self.name = name
        self.periodType = periodType
        self.assignment = assignment
        self.dueDays = dueDays
        self.elements = elements
    }
}

extension DataSet {
    /// The units of `tree` that report the dataset, resolved once: those of its level and those it names.
    /// A named code that is not in the tree (the metadata parser refuses one when it is given the tree) reports
    /// nothing.
    public func reportingUnits(in tree: OrgUnitTree) -> ReportingUnits {
        ReportingUnits(level: assignment.level, named: Set(assignment.units.compactMap { tree.index[$0] }), tree: tree)
    }

    /// Whether the unit at tree index `unit` reports the dataset.
    public func reports(unit: Int, in tree: OrgUnitTree) -> Bool {
        reportingUnits(in: tree).contains(unit)
    }

    /// The units that report the dataset in the subtree of the unit at tree index `unit` (itself included), in
    /// pre-order.
    public func reporters(below unit: Int, in tree: OrgUnitTree) -> [Int] {
        reportingUnits(in: tree).below(unit)
    }
}

/// A dataset's reporting units in one tree (``DataSet/reportingUnits(in:)``): the one rule of who is expected
/// to report it — a unit of the dataset's level, or one it names.
public struct ReportingUnits: Sendable {
    let level: Int?
    let named: Set<Int>
    let tree: OrgUnitTree

    /// Whether the unit at tree index `unit` reports the dataset.
    public func contains(_ unit: Int) -> Bool {
        tree.level[unit] == level || named.contains(unit)
    }

    /// The reporting units in the subtree of the unit at tree index `unit` (itself included), in pre-order.
    public func below(_ unit: Int) -> [Int] {
        tree.subtree(unit).filter(contains)
    }
}

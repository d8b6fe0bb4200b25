/// A periodic report (报表): which elements one unit sends for one period, and when it is due.
public struct DataSet: Hashable, Sendable {
    /// The code, such as `monthly`.
    public var code: String
    /// The display name.
    public var name: LocalizedText
    /// The period type of its reports.
    public var periodType: PeriodType
    /// The org-unit level that reports.
    public var level: Int
    /// Days after the period's end when the report is due.
    public var dueDays: Int
    /// The codes of its elements.
    public var elements: [String]
    /// The first day reports are expected for (a campaign's daily report, a new system), if any.
    public var start: Day?
    /// The last day reports are expected for, if any.
    public var end: Day?

    /// Whether a report is expected for `period`: it lies inside the dataset's dates, when it has them.
    public func expects(_ period: Period) -> Bool {
        if let start, period.start < start { return false }
        if let end, period.end > end { return false }
        return true
    }

    /// A dataset.
    public init(
        code: String, name: LocalizedText, periodType: PeriodType, level: Int, dueDays: Int, elements: [String],
        start: Day? = nil, end: Day? = nil
    ) {
        self.start = start
        self.end = end
        self.code = code
        self.name = name
        self.periodType = periodType
        self.level = level
        self.dueDays = dueDays
        self.elements = elements
    }
}

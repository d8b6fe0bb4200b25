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

    /// A dataset.
    public init(code: String, name: LocalizedText, periodType: PeriodType, level: Int, dueDays: Int, elements: [String])
    {
        self.code = code
        self.name = name
        self.periodType = periodType
        self.level = level
        self.dueDays = dueDays
        self.elements = elements
    }
}

/// A time-boxed campaign (a service month, a registration drive, a data-entry push): a count to achieve
/// against targets split down the tree, with a milestone schedule; or a coverage threshold on an indicator.
public struct CampaignDefinition: Hashable, Sendable {
    /// What the campaign measures.
    public enum Measure: Hashable, Sendable {
        /// A count: the sum of an element (or element.option) inside the window, against targets.
        case count(ElementReference)
        /// A coverage threshold: an indicator over the window must reach `threshold` (in the indicator's unit).
        case threshold(indicator: String, threshold: Double)
    }

    /// How a parent's target is split among children without explicit targets.
    public enum Weight: Hashable, Sendable {
        /// Equal shares.
        case equal
        /// In proportion to an element's value over a period (such as population in 2025).
        case element(ElementReference, Period)
    }

    /// One milestone: the share of the target due by a date.
    public struct Milestone: Hashable, Sendable {
        /// The date (inclusive).
        public var date: Day
        /// The share of the target due, from 0 (exclusive) to 1.
        public var share: Double

        /// A milestone.
        public init(date: Day, share: Double) {
            self.date = date
            self.share = share
        }
    }

    /// The code, such as `anc_month`.
    public var code: String
    /// The display name.
    public var name: LocalizedText
    /// What is measured.
    public var measure: Measure
    /// The first day of the window.
    public var start: Day
    /// The last day of the window.
    public var end: Day
    /// The org-unit level whose units report and are ranked.
    public var level: Int
    /// How targets are split.
    public var weight: Weight
    /// The schedule, with strictly increasing dates and shares, the last share 1.
    public var milestones: [Milestone]
    /// How many units the praise list names per parent.
    public var praise: Int
    /// How many units the warning list names per parent.
    public var warning: Int

    /// A campaign.
    public init(
        code: String, name: LocalizedText, measure: Measure, start: Day, end: Day, level: Int, weight: Weight = .equal,
        milestones: [Milestone] = [], praise: Int = 3, warning: Int = 3
    ) {
        self.code = code
        self.name = name
        self.measure = measure
        self.start = start
        self.end = end
        self.level = level
        self.weight = weight
        self.milestones = milestones
        self.praise = praise
        self.warning = warning
    }

    /// The window as a range of days, such as `20251201..20260105`.
    public var window: Period {
        get throws(PeriodError) {
            try Period("\(Self.compact(start))..\(Self.compact(end))")
        }
    }

    /// The days from the start up to `date` (inclusive, capped at the end), such as `20251201..20251215`.
    public func window(upTo date: Day) throws(PeriodError) -> Period {
        try Period("\(Self.compact(start))..\(Self.compact(min(date, end)))")
    }

    static func compact(_ day: Day) -> String {
        String(day.description.filter { $0 != "-" })
    }
}

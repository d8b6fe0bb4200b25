/// A date by which a share of the target is due, such as 60% by 2025-12-15.
public struct Milestone: Hashable, Sendable {
    /// The day the share is due; the milestone counts as passed on this day itself.
    public let date: CampaignDate
    /// The share of the target due, more than 0 and at most 1 (0.6 for 60%); ``Campaign`` checks it.
    public let share: Double

    /// A milestone; `share` is checked when it becomes part of a ``Campaign``.
    public init(date: CampaignDate, share: Double) {
        self.date = date
        self.share = share
    }
}

/// A campaign window with its milestones, checked when made.
public struct Campaign: Hashable, Sendable {
    /// The first day of the campaign.
    public let start: CampaignDate
    /// The last day of the campaign (inclusive).
    public let end: CampaignDate
    /// The milestones in date order; the last one is 100% of the target.
    public let milestones: [Milestone]

    /// A campaign from `start` to `end`, both inclusive.
    ///
    /// - Throws: ``TargetError`` when the end is before the start, a milestone lies outside the window, milestone
    ///   dates or shares are not strictly increasing, a share is not above 0% and at most 100%, or the last
    ///   milestone is not 100% (including when there are no milestones).
    public init(start: CampaignDate, end: CampaignDate, milestones: [Milestone]) throws(TargetError) {
        guard end >= start else { throw .endBeforeStart(start: start, end: end) }
        for (index, milestone) in milestones.enumerated() {
            guard milestone.date >= start, milestone.date <= end else {
                throw .milestoneOutsideWindow(index: index, milestone: milestone, start: start, end: end)
            }
            guard milestone.share > 0, milestone.share <= 1 + Targets.tolerance else {
                throw .shareOutOfRange(index: index, milestone: milestone)
            }
            if index > 0 {
                let previous = milestones[index - 1]
                guard milestone.date > previous.date else {
                    throw .milestonesNotIncreasing(index: index, milestone: milestone, previous: previous)
                }
                guard milestone.share > previous.share else {
                    throw .sharesNotIncreasing(index: index, milestone: milestone, previous: previous)
                }
            }
        }
        guard let last = milestones.last, abs(last.share - 1) <= Targets.tolerance else {
            throw .lastShareNotFull(last: milestones.last)
        }
        self.start = start
        self.end = end
        self.milestones = milestones
    }

    /// The number of days in the window, both ends included.
    public var windowDays: Int { end - start + 1 }
}

/// Where a unit stands against its target on a given day of a campaign.
///
/// Named `TargetProgress` rather than `Progress` so that it does not clash with Foundation's `Progress` in files that
/// import both.
public struct TargetProgress: Hashable, Sendable {
    /// How achievement compares with the milestones.
    public enum Status: String, Hashable, Sendable {
        /// Already at or above what the next milestone asks (after the last milestone: the whole target).
        case ahead
        /// At or above what the last milestone passed asks, but not yet what the next one asks.
        case onTrack
        /// Below what the last milestone passed asks.
        case behind
    }

    /// The unit's target.
    public let target: Int
    /// What the unit has achieved so far.
    public let achieved: Double
    /// The day of this reading.
    public let asOf: CampaignDate
    /// `achieved` ÷ `target` × 100; nil when the target is 0.
    public let percent: Double?
    /// What the last milestone passed asks (0 before the first milestone).
    public let dueNow: Int
    /// The last milestone whose date is on or before `asOf`; nil before the first.
    public let lastMilestone: Milestone?
    /// The first milestone after `asOf`; nil after the last.
    public let nextMilestone: Milestone?
    /// What the next milestone asks; nil after the last.
    public let nextDue: Int?
    /// What is still missing for the next milestone (`nextDue − achieved`), or for the whole target after the last
    /// milestone; negative when the unit is already beyond it.
    public let gap: Double
    /// Ahead, on track or behind.
    public let status: Status
    /// Days from the start to `asOf`, both included, at most the campaign window.
    public let elapsedDays: Int
    /// The days of the campaign window, both ends included.
    public let windowDays: Int
    /// What the unit reaches by the end at its average pace so far: `achieved ÷ elapsedDays × windowDays`.
    public let projectedTotal: Double
    /// True when ``projectedTotal`` falls short of the target and the target is not yet reached.
    public let atRisk: Bool
    /// The day the unit reaches its target at its average pace so far: `start + ⌈target ÷ pace⌉ − 1`; may be after
    /// the end. Nil when nothing has been achieved, the target is 0, or the pace would take over 100,000 years.
    public let projectedDate: CampaignDate?
    /// True when `achieved` is at least the target.
    public let completed: Bool
}

/// A problem with targets or a campaign, with a sentence a clerk can act on.
///
/// Shaped like the main project's `TallyError` (`errorCode`, `message`, `description`), so it can conform there
/// with an empty extension.
public struct TargetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; the raw values never change between releases.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A milestone's date is not after the one before it.
        case milestonesNotIncreasing
        /// A milestone's share is not more than the one before it.
        case sharesNotIncreasing
        /// The last milestone is not 100% of the target, or there are no milestones.
        case lastShareNotFull
        /// A milestone's share is not more than 0% and at most 100%.
        case shareOutOfRange
        /// A milestone's date is before the campaign starts or after it ends.
        case milestoneOutsideWindow
        /// The campaign ends before it starts.
        case endBeforeStart
        /// Progress is asked for a day before the campaign starts.
        case asOfBeforeStart
        /// A target is below zero.
        case negativeTarget
        /// The targets of a unit's children add up to more than its own target.
        case contradiction
        /// No unit has a target.
        case noTarget
    }

    /// What went wrong.
    public let code: Code
    /// The unit concerned (an index into the ``TargetTree``), when there is one.
    public let unit: Int?
    /// The sentence shown to the user.
    public let message: String

    /// An error with its sentence.
    public init(_ code: Code, unit: Int? = nil, message: String) {
        self.code = code
        self.unit = unit
        self.message = message
    }

    /// A stable identifier such as `targets.contradiction`.
    public var errorCode: String { "targets.\(code.rawValue)" }

    /// The message, so that `print(error)` shows the sentence.
    public var description: String { message }
}

extension TargetError {
    /// A target below zero, given for a named unit or on its own.
    static func negativeTarget(_ target: Int, unit: Int? = nil, name: String? = nil) -> TargetError {
        let subject = name.map { "the target of \($0) is \(target)" } ?? "the target is \(target)"
        return TargetError(
            .negativeTarget, unit: unit, message: "\(subject); a target must be a whole number of 0 or more")
    }

    /// No explicit target anywhere in the tree.
    static let noTarget = TargetError(
        .noTarget, message: "no unit has a target; give a target for at least one unit, such as the top unit")

    /// Children whose fixed targets exceed their parent's.
    static func contradiction(
        parent: Int, tree: TargetTree, children: [(unit: Int, target: Int)], sum: Int, target: Int, explicit: Bool
    ) -> TargetError {
        let name = tree.name(of: parent)
        let shown = children.prefix(6).map { "\(tree.name(of: $0.unit)) \($0.target)" }.joined(separator: ", ")
        let more = children.count > 6 ? " and \(children.count - 6) more" : ""
        let own: String
        if explicit {
            own = "its own target of \(target)"
        } else {
            let above = tree.parent(of: parent).map { tree.name(of: $0) } ?? "its parent"
            own = "its target of \(target), which is its share of \(above)'s target"
        }
        return TargetError(
            .contradiction, unit: parent,
            message: "the targets of \(name)'s children add up to \(sum) (\(shown)\(more)), more than \(own); "
                + "lower the children's targets or raise \(name)'s")
    }

    /// A campaign whose end is before its start.
    static func endBeforeStart(start: CampaignDate, end: CampaignDate) -> TargetError {
        TargetError(.endBeforeStart, message: "the campaign ends on \(end), before it starts on \(start)")
    }

    /// A milestone outside the campaign window.
    static func milestoneOutsideWindow(
        index: Int, milestone: Milestone, start: CampaignDate, end: CampaignDate
    ) -> TargetError {
        TargetError(
            .milestoneOutsideWindow,
            message: "milestone \(index + 1) (\(milestone.date)) is outside the campaign, which runs from \(start) "
                + "to \(end); move the milestone or the campaign dates")
    }

    /// A milestone share that is not in (0, 1].
    static func shareOutOfRange(index: Int, milestone: Milestone) -> TargetError {
        TargetError(
            .shareOutOfRange,
            message: "milestone \(index + 1) (\(milestone.date)) asks for \(percentText(milestone.share)) of the "
                + "target; a milestone must ask for more than 0% and at most 100%")
    }

    /// Two milestones out of date order.
    static func milestonesNotIncreasing(index: Int, milestone: Milestone, previous: Milestone) -> TargetError {
        TargetError(
            .milestonesNotIncreasing,
            message: "milestone \(index + 1) (\(milestone.date)) is not after milestone \(index) "
                + "(\(previous.date)); list the milestones in date order, each on a later day")
    }

    /// Two milestones whose shares do not increase.
    static func sharesNotIncreasing(index: Int, milestone: Milestone, previous: Milestone) -> TargetError {
        TargetError(
            .sharesNotIncreasing,
            message: "milestone \(index + 1) (\(milestone.date)) asks for \(percentText(milestone.share)) of the "
                + "target, not more than the \(percentText(previous.share)) of milestone \(index) "
                + "(\(previous.date)); each milestone must ask for more than the one before")
    }

    /// A last milestone below 100%, or no milestone at all.
    static func lastShareNotFull(last: Milestone?) -> TargetError {
        guard let last else {
            return TargetError(
                .lastShareNotFull,
                message: "the campaign has no milestones; add at least one, the last asking for 100% of the target")
        }
        return TargetError(
            .lastShareNotFull,
            message: "the last milestone (\(last.date)) asks for \(percentText(last.share)) of the target; "
                + "the last milestone must ask for 100%")
    }

    /// Progress asked for before the campaign.
    static func asOfBeforeStart(asOf: CampaignDate, start: CampaignDate) -> TargetError {
        TargetError(
            .asOfBeforeStart,
            message: "progress is asked for \(asOf), before the campaign starts on \(start); "
                + "choose a day from \(start) on")
    }

    /// A share as a percentage without needless decimals: `60%`, `62.5%`.
    static func percentText(_ share: Double) -> String {
        guard share.isFinite else { return "\(share)" }
        let percent = (share * 100 * 1e6).rounded() / 1e6
        if percent == percent.rounded(), abs(percent) < 1e15 { return "\(Int(percent))%" }
        return "\(percent)%"
    }
}

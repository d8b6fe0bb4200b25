/// A problem with targets or a campaign, with a sentence a clerk can act on, in Chinese and English.
///
/// Shaped like the main project's `TallyError` (`errorCode`, `message`, `description`), so it can conform there
/// with a small extension; the module has no Tally types, so each sentence is written here in both languages,
/// side by side (``chineseMessage`` and ``message``).
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
    /// The sentence shown to the user, in English.
    public let message: String
    /// The sentence shown to the user, in Simplified Chinese.
    public let chineseMessage: String

    /// An error with its sentence in Chinese (`zh`) and English (`en`).
    public init(_ code: Code, unit: Int? = nil, zh: String, en: String) {
        self.code = code
        self.unit = unit
        self.message = en
        self.chineseMessage = zh
    }

    /// A stable identifier such as `targets.contradiction`.
    public var errorCode: String { "targets.\(code.rawValue)" }

    /// The message, so that `print(error)` shows the sentence.
    public var description: String { message }
}

extension TargetError {
    /// A target below zero, given for a named unit or on its own.
    static func negativeTarget(_ target: Int, unit: Int? = nil, name: String? = nil) -> TargetError {
        TargetError(
            .negativeTarget, unit: unit,
            zh: (name.map { "\($0)的目标是\(target)" } ?? "目标是\(target)") + "；目标必须是0或更大的整数",
            en: (name.map { "the target of \($0) is \(target)" } ?? "the target is \(target)")
                + "; a target must be a whole number of 0 or more")
    }

    /// No explicit target anywhere in the tree.
    static let noTarget = TargetError(
        .noTarget, zh: "没有单位有目标；请至少给一个单位（如最上级单位）定目标",
        en: "no unit has a target; give a target for at least one unit, such as the top unit")

    /// Children whose fixed targets exceed their parent's.
    static func contradiction(
        parent: Int, tree: TargetTree, children: [(unit: Int, target: Int)], sum: Int, target: Int, explicit: Bool
    ) -> TargetError {
        let name = tree.name(of: parent)
        let shown = children.prefix(6).map { "\(tree.name(of: $0.unit)) \($0.target)" }
        let more: (zh: String, en: String) =
            children.count > 6 ? ("等（另有\(children.count - 6)个）", " and \(children.count - 6) more") : ("", "")
        let own: (zh: String, en: String)
        if explicit {
            own = ("它自己的目标\(target)", "its own target of \(target)")
        } else {
            let above = tree.parent(of: parent).map { tree.name(of: $0) }
            own = (
                "它的目标\(target)（这是它在\(above ?? "上级")的目标中分得的份额）",
                "its target of \(target), which is its share of \(above ?? "its parent")'s target"
            )
        }
        return TargetError(
            .contradiction, unit: parent,
            zh: "\(name)的下级单位目标合计\(sum)（\(shown.joined(separator: "、"))\(more.zh)），超过了\(own.zh)；"
                + "请降低下级单位的目标，或提高\(name)的目标",
            en:
                "the targets of \(name)'s children add up to \(sum) (\(shown.joined(separator: ", "))\(more.en)), more than \(own.en); "
                + "lower the children's targets or raise \(name)'s")
    }

    /// A campaign whose end is before its start.
    static func endBeforeStart(start: CampaignDate, end: CampaignDate) -> TargetError {
        TargetError(
            .endBeforeStart, zh: "专项行动的结束日期 \(end) 早于开始日期 \(start)",
            en: "the campaign ends on \(end), before it starts on \(start)")
    }

    /// A milestone outside the campaign window.
    static func milestoneOutsideWindow(
        index: Int, milestone: Milestone, start: CampaignDate, end: CampaignDate
    ) -> TargetError {
        TargetError(
            .milestoneOutsideWindow,
            zh: "第\(index + 1)个节点（\(milestone.date)）不在专项行动期间（\(start)至\(end)）内；请调整节点或专项行动的日期",
            en: "milestone \(index + 1) (\(milestone.date)) is outside the campaign, which runs from \(start) "
                + "to \(end); move the milestone or the campaign dates")
    }

    /// A milestone share that is not in (0, 1].
    static func shareOutOfRange(index: Int, milestone: Milestone) -> TargetError {
        TargetError(
            .shareOutOfRange,
            zh: "第\(index + 1)个节点（\(milestone.date)）要求完成目标的\(percentText(milestone.share))；"
                + "节点要求的比例必须大于0%且不超过100%",
            en: "milestone \(index + 1) (\(milestone.date)) asks for \(percentText(milestone.share)) of the "
                + "target; a milestone must ask for more than 0% and at most 100%")
    }

    /// Two milestones out of date order.
    static func milestonesNotIncreasing(index: Int, milestone: Milestone, previous: Milestone) -> TargetError {
        TargetError(
            .milestonesNotIncreasing,
            zh: "第\(index + 1)个节点（\(milestone.date)）不晚于第\(index)个节点（\(previous.date)）；"
                + "请按日期顺序列出节点，每个都在更晚的日子",
            en: "milestone \(index + 1) (\(milestone.date)) is not after milestone \(index) "
                + "(\(previous.date)); list the milestones in date order, each on a later day")
    }

    /// Two milestones whose shares do not increase.
    static func sharesNotIncreasing(index: Int, milestone: Milestone, previous: Milestone) -> TargetError {
        TargetError(
            .sharesNotIncreasing,
            zh: "第\(index + 1)个节点（\(milestone.date)）要求完成目标的\(percentText(milestone.share))，"
                + "不多于第\(index)个节点（\(previous.date)）的\(percentText(previous.share))；每个节点要求的比例必须比前一个多",
            en: "milestone \(index + 1) (\(milestone.date)) asks for \(percentText(milestone.share)) of the "
                + "target, not more than the \(percentText(previous.share)) of milestone \(index) "
                + "(\(previous.date)); each milestone must ask for more than the one before")
    }

    /// A last milestone below 100%, or no milestone at all.
    static func lastShareNotFull(last: Milestone?) -> TargetError {
        guard let last else {
            return TargetError(
                .lastShareNotFull, zh: "专项行动没有节点；请至少加一个，最后一个要求完成目标的100%",
                en: "the campaign has no milestones; add at least one, the last asking for 100% of the target")
        }
        return TargetError(
            .lastShareNotFull,
            zh: "最后一个节点（\(last.date)）要求完成目标的\(percentText(last.share))；最后一个节点必须要求100%",
            en: "the last milestone (\(last.date)) asks for \(percentText(last.share)) of the target; "
                + "the last milestone must ask for 100%")
    }

    /// Progress asked for before the campaign.
    static func asOfBeforeStart(asOf: CampaignDate, start: CampaignDate) -> TargetError {
        TargetError(
            .asOfBeforeStart,
            zh: "要查看的日期 \(asOf) 早于专项行动开始的 \(start)；请选 \(start) 及以后的日子",
            en: "progress is asked for \(asOf), before the campaign starts on \(start); "
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

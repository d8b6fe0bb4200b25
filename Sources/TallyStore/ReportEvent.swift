/// One step of a report's submission and approval (a report is a dataset × org unit × period): who did what, when.
///
/// A data set with attribute categories (a partner) also has a report per attribute option combo
/// (``attributeCombo``): DHIS2's complete registration per partner. Its events are numbered on their own.
///
/// A report's events are numbered from 1 in the order they happened (``seq``); a store adds an event only at the
/// next free number, so two people acting on the same report at once cannot both succeed.
public struct ReportEvent: Equatable, Sendable {
    /// The dataset's code.
    public var dataset: String
    /// The reporting unit's code.
    public var orgUnit: String
    /// The period identifier, such as `202510`.
    public var period: String
    /// The attribute option combo's code (`pa`) of a registration per partner; empty for the report as a whole.
    public var attributeCombo: String
    /// The event's place among the report's events, from 1.
    public var seq: Int
    /// What was done.
    public var action: ReportAction
    /// Why (a return's comment); empty when none was given.
    public var comment: String
    /// The user who did it.
    public var by: String
    /// When, seconds since 1970 (UTC).
    public var at: Int64

    /// An event.
    public init(
        dataset: String, orgUnit: String, period: String, attributeCombo: String = "", seq: Int,
        action: ReportAction, comment: String = "", by: String, at: Int64
    ) {
        self.dataset = dataset
        self.orgUnit = orgUnit
        self.period = period
        self.attributeCombo = attributeCombo
        self.seq = seq
        self.action = action
        self.comment = comment
        self.by = by
        self.at = at
    }
}

/// What was done to a report.
public enum ReportAction: String, Sendable, CaseIterable, Codable {
    /// The unit's clerk declared the report complete (上报).
    case submit
    /// The clerk changed a submitted report's values, which takes the submission back.
    case withdraw
    /// The first approval level approved it (审核通过).
    case approve
    /// An approver sent it back to the clerk with a comment (退回).
    case `return`
    /// A higher approval level accepted the level below's approval (验收).
    case accept
    /// An approver undid the latest approval or acceptance (撤销审核).
    case unapprove
}

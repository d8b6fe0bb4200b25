public import TallyText

/// Where one report (a dataset × org unit × period) stands in submission and approval.
public enum ReportStage: String, Sendable, CaseIterable, Codable {
    /// Not submitted (or the submission was taken back by a change).
    case open
    /// Submitted by the unit's clerk, waiting for the first approval level.
    case submitted
    /// Sent back to the clerk with a comment; the clerk fixes it and submits again.
    case returned
    /// Approved by the first approval level; locked for clerks.
    case approved
    /// Accepted by a higher approval level; locked for clerks.
    case accepted
}

extension ReportStage {
    /// The stage's label (`已审核` / `approved`).
    public var label: Label {
        switch self {
        case .open: .stageOpen
        case .submitted: .stageSubmitted
        case .returned: .stageReturned
        case .approved: .stageApproved
        case .accepted: .stageAccepted
        }
    }

    /// The stage's name in every language.
    public var names: Localized<String> { Localized.each { label.text($0) } }
}

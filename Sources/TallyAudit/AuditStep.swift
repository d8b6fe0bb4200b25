/// A part of the audit's work: it reads what it needs once and adds the findings of one or more checks.
///
/// Most checks are their own step. The four reporting checks share one (``ReportingStep``): one reading of
/// each report's first-stored time gives what was received, on time, missing and late.
protocol AuditStep {
    /// The checks whose findings the step makes, in the order the reports list them.
    static var checks: [any AuditCheck.Type] { get }
    /// Adds the step's findings (and any totals) to the audit.
    static func run(_ audit: inout AuditRun) throws
}

extension AuditStep where Self: AuditCheck {
    static var checks: [any AuditCheck.Type] { [Self.self] }
}

/// The data elements the generator writes, with their codes in `tally.yaml`.
public enum DemoElement: String, Sendable, Hashable, CaseIterable {
    /// Yearly population (average aggregation).
    case population
    /// Live births, disaggregated by sex (`male`/`female`).
    case births
    /// Births of order three and higher.
    case birthsOrder3 = "births_order3"
    /// Birth registrations.
    case registrations
    /// Antenatal first visits, as reported.
    case ancVisits = "anc_visits"
    /// Antenatal first visits, as verified.
    case ancVisitsVerified = "anc_visits_verified"
    /// Child health checks, as reported.
    case childChecks = "child_checks"
    /// Child health checks, as verified.
    case childChecksVerified = "child_checks_verified"

    /// The element's code in the metadata and the data file.
    public var code: String { rawValue }

    /// The elements of the monthly report, in the order their rows are written.
    public static let monthly: [DemoElement] = [
        .births, .birthsOrder3, .registrations, .ancVisits, .ancVisitsVerified, .childChecks, .childChecksVerified,
    ]

    /// Values per village-month: the monthly elements with births split by sex.
    public static let valuesPerMonthlyReport = 8
}

/// The data-quality problems seeded into the generated data, so that tests can check that an audit finds them.
///
/// Apart from these the data are clean: every village reports every month within the due window, and values
/// vary only by Poisson and binomial noise. ``DemoCounty/seededProblems`` describes each kind in words.
public struct DemoProblems: Sendable, Hashable {
    /// One village-month: a reporting unit and a monthly period.
    public struct Cell: Sendable, Hashable {
        /// The village's code.
        public var orgUnit: String
        /// The monthly period id, such as `202510`.
        public var period: String

        /// A village-month.
        public init(orgUnit: String, period: String) {
            self.orgUnit = orgUnit
            self.period = period
        }
    }

    /// A report entered long after the due date.
    public struct LateReport: Sendable, Hashable {
        /// The village-month.
        public var cell: Cell
        /// When all its values were entered (seconds since 1970, UTC).
        public var lastUpdated: Int64
        /// Days between the end of the month and the entry (25–60).
        public var daysAfterPeriodEnd: Int

        /// A late report.
        public init(cell: Cell, lastUpdated: Int64, daysAfterPeriodEnd: Int) {
            self.cell = cell
            self.lastUpdated = lastUpdated
            self.daysAfterPeriodEnd = daysAfterPeriodEnd
        }
    }

    /// A value typed ten times too large.
    public struct Outlier: Sendable, Hashable {
        /// The village-month.
        public var cell: Cell
        /// The element whose value is wrong.
        public var element: DemoElement
        /// The value in the data.
        public var value: Int
        /// The value the clerk meant (`value / 10`); the verified counterpart is based on it.
        public var intendedValue: Int

        /// An outlier.
        public init(cell: Cell, element: DemoElement, value: Int, intendedValue: Int) {
            self.cell = cell
            self.element = element
            self.value = value
            self.intendedValue = intendedValue
        }
    }

    /// A town whose villages systematically misreport.
    public struct TownProblem: Sendable, Hashable {
        /// The town's code.
        public var town: String
        /// The town's name.
        public var name: String
        /// The affected elements.
        public var elements: [DemoElement]
        /// Reported over expected (births) or verified over reported (services).
        public var factor: Double
        /// The affected monthly periods.
        public var periods: [String]

        /// A town problem.
        public init(town: String, name: String, elements: [DemoElement], factor: Double, periods: [String]) {
            self.town = town
            self.name = name
            self.elements = elements
            self.factor = factor
            self.periods = periods
        }
    }

    /// Village-months with no values at all (different villages, spread over the last year).
    public var missingReports: [Cell]
    /// Village-months entered 25–60 days after the end of the month.
    public var lateReports: [LateReport]
    /// Values typed ten times too large, in the last year.
    public var outliers: [Outlier]
    /// Towns whose villages report only about 62 % of the births their population implies, all 36 months.
    public var underReportingTowns: [TownProblem]
    /// Towns whose verified antenatal visits and child checks are only about 70 % of the reported ones,
    /// in the last 12 months.
    public var overReportingTowns: [TownProblem]

    /// A set of problems.
    public init(
        missingReports: [Cell], lateReports: [LateReport], outliers: [Outlier], underReportingTowns: [TownProblem],
        overReportingTowns: [TownProblem]
    ) {
        self.missingReports = missingReports
        self.lateReports = lateReports
        self.outliers = outliers
        self.underReportingTowns = underReportingTowns
        self.overReportingTowns = overReportingTowns
    }
}

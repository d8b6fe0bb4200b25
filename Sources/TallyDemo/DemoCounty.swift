/// A deterministic synthetic county (or province) in Tally's input formats: `tally.yaml`, `orgunits.csv` and
/// `data.csv`.
///
/// The same seed and scale always give byte-identical output. Villages report yearly population (2023–2026)
/// and a monthly births and services report for October 2023 to September 2026 (36 months, three reporting
/// years). The data are clean apart from the problems listed in ``problems`` and described in
/// ``seededProblems``. Data rows are generated on the fly, so even the province scale (~7 M rows) streams in
/// constant memory.
public struct DemoCounty: Sendable {
    /// The size of the generated area.
    public let scale: DemoScale
    /// The seed of every random draw.
    public let seed: UInt64
    /// All org units, parents before children.
    public let orgUnits: [DemoOrgUnit]
    /// The problems seeded into the data.
    public internal(set) var problems: DemoProblems

    /// The town index of each village.
    let villageTown: [Int]
    /// Each village's code.
    let villageCodes: [String]
    /// Each village's clerk (`clerk_` and the code).
    let villageClerks: [String]
    /// Each village's code as 12 ASCII bytes, back to back.
    let villageCodeBytes: [UInt8]
    /// Population per village and year: index `village * years + year`.
    let population: [Int]
    /// Problem flags per town (``underReportingFlag``, ``overReportingFlag``).
    var townFlags: [UInt8]
    /// Problem flags per village-month: index `village * months + month`.
    var cellFlags: [UInt8]

    /// The first year with population values.
    public static let firstYear = 2023
    /// The number of years with population values.
    public static let years = 4
    /// The number of months with monthly reports (October 2023 to September 2026).
    public static let months = 36
    /// The yearly period ids: `2023` … `2026`.
    public static let yearlyPeriods: [String] = (0..<years).map { String(firstYear + $0) }
    /// The monthly period ids: `202310` … `202609`.
    public static let monthlyPeriods: [String] = (0..<months).map {
        let (year, month) = calendarMonth($0)
        return String(year * 100 + month)
    }

    /// The crude birth rate of the first reporting year (October 2023 to September 2024).
    public static let initialBirthRate = 0.010
    /// The yearly decline of the birth rate (6 %).
    public static let birthRateDecline = 0.94
    /// Males per female at birth.
    public static let sexRatioAtBirth = 1.10
    /// Share of births of order three and higher.
    public static let order3Share = 0.09
    /// Share of births that are registered.
    public static let registrationShare = 0.96
    /// Antenatal first visits per (true) birth.
    public static let ancPerBirth = 1.1
    /// Child health checks per person and month.
    public static let childChecksPerPerson = 0.006
    /// Share of reported services that verification confirms.
    public static let verifiedShare = 0.985
    /// Reported over expected births in an under-reporting town.
    public static let underReportingFactor = 0.62
    /// Verified over reported services in an over-reporting town (last 12 months).
    public static let overReportingFactor = 0.70

    static let underReportingFlag: UInt8 = 1
    static let overReportingFlag: UInt8 = 2
    static let missingFlag: UInt8 = 1
    static let lateFlag: UInt8 = 2
    static let outlierFlag: UInt8 = 4

    /// Generates the tree, populations and seeded problems; data values are generated when read.
    public init(scale: DemoScale = .county, seed: UInt64 = 2025_10_01) {
        self.scale = scale
        self.seed = seed
        let layout = DemoLayout(scale: scale, seed: seed)
        orgUnits = layout.units
        villageTown = layout.villageTown
        villageCodes = layout.villageCodes
        villageClerks = layout.villageCodes.map { "clerk_" + $0 }
        villageCodeBytes = layout.villageCodes.flatMap { Array($0.utf8) }
        var population: [Int] = []
        population.reserveCapacity(layout.basePopulation.count * Self.years)
        for (v, base) in layout.basePopulation.enumerated() {
            var rng = DemoRandom(seed: seed, tag: 4, v)
            let drift = rng.uniform(-0.01...0.01)
            var value = Double(base)
            for _ in 0..<Self.years {
                population.append(Int(value.rounded()))
                value *= 1 + drift + rng.uniform(-0.002...0.002)
            }
        }
        self.population = population
        townFlags = [UInt8](repeating: 0, count: layout.townCodes.count)
        cellFlags = [UInt8](repeating: 0, count: layout.villageCodes.count * Self.months)
        problems = DemoProblems(
            missingReports: [], lateReports: [], outliers: [], underReportingTowns: [], overReportingTowns: [])
        seedProblems(townCodes: layout.townCodes, townNames: layout.townNames)
    }

    /// The number of reporting units (villages and communities).
    public var villageCount: Int { villageCodes.count }

    /// The codes of the reporting units, in data order.
    public var villages: [String] { villageCodes }

    /// The number of rows ``forEachDataRow(_:)`` and ``writeDataCSV(to:)`` produce.
    public var dataRowCount: Int {
        let missing = cellFlags.reduce(0) { $0 + Int($1 & Self.missingFlag) }
        return villageCount * Self.years
            + (villageCount * Self.months - missing) * DemoElement.valuesPerMonthlyReport
    }

    /// A village's population in a year (2023–2026), or `nil` for an unknown village or year.
    public func population(of village: String, year: Int) -> Int? {
        guard let v = villageCodes.firstIndex(of: village), (0..<Self.years).contains(year - Self.firstYear) else {
            return nil
        }
        return population[v * Self.years + year - Self.firstYear]
    }

    /// The crude birth rate (per person and year) of a reporting year (0 = October 2023 to September 2024).
    public static func birthRate(reportingYear: Int) -> Double {
        var rate = initialBirthRate
        for _ in 0..<max(reportingYear, 0) { rate *= birthRateDecline }
        return rate
    }

    /// The calendar year and month of month index `index` (0 = October 2023).
    static func calendarMonth(_ index: Int) -> (year: Int, month: Int) {
        let total = 2023 * 12 + 9 + index
        return (total / 12, total % 12 + 1)
    }

    /// The org units as `orgunits.csv`: `code,name,parent,name_en`, parents before children, LF line ends.
    public func orgUnitsCSV() -> String {
        DemoCSV.text(
            [["code", "name", "parent", "name_en"]]
                + orgUnits.map { [$0.code, $0.name, $0.parentCode ?? "", $0.englishName ?? ""] })
    }

    /// Descriptions of the seeded data-quality problems (counts are for the demo county; a province has
    /// proportionally more).
    public static let seededProblems: [String] = [
        "Missing reports: 6 village-months have no monthly values at all; different villages, spread over the "
            + "last reporting year (October 2025 to September 2026).",
        "Late reports: 15 village-months were entered 25–60 days after the end of the month instead of within "
            + "the 10-day due window.",
        "Outliers: 3 child_checks values in the last reporting year were typed ten times too large "
            + "(e.g. 40 → 400); their verified counterparts keep the intended value.",
        "Under-reported births: the villages of 白沙乡 (every 12th town from the fourth in a province) report "
            + "only about 62 % of the births their population implies, in all 36 months; births_order3 and "
            + "registrations are consistent with the reported births, antenatal visits are not.",
        "Over-reported services: in 桃源镇 (every 12th town from the fifth in a province) the verified antenatal "
            + "first visits and child health checks are only about 70 % of the reported ones in the last 12 months.",
        "Two lists of births (the county only, towns.csv): each town's hospitals report 90 % of its true births, "
            + "and the office counts the births found on both lists; the villages' list holds 97 % of them, but "
            + "only about 60 % in 白沙乡, whose capture–recapture completeness falls far below the 85 % required.",
        "Survey and census (the county only): a household survey finds about 60 % of 白沙乡's births registered "
            + "(the metadata's review.external), and the census population of the ninth town is 14 % above its "
            + "villages' population.",
    ]
}

import Foundation

extension DemoCounty {
    /// The eight values of one village-month report and when it was entered.
    struct MonthlyReport {
        var male = 0
        var female = 0
        var order3 = 0
        var registrations = 0
        var anc = 0
        var ancVerified = 0
        var checks = 0
        var checksVerified = 0
        var lastUpdated: Int64 = 0

        /// The value of slot `slot` in row order (see ``DemoCounty/slots``).
        @inline(__always)
        func value(_ slot: Int) -> Int {
            switch slot {
            case 0: male
            case 1: female
            case 2: order3
            case 3: registrations
            case 4: anc
            case 5: ancVerified
            case 6: checks
            default: checksVerified
            }
        }
    }

    /// The element and category option combo of each slot of a monthly report, in row order.
    static let slots: [(element: DemoElement, combo: String)] = [
        (.births, "male"), (.births, "female"), (.birthsOrder3, ""), (.registrations, ""), (.ancVisits, ""),
        (.ancVisitsVerified, ""), (.childChecks, ""), (.childChecksVerified, ""),
    ]

    /// Seasonality of births: ±10 % around the mean, highest in December and lowest in June.
    static func season(_ month: Int) -> Double {
        1 + 0.1 * cos(2 * Double.pi * Double(month - 12) / 12)
    }

    /// The births a village's population implies in a month (before any under-reporting).
    func expectedBirths(village v: Int, month m: Int) -> Double {
        let (year, calendarMonth) = Self.calendarMonth(m)
        let people = Double(population[v * Self.years + year - Self.firstYear])
        return people * Self.birthRate(reportingYear: m / 12) / 12 * Self.season(calendarMonth)
    }

    /// The report of village `v` for month `m`, drawn from the cell's own random stream; outliers applied.
    func report(village v: Int, month m: Int) -> MonthlyReport {
        var rng = DemoRandom(seed: seed, tag: 1, v, m)
        let (year, _) = Self.calendarMonth(m)
        let people = Double(population[v * Self.years + year - Self.firstYear])
        let flags = townFlags[villageTown[v]]
        let trueBirths = expectedBirths(village: v, month: m)
        let under = flags & Self.underReportingFlag != 0
        let over = flags & Self.overReportingFlag != 0 && m >= Self.months - 12
        var r = MonthlyReport()
        let births = rng.poisson(trueBirths * (under ? Self.underReportingFactor : 1))
        r.male = rng.binomial(births, Self.sexRatioAtBirth / (1 + Self.sexRatioAtBirth))
        r.female = births - r.male
        r.order3 = rng.binomial(births, Self.order3Share)
        r.registrations = rng.binomial(births, Self.registrationShare)
        r.anc = rng.poisson(trueBirths * Self.ancPerBirth)
        r.ancVerified = rng.binomial(r.anc, over ? Self.overReportingFactor : Self.verifiedShare)
        r.checks = rng.poisson(people * Self.childChecksPerPerson)
        r.checksVerified = rng.binomial(r.checks, over ? Self.overReportingFactor : Self.verifiedShare)
        let cell = cellFlags[v * Self.months + m]
        if cell & Self.outlierFlag != 0 { r.checks *= 10 }
        r.lastUpdated = entryTime(village: v, month: m, late: cell & Self.lateFlag != 0)
        return r
    }

    /// When a monthly report was entered: 1–9 days after the month end (25–60 when late), on a working day,
    /// between 08:30 and 17:30 Beijing time (written in UTC).
    func entryTime(village v: Int, month m: Int, late: Bool) -> Int64 {
        var rng = DemoRandom(seed: seed, tag: 2, v, m)
        let (year, month) = Self.calendarMonth(m)
        let end = DemoCalendar.lastDay(year: year, month: month)
        let range = late ? 25...60 : 1...9
        let offset = DemoCalendar.workingOffset(rng.int(range), after: end, in: range)
        return Self.workingTime(day: end + offset, rng: &rng)
    }

    /// When a year's population was entered: 5–20 January of the following year, on a working day.
    func populationEntryTime(village v: Int, year y: Int) -> Int64 {
        var rng = DemoRandom(seed: seed, tag: 3, v, y)
        let start = DemoCalendar.day(year: Self.firstYear + y + 1, month: 1, day: 1)
        let offset = DemoCalendar.workingOffset(rng.int(4...19), after: start, in: 4...19)
        return Self.workingTime(day: start + offset, rng: &rng)
    }

    /// A moment between 00:30 and 09:30 UTC (08:30–17:30 in Beijing) on day `day`.
    static func workingTime(day: Int, rng: inout DemoRandom) -> Int64 {
        let minute = rng.int(30...569)
        let second = rng.int(0...59)
        return Int64(day) * 86_400 + Int64(minute * 60 + second)
    }
}

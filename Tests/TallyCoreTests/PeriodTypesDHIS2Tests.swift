import TallyCore
import Testing

/// The DHIS2 period types beyond the calendar ones, each against dates worked out by hand from DHIS2's rules
/// (`DateUnitPeriodTypeParser`, the `*PeriodType` classes): week 1 of a week type is the week that holds 4
/// January; bi-weeks pair ISO weeks; the types from November are named by the year they end in.
@Suite("DHIS2 period types")
struct PeriodTypesDHIS2Tests {
    private func period(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Period? {
        do {
            return try Period(text)
        } catch {
            Issue.record("'\(text)' should parse: \(error.message)", sourceLocation: sourceLocation)
            return nil
        }
    }

    private func day(_ text: String) -> Day { Day.parse(text)! }

    @Test(
        "first and last days, number of days",
        arguments: [
            // Bi-weeks: ISO weeks 1–2 of 2015 start on Monday 29 December 2014. 2015 has 53 ISO weeks, so its
            // 27th bi-week is week 53 alone; 2016's first starts on 4 January.
            ("2015BiW1", "BiWeekly", "2014-12-29", "2015-01-11", 14),
            ("2015BiW2", "BiWeekly", "2015-01-12", "2015-01-25", 14),
            ("2015BiW26", "BiWeekly", "2015-12-14", "2015-12-27", 14),
            ("2015BiW27", "BiWeekly", "2015-12-28", "2016-01-03", 7),
            ("2016BiW1", "BiWeekly", "2016-01-04", "2016-01-17", 14),
            ("2020BiW27", "BiWeekly", "2020-12-28", "2021-01-03", 7),
            // Weeks from Wednesday: 4 January 2015 is a Sunday, the Wednesday before it 31 December 2014.
            ("2015WedW1", "WeeklyWednesday", "2014-12-31", "2015-01-06", 7),
            ("2017WedW18", "WeeklyWednesday", "2017-05-03", "2017-05-09", 7),
            ("2016WedW53", "WeeklyWednesday", "2016-12-28", "2017-01-03", 7),
            ("2017WedW1", "WeeklyWednesday", "2017-01-04", "2017-01-10", 7),
            ("2015ThuW1", "WeeklyThursday", "2015-01-01", "2015-01-07", 7),
            ("2017ThuW19", "WeeklyThursday", "2017-05-04", "2017-05-10", 7),
            ("2015FriW1", "WeeklyFriday", "2015-01-02", "2015-01-08", 7),
            ("2015SatW1", "WeeklySaturday", "2015-01-03", "2015-01-09", 7),
            ("2015SunW1", "WeeklySunday", "2015-01-04", "2015-01-10", 7),
            ("2025SunW53", "WeeklySunday", "2025-12-28", "2026-01-03", 7),
            ("2026SunW1", "WeeklySunday", "2026-01-04", "2026-01-10", 7),
            // Bi-months: 01B is January and February.
            ("201501B", "BiMonthly", "2015-01-01", "2015-02-28", 59),
            ("201601B", "BiMonthly", "2016-01-01", "2016-02-29", 60),
            ("201506B", "BiMonthly", "2015-11-01", "2015-12-31", 61),
            // Quarters from November: 2015NovQ1 starts in November 2014.
            ("2015NovQ1", "QuarterlyNov", "2014-11-01", "2015-01-31", 92),
            ("2015NovQ2", "QuarterlyNov", "2015-02-01", "2015-04-30", 89),
            ("2015NovQ3", "QuarterlyNov", "2015-05-01", "2015-07-31", 92),
            ("2015NovQ4", "QuarterlyNov", "2015-08-01", "2015-10-31", 92),
            // Halves from April (named by the year they start in) and from November (by the year they end in).
            ("2015AprilS1", "SixMonthlyApril", "2015-04-01", "2015-09-30", 183),
            ("2015AprilS2", "SixMonthlyApril", "2015-10-01", "2016-03-31", 183),
            ("2015NovS1", "SixMonthlyNov", "2014-11-01", "2015-04-30", 181),
            ("2015NovS2", "SixMonthlyNov", "2015-05-01", "2015-10-31", 184),
            // Financial years.
            ("2015Feb", "FinancialFeb", "2015-02-01", "2016-01-31", 365),
            ("2015Aug", "FinancialAug", "2015-08-01", "2016-07-31", 366),
            ("2015Sep", "FinancialSep", "2015-09-01", "2016-08-31", 366),
            ("2015Nov", "FinancialNov", "2014-11-01", "2015-10-31", 365),
            ("2016Nov", "FinancialNov", "2015-11-01", "2016-10-31", 366),
        ])
    func days(identifier: String, type: String, first: String, last: String, days: Int) {
        guard let p = period(identifier) else { return }
        #expect(p.type.dhis2Name == type)
        #expect(p.start == day(first))
        #expect(p.end == day(last))
        #expect(p.days == days)
        #expect(p.identifier == identifier)
        #expect(Period.containing(p.start, type: p.type) == p)
        #expect(Period.containing(p.end, type: p.type) == p)
    }

    @Test("the input forms 2015-01 and 2015-01-01, and DHIS2's letters in any case")
    func inputForms() {
        #expect(period("2015-01")?.identifier == "201501")
        #expect(period("2015-12")?.type == .monthly)
        #expect(period("2015-01-01")?.identifier == "20150101")
        #expect(period("2015-01..2015-03")?.identifier == "201501..201503")
        #expect(period("2015wedw01")?.identifier == "2015WedW1")
        #expect(period("2015biw3")?.identifier == "2015BiW3")
        #expect(period("201502b")?.identifier == "201502B")
        #expect(period("2015novs2")?.identifier == "2015NovS2")
        #expect(period("2015aprils1")?.identifier == "2015AprilS1")
    }

    @Test(
        "periods that do not exist",
        arguments: [
            ("2016BiW27", "does not exist: 2016 has 26 bi-weeks (52 ISO weeks)"),
            ("2015BiW0", "is not a valid bi-week; bi-weeks are numbered from 1"),
            ("2015WedW53", "does not exist: 2015 has 52 weeks from Wednesday"),
            ("2015SunW0", "is not a valid week; weeks from Sunday are numbered from 1"),
            ("201507B", "is not a valid bi-month; bi-months are 01B (January and February) to 06B"),
            ("2015NovQ5", "is not a valid quarter; quarters from November are NovQ1–NovQ4"),
            ("2015AprilS3", "is not a valid half-year; half-years from April are AprilS1 and AprilS2"),
            ("2015NovS0", "is not a valid half-year; half-years from November are NovS1 and NovS2"),
            ("2015-13", "is not a valid month"),
            ("2015-02-30", "is not a valid date"),
        ])
    func invalid(text: String, detail: String) {
        do {
            _ = try Period(text)
            Issue.record("'\(text)' should be refused")
        } catch {
            #expect(error.code == .invalidDate)
            #expect(error.message == "'\(text)' \(detail)")
        }
    }

    @Test(
        "text of no period shape",
        arguments: ["2015TueW1", "2015BiW", "2015BiW100", "2015MonW1", "2015NovQ12", "2015-1", "2015-01-1", "20150B"])
    func malformed(text: String) {
        #expect(throws: PeriodError.self) { try Period(text) }
        do { _ = try Period(text) } catch { #expect(error.code == .malformed) }
    }

    @Test("year boundaries: containing, next and previous, the same period last year")
    func boundaries() {
        #expect(Period.containing(day("2016-01-01"), type: .biWeekly).identifier == "2015BiW27")
        #expect(Period.containing(day("2016-01-04"), type: .biWeekly).identifier == "2016BiW1")
        #expect(Period.containing(day("2015-03-15"), type: .sixMonthlyNov).identifier == "2015NovS1")
        #expect(Period.containing(day("2015-11-15"), type: .sixMonthlyNov).identifier == "2016NovS1")
        #expect(Period.containing(day("2015-01-15"), type: .quarterlyNov).identifier == "2015NovQ1")
        #expect(Period.containing(day("2015-12-01"), type: .financialNov).identifier == "2016Nov")
        #expect(Period.containing(day("2026-01-01"), type: .weeklyWednesday).identifier == "2026WedW1")
        #expect(Period.containing(day("2015-12-31"), type: .weeklySunday).identifier == "2015SunW52")
        #expect(period("2015BiW27")?.shifted(by: 1).identifier == "2016BiW1")
        #expect(period("2016BiW1")?.previous.identifier == "2015BiW27")
        #expect(period("2016WedW53")?.shifted(by: 1).identifier == "2017WedW1")
        #expect(period("2015NovS2")?.shifted(by: 1).identifier == "2016NovS1")
        #expect(period("2015NovQ4")?.shifted(by: 1).identifier == "2016NovQ1")
        #expect(period("201506B")?.shifted(by: 1).identifier == "201601B")
        #expect(period("2016BiW1")?.sameLastYear.identifier == "2015BiW1")
        #expect(period("2015BiW27")?.sameLastYear.identifier == "2014BiW26")
        #expect(period("2016WedW53")?.sameLastYear.identifier == "2015WedW52")
        #expect(period("2015NovQ2")?.sameLastYear.identifier == "2014NovQ2")
        #expect(period("201503B")?.sameLastYear.identifier == "201403B")
        #expect(period("2015AprilS2")?.sameLastYear.identifier == "2014AprilS2")
        let range = period("2015BiW26..2016BiW2")
        #expect(range?.count == 4)
        #expect(range?.components.map(\.identifier) == ["2015BiW26", "2015BiW27", "2016BiW1", "2016BiW2"])
        #expect(range?.days == 14 + 7 + 14 + 14)
    }

    @Test("the week numbers written in the identifiers")
    func weekNumbers() {
        func numbers(_ text: String) -> [Int]? { period(text)?.weekNumber.map { [$0.year, $0.number] } }
        #expect(numbers("2015BiW27") == [2015, 27])
        #expect(numbers("2016WedW53") == [2016, 53])
        #expect(numbers("2015W1") == [2015, 1])
        #expect(numbers("201501") == nil)
    }

    @Test("which months and days a period of one type holds of another")
    func containment() {
        #expect(
            period("2015Q1")?.periods(of: .biWeekly).map(\.identifier) == [
                "2015BiW2", "2015BiW3", "2015BiW4", "2015BiW5", "2015BiW6", "2015BiW7",
            ])
        #expect(
            period("2015Nov")?.periods(of: .quarterlyNov).map(\.identifier) == [
                "2015NovQ1", "2015NovQ2", "2015NovQ3", "2015NovQ4",
            ])
        #expect(period("2015Nov")?.periods(of: .sixMonthlyNov).map(\.identifier) == ["2015NovS1", "2015NovS2"])
        #expect(period("2015April")?.periods(of: .sixMonthlyApril).map(\.identifier) == ["2015AprilS1", "2015AprilS2"])
        #expect(period("2015")?.periods(of: .biMonthly).count == 6)
        #expect(
            period("2015NovS1")?.periods(of: .monthly).map(\.identifier) == [
                "201411", "201412", "201501", "201502", "201503", "201504",
            ])
        #expect(period("2015AprilS1")?.contains(period("2015Q2")!) == true)
        #expect(period("2015AprilS1")?.contains(period("2015Q4")!) == false)
        #expect(period("2015")?.contains(period("2015NovQ1")!) == false)
    }

    @Test(
        "ADX durations read as the right type",
        arguments: [
            ("2014-12-29/P14D", "2015BiW1"),
            ("2015-12-14/P14D", "2015BiW26"),
            ("2015-01-05/P14D", "2015W2..2015W3"),  // the Monday of an even ISO week: two weeks
            ("2015-12-28/P14D", "2015W53..2016W1"),  // bi-week 27 of 2015 is 7 days long
            ("2015-01-07/P14D", "20150107..20150120"),
            ("2014-12-31/P7D", "2015WedW1"),
            ("2015-01-01/P7D", "2015ThuW1"),
            ("2015-01-02/P7D", "2015FriW1"),
            ("2015-01-03/P7D", "2015SatW1"),
            ("2015-01-04/P7D", "2015SunW1"),
            ("2015-01-06/P7D", "20150106..20150112"),  // DHIS2 has no weeks from Tuesday
            ("2014-12-29/P7D", "2015W1"),
            ("2015-01-01/P2M", "201501B"),
            ("2015-02-01/P2M", "201502..201503"),
            ("2014-11-01/P3M", "2015NovQ1"),
            ("2015-08-01/P3M", "2015NovQ4"),
            ("2015-03-01/P3M", "201503..201505"),
            ("2015-04-01/P6M", "2015AprilS1"),
            ("2015-10-01/P6M", "2015AprilS2"),
            ("2014-11-01/P6M", "2015NovS1"),
            ("2015-05-01/P6M", "2015NovS2"),
            ("2015-07-01/P6M", "2015S2"),
            ("2015-04-01/P12M", "2015Q2..2016Q1"),
            ("2015-02-01/P1Y", "2015Feb"),
            ("2015-08-01/P1Y", "2015Aug"),
            ("2015-09-01/P1Y", "2015Sep"),
            ("2014-11-01/P1Y", "2015Nov"),
        ])
    func adx(interval: String, identifier: String) throws {
        #expect(try Period(isoInterval: interval).identifier == identifier)
    }

    @Test("every single period of the new types writes an interval that reads back as itself")
    func adxRoundTrip() throws {
        for text in [
            "2015BiW1", "2015BiW26", "2015WedW1", "2016WedW53", "2015ThuW1", "2015FriW1", "2015SatW1", "2025SunW53",
            "201501B", "201506B", "2015NovQ1", "2015NovQ3", "2015AprilS1", "2015AprilS2", "2015NovS1", "2015NovS2",
            "2015Feb", "2015Aug", "2015Sep", "2015Nov",
        ] {
            let p = try Period(text)
            #expect(try Period(isoInterval: p.isoInterval) == p, "\(text) → \(p.isoInterval)")
        }
        #expect(try Period("2015BiW1").isoInterval == "2014-12-29/P14D")
        #expect(try Period("201501B").isoInterval == "2015-01-01/P2M")
        #expect(try Period("2015NovQ1").isoInterval == "2014-11-01/P3M")
        #expect(try Period("2015WedW1").isoInterval == "2014-12-31/P7D")
        #expect(try Period("2015Nov").isoInterval == "2014-11-01/P1Y")
    }

    /// The invariants `FuzzPeriod` and `FuzzISOPeriod` check, over every single period of every type in 2014–2027
    /// and ranges: an identifier reads back as its period; its interval covers its days; an interval read back
    /// writes the same interval.
    @Test("intervals round-trip for every period of every type")
    func intervalInvariants() throws {
        let first = Day(year: 2014, month: 1, day: 1)!
        let last = Day(year: 2027, month: 12, day: 31)!
        for type in PeriodType.allCases {
            var period = Period.containing(first, type: type)
            while period.start <= last {
                #expect(try Period(period.identifier) == period, "\(period.identifier)")
                let again = try Period(isoInterval: period.isoInterval)
                #expect(again.start == period.start && again.end == period.end, "\(period.identifier)")
                #expect(try Period(isoInterval: again.isoInterval) == again, "\(period.identifier)")
                let range = try Period("\(period.identifier)..\(period.shifted(by: 2).identifier)")
                let wide = try Period(isoInterval: range.isoInterval)
                #expect(wide.start == range.start && wide.end == range.end, "\(range.identifier)")
                #expect(try Period(isoInterval: wide.isoInterval) == wide, "\(range.identifier)")
                period = period.shifted(by: 1)
            }
        }
        #expect(try Period("2015BiW27").isoInterval == "2015-12-28/P7D")
        #expect(try Period(isoInterval: "2014-12-29/P2W").identifier == "2015BiW1")
        #expect(try Period(isoInterval: "2015-01-05/P2W").identifier == "2015W2..2015W3")
    }

    @Test("types ordered by nominal length, the financial years by their first month")
    func ordering() {
        #expect(PeriodType.weekly < .weeklyWednesday && PeriodType.weeklySunday < .biWeekly)
        #expect(PeriodType.biWeekly < .monthly && PeriodType.monthly < .biMonthly && PeriodType.biMonthly < .quarterly)
        #expect(PeriodType.quarterlyNov < .sixMonthly && PeriodType.sixMonthlyNov < .yearly)
        #expect(PeriodType.yearly < .financialFeb && PeriodType.financialFeb < .financialApril)
        #expect(PeriodType.financialJuly < .financialAug && PeriodType.financialSep < .financialOct)
        #expect(PeriodType.allCases.filter(\.isWeekBased).count == 7)
        for type in PeriodType.allCases {
            #expect(PeriodType.named(type.dhis2Name) == type)
        }
    }
}

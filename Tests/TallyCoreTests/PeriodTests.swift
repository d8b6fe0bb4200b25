import Foundation
import TallyCore
import Testing

/// A period known to be valid.
private func period(_ identifier: String) -> Period {
    do {
        return try Period(identifier)
    } catch {
        Issue.record("'\(identifier)' should parse: \(error.message)")
        return Period.containing(Day(ordinal: 0), type: .daily)
    }
}

/// A day written as `YYYY-MM-DD`, known to exist.
private func day(_ text: String) -> Day {
    guard let result = Day.parse(text) else {
        Issue.record("\(text) should be a date")
        return Day(ordinal: 0)
    }
    return result
}

/// The identifiers of `periods`.
private func ids(_ periods: [Period]) -> [String] {
    periods.map(\.identifier)
}

/// The error thrown when parsing `text`, if any.
private func parseError(_ text: String) -> PeriodError? {
    do {
        _ = try Period(text)
        return nil
    } catch {
        return error
    }
}

@Suite("PeriodType")
struct PeriodTypeTests {
    @Test("raw values")
    func rawValues() {
        #expect(
            PeriodType.allCases.map(\.rawValue) == [
                "daily", "weekly", "weekly_wednesday", "weekly_thursday", "weekly_friday", "weekly_saturday",
                "weekly_sunday", "biweekly", "monthly", "bimonthly", "quarterly", "quarterly_nov", "sixmonthly",
                "sixmonthly_april", "sixmonthly_nov", "yearly", "financial_feb", "financial_april", "financial_july",
                "financial_aug", "financial_sep", "financial_oct", "financial_nov",
            ])
    }

    @Test("named accepts raw values and DHIS2 names in any case")
    func named() {
        #expect(PeriodType.named("SixMonthly") == .sixMonthly)
        #expect(PeriodType.named("sixmonthly") == .sixMonthly)
        #expect(PeriodType.named("financial_april") == .financialApril)
        #expect(PeriodType.named("FinancialApril") == .financialApril)
        #expect(PeriodType.named("FINANCIALOCT") == .financialOct)
        #expect(PeriodType.named("FinancialJuly") == .financialJuly)
        #expect(PeriodType.named("financialnov") == .financialNov)
        #expect(PeriodType.named(" Weekly ") == .weekly)
        #expect(PeriodType.named("Daily") == .daily)
        #expect(PeriodType.named("Monthly") == .monthly)
        #expect(PeriodType.named("Quarterly") == .quarterly)
        #expect(PeriodType.named("Yearly") == .yearly)
        #expect(PeriodType.named("fortnightly") == nil)
        #expect(PeriodType.named("six_monthly") == nil)
        #expect(PeriodType.named("") == nil)
        for type in PeriodType.allCases {
            #expect(PeriodType.named(type.rawValue) == type)
            #expect(PeriodType.named(type.dhis2Name) == type)
        }
    }

    @Test("ordered by nominal length, financial years after yearly")
    func ordering() {
        #expect(PeriodType.daily < .weekly)
        #expect(PeriodType.weekly < .monthly)
        #expect(PeriodType.monthly < .quarterly)
        #expect(PeriodType.quarterly < .sixMonthly)
        #expect(PeriodType.sixMonthly < .yearly)
        #expect(PeriodType.yearly < .financialApril)
        #expect(PeriodType.financialApril < .financialNov)
        #expect(PeriodType.allCases.shuffled().sorted() == PeriodType.allCases)
    }

    @Test("year-long types")
    func yearLong() {
        #expect(
            PeriodType.allCases.filter(\.isYearLong) == [
                .yearly, .financialFeb, .financialApril, .financialJuly, .financialAug, .financialSep, .financialOct,
                .financialNov,
            ])
    }
}

@Suite("Period")
struct PeriodTests {
    @Test(
        "identifiers round-trip",
        arguments: [
            "20251001", "2025W40", "2025W1", "2026W53", "202510", "2025Q4", "2025S2", "2025",
            "2025April", "2025July", "2025Oct", "2025Nov", "202510..202601", "2025W52..2026W2",
            "2025Q1..2025Q4", "20251001..20251031", "2024S2..2025S1", "2020..2025", "2023Oct..2025Oct",
            "1000", "9999", "10000101", "99991231",
        ]
    )
    func roundTrip(identifier: String) throws {
        let p = try Period(identifier)
        #expect(p.identifier == identifier)
        #expect(p.description == identifier)
        #expect(try Period(p.identifier) == p)
    }

    @Test("lenient input gives the canonical identifier")
    func lenientInput() {
        #expect(period(" 2025Oct\n").identifier == "2025Oct")
        #expect(period("2025W01").identifier == "2025W1")
        #expect(period("2025w40").identifier == "2025W40")
        #expect(period("2025q4").identifier == "2025Q4")
        #expect(period("2025s2").identifier == "2025S2")
        #expect(period("2025APRIL").identifier == "2025April")
        #expect(period("2025oct").identifier == "2025Oct")
        #expect(period("202510..202510") == period("202510"))
        #expect(period("202510..202510").identifier == "202510")
    }

    @Test(
        "start and end days",
        arguments: [
            ("2025Oct", "2025-10-01", "2026-09-30", 365),
            ("2023Oct", "2023-10-01", "2024-09-30", 366),
            ("2025April", "2025-04-01", "2026-03-31", 365),
            ("2025July", "2025-07-01", "2026-06-30", 365),
            ("2025Nov", "2024-11-01", "2025-10-31", 365),
            ("2025Q4", "2025-10-01", "2025-12-31", 92),
            ("2025Q1", "2025-01-01", "2025-03-31", 90),
            ("2024Q1", "2024-01-01", "2024-03-31", 91),
            ("2025S1", "2025-01-01", "2025-06-30", 181),
            ("2025S2", "2025-07-01", "2025-12-31", 184),
            ("2025W1", "2024-12-30", "2025-01-05", 7),
            ("2025W40", "2025-09-29", "2025-10-05", 7),
            ("2026W53", "2026-12-28", "2027-01-03", 7),
            ("2020W53", "2020-12-28", "2021-01-03", 7),
            ("2021W1", "2021-01-04", "2021-01-10", 7),
            ("202402", "2024-02-01", "2024-02-29", 29),
            ("202302", "2023-02-01", "2023-02-28", 28),
            ("202510", "2025-10-01", "2025-10-31", 31),
            ("2024", "2024-01-01", "2024-12-31", 366),
            ("2025", "2025-01-01", "2025-12-31", 365),
            ("20240229", "2024-02-29", "2024-02-29", 1),
            ("202510..202601", "2025-10-01", "2026-01-31", 123),
            ("2025W52..2026W2", "2025-12-22", "2026-01-11", 21),
        ]
    )
    func bounds(identifier: String, start: String, end: String, days: Int) {
        let p = period(identifier)
        #expect(p.start == day(start))
        #expect(p.end == day(end))
        #expect(p.days == days)
    }

    @Test("types and counts")
    func typesAndCounts() {
        #expect(period("20251001").type == .daily)
        #expect(period("2025W40").type == .weekly)
        #expect(period("202510").type == .monthly)
        #expect(period("2025Q4").type == .quarterly)
        #expect(period("2025S2").type == .sixMonthly)
        #expect(period("2025").type == .yearly)
        #expect(period("2025April").type == .financialApril)
        #expect(period("2025July").type == .financialJuly)
        #expect(period("2025Oct").type == .financialOct)
        #expect(period("2025Nov").type == .financialNov)
        #expect(period("2025Oct").count == 1)
        #expect(period("2025W52..2026W2").count == 3)
    }

    @Test("a range of months")
    func monthRange() {
        let p = period("202510..202601")
        #expect(p.type == .monthly)
        #expect(p.count == 4)
        #expect(p.days == 123)
        #expect(ids(p.components) == ["202510", "202511", "202512", "202601"])
        #expect(p.first == period("202510"))
        #expect(p.last == period("202601"))
        #expect(p.previous.identifier == "202506..202509")
        #expect(p.sameLastYear.identifier == "202410..202501")
        #expect(p.shifted(by: 1).identifier == "202511..202602")
        #expect(p.shifted(by: 0) == p)
        #expect(period("202510").components == [period("202510")])
        #expect(period("202510").first == period("202510"))
        #expect(period("202510").last == period("202510"))
    }

    @Test("shifting single periods")
    func shifting() {
        #expect(period("202512").shifted(by: 1).identifier == "202601")
        #expect(period("202501").shifted(by: -1).identifier == "202412")
        #expect(period("202501").shifted(by: -25).identifier == "202212")
        #expect(period("2025W52").shifted(by: 1).identifier == "2026W1")
        #expect(period("2026W53").shifted(by: 1).identifier == "2027W1")
        #expect(period("2026W1").shifted(by: -1).identifier == "2025W52")
        #expect(period("20241231").shifted(by: 1).identifier == "20250101")
        #expect(period("20240301").shifted(by: -1).identifier == "20240229")
        #expect(period("2025Q1").shifted(by: -1).identifier == "2024Q4")
        #expect(period("2025S1").shifted(by: -1).identifier == "2024S2")
        #expect(period("2025").shifted(by: 3).identifier == "2028")
        #expect(period("2025Oct").previous.identifier == "2024Oct")
        #expect(period("2025April").shifted(by: 1).identifier == "2026April")
    }

    @Test("periods(of:) lists the periods starting inside")
    func periodsOf() {
        let fy = period("2025Oct")
        let months = fy.periods(of: .monthly)
        #expect(months.count == 12)
        #expect(months.first?.identifier == "202510")
        #expect(months.last?.identifier == "202609")
        #expect(ids(fy.periods(of: .quarterly)) == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"])
        let weeks = fy.periods(of: .weekly)
        #expect(weeks.count == 52)
        #expect(weeks.first?.identifier == "2025W41")
        #expect(weeks.last?.identifier == "2026W40")
        #expect(fy.periods(of: .daily).count == 365)
        #expect(ids(fy.periods(of: .financialOct)) == ["2025Oct"])
        #expect(fy.periods(of: .yearly) == [period("2026")])

        let year = period("2025").periods(of: .weekly)
        #expect(year.count == 52)
        #expect(year.first?.identifier == "2025W2")
        #expect(year.last?.identifier == "2026W1")
        #expect(period("2026").periods(of: .weekly).count == 52)
        #expect(period("2025").periods(of: .financialApril) == [period("2025April")])

        let quarterWeeks = period("2025Q4").periods(of: .weekly)
        #expect(quarterWeeks.count == 13)
        #expect(quarterWeeks.first?.identifier == "2025W41")
        #expect(quarterWeeks.last?.identifier == "2026W1")
        #expect(period("2025Q4").periods(of: .daily).count == 92)
        #expect(period("202510").periods(of: .yearly).isEmpty)
        #expect(period("202510").periods(of: .monthly) == [period("202510")])
        #expect(ids(period("202510..202601").periods(of: .quarterly)) == ["2025Q4", "2026Q1"])
        #expect(ids(period("2025S2").periods(of: .quarterly)) == ["2025Q3", "2025Q4"])
    }

    @Test("containing a day")
    func containing() {
        let d = day("2025-10-01")
        let expected: [(PeriodType, String)] = [
            (.daily, "20251001"), (.weekly, "2025W40"), (.monthly, "202510"), (.quarterly, "2025Q4"),
            (.sixMonthly, "2025S2"), (.yearly, "2025"), (.financialApril, "2025April"),
            (.financialJuly, "2025July"), (.financialOct, "2025Oct"), (.financialNov, "2025Nov"),
        ]
        for (type, identifier) in expected {
            #expect(Period.containing(d, type: type).identifier == identifier)
        }
        #expect(Period.containing(day("2025-03-31"), type: .financialApril).identifier == "2024April")
        #expect(Period.containing(day("2025-04-01"), type: .financialApril).identifier == "2025April")
        #expect(Period.containing(day("2024-12-30"), type: .weekly).identifier == "2025W1")
        #expect(Period.containing(day("2027-01-03"), type: .weekly).identifier == "2026W53")
        #expect(Period.containing(day("2025-06-30"), type: .sixMonthly).identifier == "2025S1")
    }

    @Test("same period last year")
    func sameLastYear() {
        #expect(period("20240229").sameLastYear.identifier == "20230228")
        #expect(period("20250301").sameLastYear.identifier == "20240301")
        #expect(period("2026W53").sameLastYear.identifier == "2025W52")
        #expect(period("2020W53").sameLastYear.identifier == "2019W52")
        #expect(period("2021W10").sameLastYear.identifier == "2020W10")
        #expect(period("2025W40").sameLastYear.identifier == "2024W40")
        #expect(period("2025W1").sameLastYear.identifier == "2024W1")
        #expect(period("202510").sameLastYear.identifier == "202410")
        #expect(period("2025Q4").sameLastYear.identifier == "2024Q4")
        #expect(period("2025S2").sameLastYear.identifier == "2024S2")
        #expect(period("2025").sameLastYear.identifier == "2024")
        #expect(period("2025Oct").sameLastYear.identifier == "2024Oct")
        #expect(period("2025April").sameLastYear.identifier == "2024April")
        #expect(period("20240228..20240301").sameLastYear.identifier == "20230228..20230301")
        #expect(period("2026W52..2026W53").sameLastYear.identifier == "2025W52")
    }

    @Test("containment")
    func containment() {
        let q4 = period("2025Q4")
        #expect(q4.contains(day("2025-10-01")))
        #expect(q4.contains(day("2025-12-31")))
        #expect(!q4.contains(day("2026-01-01")))
        #expect(!q4.contains(day("2025-09-30")))
        #expect(q4.contains(period("202511")))
        #expect(q4.contains(period("2025Q4")))
        #expect(!q4.contains(period("2025W40")))
        #expect(q4.contains(period("2025W41")))
        #expect(!period("2025").contains(period("2025W1")))
        #expect(period("2025Oct").contains(period("202510..202609")))
        #expect(!period("2025Oct").contains(period("2025")))
    }

    @Test("ordered by start, end, then type")
    func ordering() {
        let sorted = [period("2025Q4"), period("202510"), period("20251001"), period("2025W40"), period("2025")]
            .sorted()
        #expect(ids(sorted) == ["2025", "2025W40", "20251001", "202510", "2025Q4"])
        #expect(period("2025Q1..2025Q4") < period("2025"))
        #expect(period("202501..202512") < period("2025Q1..2025Q4"))
        #expect(!(period("2025") < period("2025")))
    }

    @Test("encodes as its identifier")
    func codable() throws {
        let periods = [period("202510"), period("2025W1"), period("202510..202601")]
        let data = try JSONEncoder().encode(periods)
        #expect(String(decoding: data, as: UTF8.self) == "[\"202510\",\"2025W1\",\"202510..202601\"]")
        #expect(try JSONDecoder().decode([Period].self, from: data) == periods)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Period].self, from: Data("[\"202513\"]".utf8))
        }
    }

    @Test("every day of 1999–2031 parses and formats back")
    func everyDay() {
        var d = day("1999-01-01")
        var previous: Period?
        while d.year <= 2031 {
            let identifier =
                "\(d.year)" + (d.month < 10 ? "0" : "") + "\(d.month)" + (d.day < 10 ? "0" : "")
                + "\(d.day)"
            let p = period(identifier)
            #expect(p.identifier == identifier)
            #expect(p.start == d && p.end == d && p.days == 1)
            #expect(Period.containing(d, type: .daily) == p)
            if let previous { #expect(previous.shifted(by: 1) == p) }
            previous = p
            d = d + 1
        }
    }

    @Test("every ISO week of 1999–2031 parses and formats back")
    func everyWeek() {
        var previous: Period?
        var weeks = 0
        for year in 1999...2031 {
            for week in 1...Day.isoWeeks(in: year) {
                let identifier = "\(year)W\(week)"
                let p = period(identifier)
                #expect(p.identifier == identifier)
                #expect(p.start.weekday == 1 && p.days == 7)
                #expect(p.start.isoWeekYear == year && p.start.isoWeek == week)
                #expect(Period.containing(p.end, type: .weekly) == p)
                if let previous {
                    #expect(previous.end + 1 == p.start)
                    #expect(previous.shifted(by: 1) == p)
                }
                previous = p
                weeks += 1
            }
        }
        // 1999W1 starts on 1999-01-04; 2032W1 starts on 2031-12-29 (1 January 2032 is a Thursday).
        #expect(weeks == 1721)
        #expect(weeks == (day("2031-12-29") - day("1999-01-04")) / 7)
    }

    @Test("every month and quarter of 1999–2031 parses and formats back")
    func everyMonth() {
        for year in 1999...2031 {
            for month in 1...12 {
                let identifier = "\(year)" + (month < 10 ? "0" : "") + "\(month)"
                let p = period(identifier)
                #expect(p.identifier == identifier)
                #expect(p.days == Day.daysInMonth(year: year, month: month))
            }
            for quarter in 1...4 {
                #expect(period("\(year)Q\(quarter)").identifier == "\(year)Q\(quarter)")
            }
        }
    }
}

@Suite("PeriodError")
struct PeriodErrorTests {
    @Test(
        "each error has its code and message",
        arguments: [
            (
                "2025/13", PeriodError.Code.malformed,
                "'2025/13' is not a period; expected e.g. 202510, 2025Q4, 2025Oct, 2025W40, 20251001, 202510..202601"
            ),
            ("2025-13", .invalidDate, "'2025-13' is not a valid month"),
            ("202513", .invalidDate, "'202513' is not a valid month"),
            ("202500", .invalidDate, "'202500' is not a valid month"),
            ("2025W53", .invalidDate, "'2025W53' does not exist: 2025 has 52 ISO weeks"),
            ("2026W54", .invalidDate, "'2026W54' does not exist: 2026 has 53 ISO weeks"),
            ("2025W0", .invalidDate, "'2025W0' is not a valid week; ISO weeks are numbered from 1"),
            ("20230229", .invalidDate, "'20230229' is not a valid date"),
            ("20251301", .invalidDate, "'20251301' is not a valid date"),
            ("2025Q5", .invalidDate, "'2025Q5' is not a valid quarter; quarters are Q1–Q4"),
            ("2025Q0", .invalidDate, "'2025Q0' is not a valid quarter; quarters are Q1–Q4"),
            ("2025S3", .invalidDate, "'2025S3' is not a valid half-year; half-years are S1 and S2"),
            ("0999", .invalidDate, "'0999' is outside the supported years 1000–9999"),
            ("0999Oct", .invalidDate, "'0999Oct' is outside the supported years 1000–9999"),
            ("202510..202513", .invalidDate, "'202513' is not a valid month"),
            ("202510..2025Q4", .mixedRange, "'202510..2025Q4' mixes period types (monthly and quarterly)"),
            (
                "2025Oct..2025April", .mixedRange,
                "'2025Oct..2025April' mixes period types (financial year from October and financial year from April)"
            ),
            ("202601..202510", .reversedRange, "'202601..202510' ends before it starts"),
            ("2026W1..2025W52", .reversedRange, "'2026W1..2025W52' ends before it starts"),
        ]
    )
    func messages(text: String, code: PeriodError.Code, message: String) {
        let error = parseError(text)
        #expect(error?.code == code)
        #expect(error?.message == message)
        #expect(error?.description == message)
        #expect(error?.errorCode == "period.\(code.rawValue)")
    }

    @Test(
        "text of no period shape is malformed",
        arguments: [
            "", "   ", "2025/10", "2025-1", "Q4", "2025Q", "2025W", "2025W001", "2025Q10", "2025S02",
            "20251", "2025101", "202510011", "2025 10", "2025Dec", "2025October", "2025Apr", "202510..",
            "..202510", "202510...202601", "202510..202511..202512", "2025/13..202601", "202510 .. 202601",
            "2025W+1", "+2025", "２０２５", "2025Q4x", "W402025",
        ]
    )
    func malformed(text: String) {
        let error = parseError(text)
        #expect(error?.code == .malformed)
        #expect(error?.message.hasSuffix("is not a period; expected \(Period.examples)") == true)
    }

    @Test("the offending text is trimmed input or the bad end of a range")
    func offendingText() {
        #expect(parseError("  2025/13 ")?.text == "2025/13")
        #expect(parseError("202510..abc")?.text == "202510..abc")
        #expect(parseError("202510..202513")?.text == "202513")
        #expect(parseError(" 202601..202510")?.text == "202601..202510")
    }
}

@Suite struct FirstMonthsTests {
    @Test func theFirstMonthsOfAReportingYearAreAMonthlyRange() throws {
        #expect(try Period("2025Oct").firstMonths(4)?.identifier == "202510..202601")
        #expect(try Period("2025Oct").firstMonths(1)?.identifier == "202510")
        #expect(try Period("2025Oct").firstMonths(12)?.identifier == "202510..202609")
        #expect(try Period("2026").firstMonths(3)?.identifier == "202601..202603")
        #expect(try Period("2025Q4").firstMonths(2)?.identifier == "202510..202511")
        #expect(try Period("2025Oct").firstMonths(13) == nil)
        #expect(try Period("2025Oct").firstMonths(0) == nil)
        #expect(try Period("202510").firstMonths(2) == nil)
    }
}

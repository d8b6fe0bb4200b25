import Foundation
import TallyCore
import Testing

/// A day known to exist.
private func day(_ year: Int, _ month: Int, _ day: Int) -> Day {
    guard let result = Day(year: year, month: month, day: day) else {
        Issue.record("\(year)-\(month)-\(day) should be a date")
        return Day(ordinal: 0)
    }
    return result
}

@Suite("Day")
struct DayTests {
    @Test("ordinals of known dates")
    func knownOrdinals() {
        #expect(day(1970, 1, 1).ordinal == 0)
        #expect(day(1969, 12, 31).ordinal == -1)
        #expect(day(2000, 1, 1).ordinal == 10_957)
        #expect(day(2000, 3, 1).ordinal == 11_017)
        #expect(day(2025, 10, 1).ordinal == 20_362)
        #expect(day(1600, 1, 1).ordinal == -135_140)
        let origin = Day(ordinal: -719_468)
        #expect(origin.year == 0 && origin.month == 3 && origin.day == 1)
        #expect(origin.description == "0000-03-01")
    }

    @Test("components and description")
    func components() {
        let d = Day(ordinal: 20_362)
        #expect(d.year == 2025 && d.month == 10 && d.day == 1)
        #expect(d.description == "2025-10-01")
        #expect(day(999, 1, 2).description == "0999-01-02")
        #expect(Day(ordinal: -1).description == "1969-12-31")
    }

    @Test("invalid dates are rejected")
    func invalidDates() {
        #expect(Day(year: 2023, month: 2, day: 29) == nil)
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 1900, month: 2, day: 29) == nil)
        #expect(Day(year: 2000, month: 2, day: 29) != nil)
        #expect(Day(year: 2025, month: 13, day: 1) == nil)
        #expect(Day(year: 2025, month: 0, day: 1) == nil)
        #expect(Day(year: 2025, month: 4, day: 31) == nil)
        #expect(Day(year: 2025, month: 1, day: 0) == nil)
        #expect(Day(year: 5_000_000, month: 1, day: 1) == nil)
    }

    @Test("every day from 1600 to 2400 matches a naive calendar")
    func naiveCalendar() {
        var expected = day(1600, 1, 1).ordinal
        for year in 1600...2400 {
            for month in 1...12 {
                for dayOfMonth in 1...Day.daysInMonth(year: year, month: month) {
                    guard let d = Day(year: year, month: month, day: dayOfMonth) else {
                        Issue.record("\(year)-\(month)-\(dayOfMonth) rejected")
                        return
                    }
                    #expect(d.ordinal == expected)
                    let back = Day(ordinal: expected)
                    #expect(back.year == year && back.month == month && back.day == dayOfMonth)
                    expected += 1
                }
            }
        }
    }

    @Test("civil conversion round-trips far from 1970")
    func farRoundTrip() {
        for ordinal in stride(from: -300_000_000, through: 300_000_000, by: 9_973) {
            let d = Day(ordinal: ordinal)
            #expect(Day(year: d.year, month: d.month, day: d.day) == d)
        }
    }

    @Test("ISO weekdays")
    func weekdays() {
        #expect(day(1970, 1, 1).weekday == 4)
        #expect(day(2025, 10, 1).weekday == 3)
        #expect(day(2024, 2, 29).weekday == 4)
        #expect(day(2024, 12, 30).weekday == 1)
        #expect(day(2027, 1, 3).weekday == 7)
        #expect(day(1969, 12, 29).weekday == 1)
        #expect(day(1600, 1, 1).weekday == 6)
    }

    @Test("ISO week numbering")
    func isoWeeks() {
        #expect(day(2024, 12, 30).isoWeekYear == 2025)
        #expect(day(2024, 12, 30).isoWeek == 1)
        #expect(day(2025, 1, 5).isoWeek == 1)
        #expect(day(2025, 10, 1).isoWeek == 40)
        #expect(day(2027, 1, 3).isoWeekYear == 2026)
        #expect(day(2027, 1, 3).isoWeek == 53)
        #expect(day(2021, 1, 3).isoWeekYear == 2020)
        #expect(day(2021, 1, 3).isoWeek == 53)
        #expect(Day.isoWeeks(in: 2020) == 53)
        #expect(Day.isoWeeks(in: 2025) == 52)
        #expect(Day.isoWeeks(in: 2026) == 53)
        #expect(Day.isoWeeks(in: 2015) == 53)
        #expect(Day.isoWeeks(in: 2004) == 53)
        #expect(Day.isoWeeks(in: 2024) == 52)
        #expect(Day.firstISOWeekStart(of: 2025) == day(2024, 12, 30))
        #expect(Day.firstISOWeekStart(of: 2026) == day(2025, 12, 29))
        #expect(Day.firstISOWeekStart(of: 2021) == day(2021, 1, 4))
    }

    @Test("parse accepts exactly YYYY-MM-DD")
    func parse() {
        #expect(Day.parse("2025-10-01") == day(2025, 10, 1))
        #expect(Day.parse("2024-02-29") == day(2024, 2, 29))
        #expect(Day.parse("2023-02-29") == nil)
        #expect(Day.parse("2025-1-01") == nil)
        #expect(Day.parse("2025-10-01x") == nil)
        #expect(Day.parse("20251001") == nil)
        #expect(Day.parse("2025/10/01") == nil)
        #expect(Day.parse("+025-10-01") == nil)
        #expect(Day.parse("") == nil)
    }

    @Test("leap years and month lengths")
    func leapYears() {
        #expect(Day.isLeap(2000))
        #expect(!Day.isLeap(1900))
        #expect(Day.isLeap(2024))
        #expect(!Day.isLeap(2023))
        #expect(Day.isLeap(0))
        #expect(Day.isLeap(-4))
        #expect(Day.daysInMonth(year: 2024, month: 2) == 29)
        #expect(Day.daysInMonth(year: 2023, month: 2) == 28)
        #expect(Day.daysInMonth(year: 2025, month: 4) == 30)
        #expect(Day.daysInMonth(year: 2025, month: 12) == 31)
        #expect(Day.daysInMonth(year: 2025, month: 13) == 0)
    }

    @Test("arithmetic and ordering")
    func arithmetic() {
        let d = day(2025, 12, 31)
        #expect(d + 1 == day(2026, 1, 1))
        #expect(d - 365 == day(2024, 12, 31))
        #expect(day(2026, 9, 30) - day(2025, 10, 1) == 364)
        #expect(day(2025, 10, 1) - day(2026, 9, 30) == -364)
        #expect(day(2025, 1, 1) < day(2025, 1, 2))
        #expect([day(2025, 3, 1), day(2024, 3, 1)].sorted() == [day(2024, 3, 1), day(2025, 3, 1)])
    }

    @Test("adding years and months clamps to the month end")
    func addingCalendarUnits() {
        #expect(day(2024, 2, 29).adding(years: 1) == day(2025, 2, 28))
        #expect(day(2024, 2, 29).adding(years: -1) == day(2023, 2, 28))
        #expect(day(2024, 2, 29).adding(years: 4) == day(2028, 2, 29))
        #expect(day(2025, 1, 31).adding(months: 1) == day(2025, 2, 28))
        #expect(day(2024, 1, 31).adding(months: 1) == day(2024, 2, 29))
        #expect(day(2025, 3, 31).adding(months: -1) == day(2025, 2, 28))
        #expect(day(2025, 12, 15).adding(months: 13) == day(2027, 1, 15))
        #expect(day(2025, 1, 15).adding(months: -12) == day(2024, 1, 15))
        #expect(day(2025, 1, 15).adding(months: -13) == day(2023, 12, 15))
        #expect(day(2025, 5, 31).adding(months: 0) == day(2025, 5, 31))
    }

    @Test("encodes as YYYY-MM-DD")
    func codable() throws {
        let data = try JSONEncoder().encode([day(2025, 10, 1)])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2025-10-01\"]")
        #expect(try JSONDecoder().decode([Day].self, from: data) == [day(2025, 10, 1)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Day].self, from: Data("[\"2025-02-30\"]".utf8))
        }
    }
}

import TallyCore
import Testing

@Suite struct PeriodISOTests {
    @Test(
        "every period type to ISO and back",
        arguments: [
            ("20251001", "2025-10-01/P1D"), ("2025W40", "2025-09-29/P7D"), ("2026W1", "2025-12-29/P7D"),
            ("2020W53", "2020-12-28/P7D"), ("202510", "2025-10-01/P1M"), ("2025Q4", "2025-10-01/P3M"),
            ("2025S2", "2025-07-01/P6M"), ("2025", "2025-01-01/P1Y"), ("2025April", "2025-04-01/P1Y"),
            ("2025July", "2025-07-01/P1Y"), ("2025Oct", "2025-10-01/P1Y"), ("2025Nov", "2024-11-01/P1Y"),
            ("202510..202601", "2025-10-01/P4M"), ("2025W40..2025W41", "2025-09-29/P14D"),
        ])
    func roundTrip(identifier: String, iso: String) throws {
        let period = try Period(identifier)
        #expect(period.isoInterval == iso)
        #expect(try Period(isoInterval: iso) == period)
    }

    @Test func everyTypeIsCovered() throws {
        let day = Day(year: 2025, month: 10, day: 1)!
        for type in PeriodType.allCases {
            let period = Period.containing(day, type: type)
            #expect(try Period(isoInterval: period.isoInterval) == period, "\(type)")
        }
    }

    @Test(
        "other spellings DHIS2 and ADX producers use",
        arguments: [
            ("2025-09-29/P1W", "2025W40"), ("2025-10-01T00:00:00/P1M", "202510"), (" 2025-10-01/p1m ", "202510"),
            ("2025-01-01/P12M", "2025S1..2025S2"), ("2025-02-01/P3M", "2025NovQ2"),
            ("2025-03-01/P3M", "202503..202505"),
        ])
    func otherSpellings(iso: String, identifier: String) throws {
        #expect(try Period(isoInterval: iso) == (try Period(identifier)))
    }

    @Test(
        "bad ISO periods are refused with a reason",
        arguments: [
            ("2025-10-02/P1M", PeriodError.Code.malformed, "does not start on the first day of a monthly period"),
            ("2025-10-01/P1W", .malformed, "weekly"),
            ("2025-03-01/P1Y", .malformed, "month 3"),
            ("2025-10-01/P1X", .malformed, "no duration Tally knows"),
            ("2025-10-01", .malformed, "not an ISO period"),
            ("2025-13-01/P1M", .invalidDate, "does not exist"),
            ("2025-02-30/P1D", .invalidDate, "does not exist"),
            ("0999-01-01/P1Y", .invalidDate, "supported years"),
            ("2025-10-01/P0M", .malformed, "no duration"),
        ])
    func refused(iso: String, code: PeriodError.Code, detail: String) {
        do {
            _ = try Period(isoInterval: iso)
            Issue.record("\(iso) should be refused")
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(detail), "\(error.message)")
        }
    }

    /// Found by `FuzzISOPeriod`: `202510..602601` was written as `2025-10-01/P48004M`, which was refused (at
    /// most 10,000 of a duration were read), so a long range did not survive ADX.
    @Test(arguments: ["202510..602601", "2025..9999", "202501..999912"])
    func longRangesReadBack(identifier: String) throws {
        let period = try Period(identifier)
        let again = try Period(isoInterval: period.isoInterval)
        #expect(again.start == period.start)
        #expect(again.end == period.end)
    }

    /// Found by `FuzzISOPeriod`: a range of days whose length is a multiple of seven (`50220510..60230202`,
    /// `20251001..20251007`) was written as `…/P365512D` and read back as weeks, refused when the first day
    /// is not a Monday.
    @Test(arguments: ["50220510..60230202", "20251001..20251007", "20251006..20251019"])
    func rangesOfWholeWeeksOfDaysReadBack(identifier: String) throws {
        let period = try Period(identifier)
        let again = try Period(isoInterval: period.isoInterval)
        #expect(again.start == period.start)
        #expect(again.end == period.end)
    }

    @Test(arguments: ["2025-01-01/P4000001D", "2025-01-01/P600001W", "2025-01-01/P130001M", "2025-01-01/P11001Y"])
    func durationsBeyondAnyRangeAreRefused(iso: String) {
        #expect(throws: PeriodError.self) { try Period(isoInterval: iso) }
    }
}

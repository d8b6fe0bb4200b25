import TallyCore
import Testing

@Suite struct TimestampTests {
    @Test func parsesTheForms() {
        // 2025-11-08T09:30:00Z = 20,400 days after 1970-01-01 → 20,400 × 86,400 + 9.5 × 3,600.
        let base: Int64 = 20_400 * 86_400 + 34_200
        #expect(Day(year: 2025, month: 11, day: 8)?.ordinal == 20_400)
        #expect(Timestamp.parse("2025-11-08T09:30:00Z") == base)
        #expect(Timestamp.parse("2025-11-08T09:30:00.123Z") == base)
        #expect(Timestamp.parse("2025-11-08 09:30") == base)
        #expect(Timestamp.parse("2025-11-08T17:30:00+08:00") == base)
        #expect(Timestamp.parse("2025-11-08T04:30:00-0500") == base)
        let midnight: Int64 = 20_400 * 86_400
        #expect(Timestamp.parse("2025-11-08") == midnight)
        #expect(Timestamp.parse("2025-11-08  ") == midnight)
    }

    @Test(arguments: [
        "", "2025-11-31", "2025-13-01", "2025-11-08T24:00", "2025-11-08T09:30:00X", "08/11/2025", "2025-11-08T9:30",
    ])
    func refuses(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsAndDays() {
        #expect(Timestamp.format(20_400 * 86_400 + 34_200) == "2025-11-08T09:30:00Z")
        #expect(Timestamp.format(-1) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.day(-1) == Day(year: 1969, month: 12, day: 31))
    }
}

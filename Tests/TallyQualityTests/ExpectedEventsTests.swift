import TallyQuality
import Testing

@Suite("ExpectedEvents")
struct ExpectedEventsTests {
    @Test("Expected births: 9.8 ‰ × 35,000 × 123/365")
    func expectedBirths() {
        // 9.8/1000 × 35,000 = 343 a year; × 123/365 = 42,189/365 = 115.586 301 369 863 …
        let events = ExpectedEvents(reported: 80, population: 35_000, days: 123, ratePerThousand: 9.8)
        #expect(isClose(events.expected, 42_189.0 / 365))
        #expect(isClose(events.shortfall, 42_189.0 / 365 - 80))
        // 80 / 35,000 × 1000 × 365/123 = 29,200/4,305 ‰ a year.
        #expect(isClose(events.reportedRatePerThousand, 29_200.0 / 4_305))
        #expect(isClose(events.rateGap, 29_200.0 / 4_305 - 9.8))
        #expect(isClose(events.completeness, 80 * 365 / 42_189.0))
        // Garwood upper limit for 80 is about 99.6 < 115.6.
        #expect(isClose(events.reportedUpperLimit, PoissonInterval.garwood(count: 80).high))
        #expect(events.isUnderReported)
        #expect(!events.isOverReported)
        #expect(events.confidence == 0.95)
    }

    @Test("Counts inside the interval, above it, and 0")
    func flags() {
        let plausible = ExpectedEvents(reported: 110, population: 35_000, days: 123, ratePerThousand: 9.8)
        #expect(!plausible.isUnderReported && !plausible.isOverReported)
        // Garwood lower limit for 150 is about 126.9 > 115.6.
        let high = ExpectedEvents(reported: 150, population: 35_000, days: 123, ratePerThousand: 9.8)
        #expect(high.isOverReported && !high.isUnderReported)
        #expect(high.shortfall < 0 && (high.rateGap ?? 0) > 0)
        // 0 reported: limits (0, 3.689); 2 expected is plausible, 5 is not.
        let fewExpected = ExpectedEvents(reported: 0, population: 2_000, days: 365, ratePerThousand: 1)
        #expect(fewExpected.expected == 2 && fewExpected.reportedLowerLimit == 0)
        #expect(!fewExpected.isUnderReported && !fewExpected.isOverReported)
        let moreExpected = ExpectedEvents(reported: 0, population: 5_000, days: 365, ratePerThousand: 1)
        #expect(moreExpected.isUnderReported)
        #expect(moreExpected.rateGap == -1)
    }

    @Test("A wider confidence level flags less")
    func confidence() {
        // Expected 115.6; 95 % upper limit for 97 is about 118.3, 80 % upper limit about 110.9.
        let loose = ExpectedEvents(reported: 97, population: 35_000, days: 123, ratePerThousand: 9.8)
        let strict = ExpectedEvents(
            reported: 97, population: 35_000, days: 123, ratePerThousand: 9.8, confidence: 0.80)
        #expect(!loose.isUnderReported)
        #expect(strict.isUnderReported)
    }

    @Test("No population or no days")
    func degenerate() {
        let empty = ExpectedEvents(reported: 3, population: 0, days: 30, ratePerThousand: 12)
        #expect(empty.expected == 0 && empty.shortfall == -3)
        #expect(empty.reportedRatePerThousand == nil && empty.rateGap == nil && empty.completeness == nil)
        #expect(!empty.isUnderReported && empty.isOverReported)
        let noDays = ExpectedEvents(reported: 0, population: 1_000, days: 0, ratePerThousand: 12)
        #expect(noDays.expected == 0 && noDays.rateGap == nil)
    }
}

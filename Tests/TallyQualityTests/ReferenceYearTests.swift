import TallyQuality
import Testing

@Suite("ReferenceYear")
struct ReferenceYearTests {
    @Test(
        "A year counts with a value and at least 75% of its periods",
        arguments: [
            (1200.0 as Double?, 12, 12, true),
            (900, 9, 12, true),  // 75% exactly
            (800, 8, 12, false),
            (251, 3, 12, false),  // October to December
            (nil, 12, 12, false),
            (40, 3, 4, true),  // quarters
            (400, 40, 53, true),  // weeks: 75.5%
            (390, 39, 53, false),  // 73.6%
            (5, 1, 0, false),  // nothing expected
            (5, -1, 12, false),
        ]
    )
    func counts(_ value: Double?, _ present: Int, _ expected: Int, _ counts: Bool) {
        let year = ReferenceYear(value: value, periodsPresent: present, periodsExpected: expected)
        #expect(year.counts() == counts)
    }

    @Test("A partial year no longer makes a ratio of 4.10")
    func partialYear() {
        // The data begin in October of the last year: 251 births in 3 months; 1,030 this year.
        let years = [
            ReferenceYear(value: nil, periodsPresent: 0, periodsExpected: 12),
            ReferenceYear(value: nil, periodsPresent: 0, periodsExpected: 12),
            ReferenceYear(value: 251, periodsPresent: 3, periodsExpected: 12),
        ]
        // Counted as a year, it made 1030 / 251 = 4.10.
        #expect(isClose(ConsistencyRatio.ratio(value: 1030, previous: [251]), 1030.0 / 251))
        #expect(ReferenceYear.values(years) == [nil, nil, nil])
        #expect(ReferenceYear.mean(years) == nil)
        #expect(ConsistencyRatio.reference(ReferenceYear.values(years), method: .meanOfPrevious) == nil)
    }

    @Test("The mean is over the years that count; a left-out year keeps its place in a trend")
    func mean() {
        let years = [
            ReferenceYear(value: 1000, periodsPresent: 12, periodsExpected: 12),
            ReferenceYear(value: 251, periodsPresent: 3, periodsExpected: 12),
            ReferenceYear(value: 1040, periodsPresent: 11, periodsExpected: 12),
        ]
        #expect(ReferenceYear.values(years) == [1000, nil, 1040])
        #expect(ReferenceYear.mean(years) == 1020)  // not (1000 + 251 + 1040) / 3 = 763.67
        // Trend through (0, 1000) and (2, 1040): 1060 at step 3.
        #expect(isClose(ConsistencyRatio.reference(ReferenceYear.values(years), method: .forecast), 1060))
        // A lower share lets the partial year in.
        #expect(isClose(ReferenceYear.mean(years, minimumShare: 0.25), 2291.0 / 3))
        #expect(ReferenceYear.defaultMinimumShare == 0.75)
    }

    @Test("The share")
    func share() {
        #expect(ReferenceYear(value: 1, periodsPresent: 9, periodsExpected: 12).share == 0.75)
        #expect(ReferenceYear(value: 1, periodsPresent: 13, periodsExpected: 12).share == 13.0 / 12)
        #expect(ReferenceYear(value: 1, periodsPresent: 3, periodsExpected: 0).share == nil)
        #expect(ReferenceYear(value: 1, periodsPresent: -3, periodsExpected: 12).share == nil)
    }
}

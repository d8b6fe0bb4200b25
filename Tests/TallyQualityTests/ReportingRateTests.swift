import TallyQuality
import Testing

@Suite("ReportingRate")
struct ReportingRateTests {
    /// Five villages' monthly reports for a year (the fifth joined in March).
    static let villages: [(unit: String, rate: ReportingRate)] = [
        ("a", ReportingRate(expected: 12, received: 12, onTime: 11)),
        ("b", ReportingRate(expected: 12, received: 10, onTime: 8)),
        ("c", ReportingRate(expected: 12, received: 11, onTime: 9)),
        ("d", ReportingRate(expected: 0, received: 0, onTime: 0)),
        ("e", ReportingRate(expected: 10, received: 9, onTime: 6)),
    ]

    @Test("Rates are ratios of counts; sums first")
    func rates() {
        let b = ReportingRate(expected: 12, received: 10, onTime: 8)
        #expect(b.completeness == 10.0 / 12 && b.timeliness == 8.0 / 12)
        let sum = ReportingRate.sum(Self.villages.map(\.rate))
        #expect(sum == ReportingRate(expected: 46, received: 42, onTime: 34))
        #expect(sum.completeness == 42.0 / 46 && sum.timeliness == 34.0 / 46)
        #expect(ReportingRate(expected: 0, received: 3, onTime: 1).completeness == nil)
        #expect(
            ReportingRate(expected: -2, received: -1, onTime: -1) == ReportingRate(expected: 0, received: 0, onTime: 0))
    }

    @Test("Completeness table: 1 of 4 villages below 90%")
    func completeness() {
        let table = ReportingRate.completenessTable(Self.villages)
        // a 100%, b 83.3% (below), c 91.7%, e 90% exactly (not below); d expects nothing.
        #expect(table.divergent == ["b"])
        #expect(table.judgedCount == 4 && table.skipped == ["d"])
        #expect(table.divergentShare == 0.25)
        #expect(table.boundary == ReportingRate(expected: 46, received: 42, onTime: 34))
        #expect(table.boundaryIsDivergent == false)  // 91.3%
        #expect(table.entries.map(\.unit) == ["a", "b", "c", "e"])
    }

    @Test("Timeliness table: 2 of 4 villages below 75%, the county too")
    func timeliness() {
        let table = ReportingRate.timelinessTable(Self.villages)
        // a 91.7%, b 66.7% (below), c 75% exactly (not below), e 60% (below).
        #expect(table.divergent == ["b", "e"] && table.divergentShare == 0.5)
        #expect(table.boundaryIsDivergent == true)  // 34/46 = 73.9%
        // A stricter threshold is a parameter.
        #expect(ReportingRate.timelinessTable(Self.villages, threshold: 0.95).divergentCount == 4)
        #expect(ReportingRate.defaultCompletenessThreshold == 0.90 && ReportingRate.defaultTimelinessThreshold == 0.75)
    }

    @Test("Nothing expected anywhere")
    func empty() {
        let table = ReportingRate.completenessTable([("x", ReportingRate(expected: 0, received: 0, onTime: 0))])
        #expect(table.boundary == nil && table.boundaryIsDivergent == nil)
        #expect(table.divergentShare == nil && table.skipped == ["x"])
        let none = ReportingRate.completenessTable([(unit: String, rate: ReportingRate)]())
        #expect(none.boundary == nil && none.judgedCount == 0)
    }
}

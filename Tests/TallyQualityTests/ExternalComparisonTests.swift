import TallyQuality
import Testing

@Suite("ExternalComparison")
struct ExternalComparisonTests {
    @Test("Routine coverage against the survey's, ± 33%")
    func table() throws {
        let table = ExternalComparison.table(
            boundary: (900, 1000, 85),
            subunits: [
                ("a", 450, 500, 80),  // 90% vs 80%: 1.125
                ("b", 300, 250, 80),  // 120% vs 80%: 1.5
                ("c", 100, 200, 80),  // 50% vs 80%: 0.625
                ("d", 100, 0, 80),  // no denominator
                ("e", 100, 200, nil),  // no survey value
            ])
        let county = try #require(table.boundary)
        #expect(county.routine == 90 && isClose(county.ratio, 90.0 / 85))
        #expect(table.divergent == ["b", "c"] && table.skipped == ["d", "e"])
        #expect(table.divergentShare == 2.0 / 3 && table.boundaryIsDivergent == false)
        #expect(table.entries[0].row.ratio == 1.125)
        // Shares instead of percentages.
        let shares = ExternalComparison.table(
            boundary: (nil, nil, nil), subunits: [("a", 450, 500, 0.8)], scale: 1)
        #expect(shares.entries[0].row.ratio == 1.125 && shares.boundary == nil)
        #expect(ExternalComparison.defaultBand == 0.33)
    }
}

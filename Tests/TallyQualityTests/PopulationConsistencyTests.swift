import TallyQuality
import Testing

@Suite("PopulationConsistency")
struct PopulationConsistencyTests {
    @Test("Census against projection, ± 10%")
    func sources() {
        let table = PopulationConsistency.sourcesTable(
            boundary: (10_500, 10_000), subunits: [("a", 2180, 2000), ("b", 2300, 2000), ("c", 1800, 2000)])
        // a 1.09; b 1.15 (above 1.1); c 0.9 (not below 0.9).
        #expect(table.divergent == ["b"] && table.boundary?.figure == 1.05)
        #expect(table.boundaryIsDivergent == false)
    }

    @Test("The population's own trend, ± 10% of the forecast")
    func trend() throws {
        let table = PopulationConsistency.trendTable(
            boundary: (5300, [5000, 5100, 5200]),
            subunits: [
                ("a", 1065, [1000, 1020, 1040]), ("b", 1200, [1000, 1020, 1040]), ("c", 900, [1000, 1020, 1040]),
            ])
        // Forecast 1060: a 1.0047; b 1.132; c 0.849.
        let a = try #require(table.entries.first?.row)
        #expect(isClose(a.reference, 1060) && isClose(a.ratio, 1065.0 / 1060))
        #expect(table.divergent == ["b", "c"])
        #expect(isClose(table.boundary?.reference, 5300) && table.boundaryIsDivergent == false)
        #expect(PopulationConsistency.defaultBand == 0.10)
    }
}

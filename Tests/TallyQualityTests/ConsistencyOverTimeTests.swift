import TallyQuality
import Testing

@Suite("ConsistencyOverTime")
struct ConsistencyOverTimeTests {
    /// The county grew 10% (1,000 a year → 1,100); six towns.
    static let county: (current: Double?, previous: [Double?]) = (1100, [1000, 1000, 1000])
    static let towns: [(unit: String, current: Double?, previous: [Double?])] = [
        ("a", 440, [400, 400, 400]),  // ratio 1.1: as the county
        ("b", 300, [200, 200, 200]),  // ratio 1.5
        ("c", 360, [400, 400, 400]),  // ratio 0.9
        ("d", nil, [100, 100, 100]),  // no value this year
        ("e", 0, [nil, nil, nil]),  // no reference year counts
        ("f", 100, [200, nil, 200]),  // ratio 0.5
    ]

    @Test("Mean of previous years, compared with the county's ratio")
    func againstBoundary() throws {
        let table = ConsistencyOverTime.table(
            boundary: Self.county, subunits: Self.towns, reference: .meanOfPrevious, comparison: .boundary)
        let county = try #require(table.boundary)
        #expect(isClose(county.ratio, 1.1) && county.comparisonRatio == 1)
        // b: 1.5 / 1.1 = 1.364 > 1.33; c: 0.9/1.1 = 0.818 inside; f: 0.5/1.1 = 0.455.
        #expect(table.divergent == ["b", "f"])
        #expect(table.skipped == ["d", "e"] && table.judgedCount == 4 && table.divergentShare == 0.5)
        let b = try #require(table.entries.first { $0.unit == "b" }?.row)
        #expect(b.reference == 200 && b.ratio == 1.5 && isClose(b.relative, 1.5 / 1.1))
        // The gap: 200 × 1.1 − 300 = 80 events more than the county's change explains.
        #expect(isClose(b.gap, 80))
        let f = try #require(table.entries.first { $0.unit == "f" }?.row)
        #expect(f.reference == 200 && isClose(f.gap, 120))
        #expect(table.boundaryIsDivergent == false)
    }

    @Test("Compared with no change (\"expected\")")
    func againstExpected() {
        let table = ConsistencyOverTime.table(
            boundary: Self.county, subunits: Self.towns, reference: .meanOfPrevious, comparison: .expected)
        // a 1.1, c 0.9 inside 1 ± 0.33; b 1.5 and f 0.5 outside.
        #expect(table.divergent == ["b", "f"])
        #expect(table.entries.allSatisfy { $0.row.comparisonRatio == 1 })
        #expect(
            ConsistencyOverTime.table(
                boundary: Self.county, subunits: Self.towns, reference: .meanOfPrevious, comparison: .expected,
                band: 0.05
            ).divergent == ["a", "b", "c", "f"])
    }

    @Test("The forecast reference")
    func forecast() throws {
        // The county: 900, 1000, 1100 → 1200 forecast; 1100 this year: ratio 0.9167.
        let table = ConsistencyOverTime.table(
            boundary: (1100, [900, 1000, 1100]),
            subunits: [("g", 500, [300, 400, 500]), ("h", 600, [300, 400, 500]), ("i", 50, [80])],
            reference: .forecast, comparison: .boundary)
        let county = try #require(table.boundary)
        #expect(isClose(county.reference, 1200) && isClose(county.ratio, 1100.0 / 1200))
        // g: forecast 600, ratio 5/6, relative (5/6)/(11/12) = 0.909; h: ratio 1, relative 1.091; i: one year, no line.
        #expect(table.divergent.isEmpty && table.skipped == ["i"])
        let g = try #require(table.entries.first?.row)
        #expect(isClose(g.reference, 600) && isClose(g.relative, (500.0 / 600) / (1100.0 / 1200)))
    }

    @Test("Completeness over time: rates, the forecast capped at 100%")
    func completenessOverTime() throws {
        let table = ConsistencyOverTime.table(
            boundary: (0.95, [0.90, 0.95, 1.0]), subunits: [("a", 0.6, [0.9, 0.95, 1.0])], reference: .forecast,
            comparison: .expected, cap: 1)
        // 1.05 capped at 1: the county 0.95 inside the band; the village 0.6 outside.
        #expect(table.boundary?.reference == 1 && table.divergent == ["a"])
    }

    @Test("No boundary ratio: every subunit is skipped when compared with it")
    func noBoundary() {
        let table = ConsistencyOverTime.table(
            boundary: (nil, [1, 2, 3]), subunits: [("a", 5, [5, 5, 5])], reference: .meanOfPrevious,
            comparison: .boundary)
        #expect(table.boundary == nil && table.skipped == ["a"] && table.divergentShare == nil)
        let zeroPast = ConsistencyOverTime.table(
            boundary: (10, [0, 0, 0]), subunits: [("a", 5, [5, 5, 5])], reference: .meanOfPrevious,
            comparison: .boundary)
        #expect(zeroPast.boundary == nil && zeroPast.skipped == ["a"])
        #expect(ConsistencyOverTime.defaultBand == 0.33)
    }
}

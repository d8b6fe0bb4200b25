import TallyQuality
import Testing

@Suite("IndicatorRelation")
struct IndicatorRelationTests {
    @Test("A ≈ B within 10%")
    func similar() {
        let table = IndicatorRelation.similar(band: 0.10).table(
            boundary: (1000, 950),
            subunits: [("a", 100, 95), ("b", 100, 80), ("c", 100, 112), ("d", 0, 0), ("e", 5, 0), ("f", nil, 3)])
        // a 1.053; b 1.25 (above 1.1); c 0.893 (below 0.9); d both 0: agree; e 5 against 0: divergent.
        #expect(table.divergent == ["b", "c", "e"] && table.skipped == ["f"])
        #expect(table.divergentShare == 3.0 / 5)
        #expect(table.boundary?.figure == 1000.0 / 950 && table.boundaryIsDivergent == false)
        #expect(table.entries[3].row.figure == nil && table.entries[4].row.figure == nil)
        #expect(table.entries[1].row.ratio == 1.25)
    }

    @Test("A ≥ B, with and without a band")
    func atLeast() {
        let strict = IndicatorRelation.atLeast(band: 0)
        #expect(strict.judge(a: 100, b: 100, boundaryRatio: nil)?.isDivergent == false)
        #expect(strict.judge(a: 100, b: 101, boundaryRatio: nil)?.isDivergent == true)
        #expect(strict.judge(a: 5, b: 0, boundaryRatio: nil)?.isDivergent == false)
        let banded = IndicatorRelation.atLeast(band: 0.05)
        #expect(banded.judge(a: 100, b: 104, boundaryRatio: nil)?.isDivergent == false)  // 0.962 ≥ 0.95
        #expect(banded.judge(a: 100, b: 110, boundaryRatio: nil)?.isDivergent == true)  // 0.909
    }

    @Test("Dropout DPT1 → DPT3: (A − B) ÷ A outside 0 … band")
    func dropout() throws {
        let negativeOnly = IndicatorRelation.dropout(maximum: nil)
        let ten = try #require(negativeOnly.judge(a: 200, b: 180, boundaryRatio: nil))
        #expect(ten.row.figure == 0.1 && !ten.isDivergent)
        let negative = try #require(negativeOnly.judge(a: 200, b: 210, boundaryRatio: nil))
        #expect(negative.row.figure == -0.05 && negative.isDivergent)
        #expect(negativeOnly.judge(a: 200, b: 140, boundaryRatio: nil)?.isDivergent == false)  // 30%: no ceiling
        // Both 0: a rate of 0 (the app's dropOutRate); B without A: divergent, no rate.
        #expect(negativeOnly.judge(a: 0, b: 0, boundaryRatio: nil)?.row.figure == 0)
        let noA = try #require(negativeOnly.judge(a: 0, b: 4, boundaryRatio: nil))
        #expect(noA.row.figure == nil && noA.isDivergent)
        let band = IndicatorRelation.dropout(maximum: 0.10)
        #expect(band.judge(a: 200, b: 180, boundaryRatio: nil)?.isDivergent == false)  // 10% exactly
        #expect(band.judge(a: 200, b: 170, boundaryRatio: nil)?.isDivergent == true)  // 15%
        let table = band.table(boundary: (1000, 880), subunits: [("a", 200, 180), ("b", 200, 170), ("c", 100, 101)])
        #expect(table.divergent == ["b", "c"] && table.boundaryIsDivergent == true)  // county 12%
    }

    @Test("A ÷ B at the subunit against the boundary's")
    func sameAsBoundary() {
        let table = IndicatorRelation.sameAsBoundary(band: 0.33).table(
            boundary: (1000, 500),
            subunits: [("a", 100, 50), ("b", 300, 100), ("c", 60, 50), ("d", 0, 0), ("e", 10, 0)])
        // Boundary 2.0: a 1.0 relative; b 1.5; c 0.6 (below 0.67); d skipped; e no ratio: divergent.
        #expect(table.divergent == ["b", "c", "e"] && table.skipped == ["d"])
        #expect(table.boundary?.figure == 2 && table.boundaryIsDivergent == false)
        #expect(table.entries.first?.row.figure == 1)
        let noBoundary = IndicatorRelation.sameAsBoundary(band: 0.33).table(
            boundary: (10, 0), subunits: [("a", 1, 1)])
        #expect(noBoundary.boundary == nil && noBoundary.skipped == ["a"])
    }
}

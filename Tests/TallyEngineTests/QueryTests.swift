import TallyCore
import TallyEngine
import Testing

@Suite struct QueryTests {
    let engine = Fixture.engine

    @Test func childrenRankedWithLastYear() throws {
        let rows = try engine.run(
            Query(
                subject: .element(ElementReference(element: "births")), period: try Period("202510..202601"),
                orgUnit: Fixture.u("C"), scope: .children, comparison: .lastYear))
        #expect(rows.map { Fixture.tree.units[$0.unit].code } == ["A", "B"])
        #expect(rows.map(\.figure.value) == [34, 16])
        #expect(rows.map(\.rank) == [1, 2])
        // Last year (202410..202501): A = 1+1+0+1 + 3+2+2+2 = 12, B = 2+2+3+1 = 8.
        #expect(rows[0].comparison?.period.identifier == "202410..202501")
        #expect(rows[0].comparison?.figure.value == 12)
        #expect(rows[0].comparison?.change == 22)
        #expect(abs(rows[0].comparison!.relativeChange! - 22.0 / 12) < 1e-12)
        #expect(rows[1].comparison?.change == 8)
        #expect(rows[1].comparison?.relativeChange == 1)
    }

    @Test func rateChangeInPoints() throws {
        // SRB of the county: 202510..202601 males 4+14+9 = 27, females 4+12+7 = 23 → 117.391…
        // 202410..202501: males 1+5+5 = 11, females 2+4+3 = 9 → 122.222…; change = −4.8309 points.
        let rows = try engine.run(
            Query(
                subject: .indicator("srb"), period: try Period("202510..202601"), orgUnit: Fixture.u("C"),
                comparison: .lastYear))
        let row = try #require(rows.first)
        #expect(abs(row.figure.value! - 2700.0 / 23) < 1e-12)
        #expect(abs(row.comparison!.figure.value! - 1100.0 / 9) < 1e-12)
        #expect(abs(row.comparison!.change! - (2700.0 / 23 - 1100.0 / 9)) < 1e-12)
        #expect(row.rank == nil)
    }

    @Test func previousPeriodOfARange() throws {
        let rows = try engine.run(
            Query(
                subject: .element(ElementReference(element: "births")), period: try Period("202511..202512"),
                orgUnit: Fixture.u("C"), comparison: .previous))
        // 202511..202512 = (2+6+3) + (1+6) = 18; previous = 202509..202510 = 19 (nothing in 202509).
        #expect(rows[0].figure.value == 18)
        #expect(rows[0].comparison?.period.identifier == "202509..202510")
        #expect(rows[0].comparison?.figure.value == 19)
    }

    @Test func levelListing() throws {
        let rows = try engine.run(
            Query(
                subject: .element(ElementReference(element: "births")), period: try Period("202512"),
                orgUnit: Fixture.u("C"), scope: .level(3)))
        #expect(rows.map { Fixture.tree.units[$0.unit].code } == ["a1", "a2", "b1"])
        #expect(rows.map(\.figure.value) == [1, 6, nil])
        #expect(rows.map(\.rank) == [2, 1, nil])
    }

    @Test func tiesShareARank() {
        #expect(Ranking.competition([5, 7, 7, nil, 1]) == [3, 1, 1, nil, 4])
        #expect(Ranking.competition([2, 2, 2]) == [1, 1, 1])
        #expect(Ranking.competition([]) == [])
    }
}

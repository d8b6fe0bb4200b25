import TallyCore
import TallyEngine
import Testing

@Suite struct CubeTests {
    /// Every cell of the cube equals the aggregator's answer for the same unit, series and period.
    @Test func cubeMatchesAggregator() throws {
        let source = Fixture.source
        let periods = try ["202410", "202510", "202512", "2025Q4", "2025Oct", "202510..202601", "2024Oct"].map {
            try Period($0)
        }
        var builder = CubeBuilder(
            metadata: Fixture.metadata, tree: Fixture.tree, storedPeriods: source.storedPeriods, periods: periods)
        for element in ["births", "population"] {
            builder.add(
                element: element,
                values: try source.values(element: element, periods: Array(source.storedPeriods.indices)))
        }
        let cube = builder.finish()
        #expect(
            cube.series.map { "\($0.element).\($0.combo)" } == [
                "births.", "births.male", "births.female", "population.",
            ])
        let aggregator = Fixture.engine.evaluator.aggregator
        for (s, series) in cube.series.enumerated() {
            let reference = ElementReference(
                element: series.element, options: series.combo.isEmpty ? [] : [series.combo])
            for (p, period) in periods.enumerated() {
                let expected = try aggregator.totals(reference, period: period)
                for u in 0..<Fixture.tree.count {
                    #expect(cube.value(series: s, period: p, unit: u) == expected[u], "\(series) \(period) \(u)")
                }
            }
        }
        #expect(cube.value(series: 0, period: 4, unit: 0) == 57)
    }
}

import TallyCore
import TallyEngine
import Testing

/// Stocks counted at a moment (`last`, `last_in_period`, `first`): one value per unit and combo over time, added
/// over units — a year of month-end figures is December's figure, not twelve months added.
@Suite struct StockAggregationTests {
    static let sex = Fixture.sex

    static let metadata = Metadata(
        categories: [sex],
        elements: [
            DataElement(code: "onart", name: "On treatment", aggregation: .last, categories: ["sex"]),
            DataElement(code: "onart_in", name: "On treatment (in period)", aggregation: .lastInPeriod),
            DataElement(code: "opening", name: "Opening stock", aggregation: .first),
            DataElement(code: "onart_sum", name: "On treatment, summed", aggregation: .sum),
        ], indicators: [], datasets: [])

    /// The values below, by unit, element, combo (0 male, 1 female, or 0 for an element without categories),
    /// period and value.
    ///
    /// | unit | onart male/female | onart_in, opening, onart_sum |
    /// |------|-------------------|------------------------------|
    /// | a1   | 202501 10/20, 202506 12/21, 202512 15/25 | 202501 10, 202506 12, 202512 15 |
    /// | a2   | 202503 7/8 (nothing after March)          | 202503 7, yearly 2025 9          |
    /// | b1   | 202412 30/30 (nothing in 2025)            | 202412 30                        |
    static let rows: [(String, String, Int, String, Double)] = [
        ("a1", "onart", 0, "202501", 10), ("a1", "onart", 1, "202501", 20),
        ("a1", "onart", 0, "202506", 12), ("a1", "onart", 1, "202506", 21),
        ("a1", "onart", 0, "202512", 15), ("a1", "onart", 1, "202512", 25),
        ("a2", "onart", 0, "202503", 7), ("a2", "onart", 1, "202503", 8),
        ("b1", "onart", 0, "202412", 30), ("b1", "onart", 1, "202412", 30),
    ]

    static func aggregator() -> Aggregator {
        var source = InMemoryValueSource()
        for (unit, element, combo, period, value) in rows {
            source.add(element, combo: combo, unit: Fixture.u(unit), period: try! Period(period), value: value)
        }
        for element in ["onart_in", "opening", "onart_sum"] {
            for (unit, period, value) in [
                ("a1", "202501", 10.0), ("a1", "202506", 12), ("a1", "202512", 15), ("a2", "202503", 7),
                ("a2", "2025", 9), ("b1", "202412", 30),
            ] {
                source.add(element, unit: Fixture.u(unit), period: try! Period(period), value: value)
            }
        }
        return Aggregator(metadata: metadata, tree: Fixture.tree, source: source)
    }

    static func total(_ reference: String, _ period: String, unit: String = "C") throws -> Double? {
        try Fixture.total(aggregator(), reference, period, unit: unit)
    }

    @Test func lastTakesTheLatestValueAndCarriesItForward() throws {
        // 2025: a1 December 15 + 25 = 40; a2 March 7 + 8 = 15 (carried to the year's end); b1 December 2024
        // 30 + 30 = 60 (carried forward from before the year). County 115; town A 55.
        #expect(try Self.total("onart", "2025") == 115)
        #expect(try Self.total("onart", "2025", unit: "A") == 55)
        #expect(try Self.total("onart.male", "2025") == 15 + 7 + 30)
        // 2025Q2: a1 June 12 + 21; a2 March 15; b1 60.
        #expect(try Self.total("onart", "2025Q2") == 33 + 15 + 60)
        // 2024: only b1 has a value by the end of 2024; a1 and a2 are missing, not zero.
        #expect(try Self.total("onart", "2024") == 60)
        #expect(try Self.total("onart", "2024", unit: "A") == nil)
        // The sum over months would have been a1 10+20+12+21+15+25 = 103 alone.
        #expect(try Self.total("onart", "2025", unit: "a1") == 40)
    }

    @Test func lastInPeriodLooksOnlyInsideThePeriod() throws {
        // 2025: a1 December 15; a2 has March 7 and the yearly 9, both ending inside 2025 — the yearly ends last
        // (31 December): 9; b1 nothing in 2025. County 24.
        #expect(try Self.total("onart_in", "2025") == 24)
        #expect(try Self.total("onart_in", "2025", unit: "B") == nil)
        // 2025Q2: a1 June 12; a2 nothing inside the quarter (the yearly value is longer than it).
        #expect(try Self.total("onart_in", "2025Q2") == 12)
        // A monthly and a yearly value ending the same day: the monthly wins. December 2025 for a1 is 15 (no
        // yearly value there); add one to see the tie.
        var source = InMemoryValueSource()
        source.add("onart_in", unit: Fixture.u("a1"), period: try Period("202512"), value: 15)
        source.add("onart_in", unit: Fixture.u("a1"), period: try Period("2025"), value: 99)
        let tie = Aggregator(metadata: Self.metadata, tree: Fixture.tree, source: source)
        #expect(try tie.totals(ElementReference(element: "onart_in"), period: Period("2025"))[Fixture.u("C")] == 15)
    }

    @Test func firstTakesTheEarliestValueInsideThePeriod() throws {
        // 2025: a1 January 10; a2 March 7 (the yearly value starts earlier, 1 January, and counts in 2025: 9);
        // b1 nothing in 2025.
        #expect(try Self.total("opening", "2025", unit: "a1") == 10)
        #expect(try Self.total("opening", "2025", unit: "a2") == 9)
        #expect(try Self.total("opening", "2025") == 19)
        #expect(try Self.total("opening", "2025S2", unit: "a1") == 15)
    }

    @Test func aSumAddsEveryMonth() throws {
        // For contrast: the same values summed over 2025: 10 + 12 + 15 + 7 + 9 = 53.
        #expect(try Self.total("onart_sum", "2025") == 53)
    }

    /// The cube (`tally rollup`) gives the aggregator's figures cell by cell for the picking types.
    @Test func theCubeAgreesWithTheAggregator() throws {
        let cube = try Fixture.expectCubeAgrees(
            metadata: Self.metadata, rows: Self.rows, elements: ["onart"],
            periods: ["2024", "2025", "2025Q2", "2025S2", "202512"], aggregator: Self.aggregator())
        #expect(cube.series.count == 3)
    }
}

import TallyCore
import TallyEngine
import Testing

/// DHIS2's aggregation types that average over units or are statistics of the values (`average`,
/// `average_sum_org_unit`, `last_average_org_unit`, `min`, `max`, `count`, `stddev`, `variance`, `none`), on the
/// small county of ``Fixture`` (C; A with a1 and a2; B with b1), every figure worked out by hand.
@Suite struct StatisticAggregationTests {
    static let sex = Fixture.sex

    static let metadata = Metadata(
        categories: [sex],
        elements: [
            DataElement(code: "beds", name: "Beds", aggregation: .average),
            DataElement(code: "beds_sum", name: "Beds, added over units", aggregation: .averageSumOrgUnit),
            DataElement(code: "onhand", name: "Stock on hand", aggregation: .lastAverageOrgUnit),
            DataElement(code: "closing", name: "Closing stock", aggregation: .lastInPeriodAverageOrgUnit),
            DataElement(code: "opening", name: "Opening stock", aggregation: .firstAverageOrgUnit),
            DataElement(code: "opening_sum", name: "Opening stock, added", aggregation: .first),
            DataElement(code: "wait_min", name: "Wait", aggregation: .min, categories: ["sex"]),
            DataElement(code: "wait_max", name: "Wait", aggregation: .max, categories: ["sex"]),
            DataElement(code: "wait_count", name: "Wait", aggregation: .count, categories: ["sex"]),
            DataElement(code: "wait_sd", name: "Wait", aggregation: .stddev, categories: ["sex"]),
            DataElement(code: "wait_var", name: "Wait", aggregation: .variance, categories: ["sex"]),
            DataElement(code: "seen", name: "Seen", aggregation: .none, categories: ["sex"]),
            DataElement(code: "kept", name: "Kept", aggregation: .none),
        ], indicators: [], datasets: [])

    /// Unit, element, combo (0 male, 1 female; 0 without categories), period, value.
    ///
    /// - beds (and beds_sum): a1 202501 10, 202503 20 (two 31-day months: 15 over the quarter or year); a2 202502
    ///   40; b1 202504 60.
    /// - onhand (and closing, opening, opening_sum): a1 202501 10, 202506 30; a2 202503 50; b1 202412 80 (carried
    ///   forward for onhand).
    /// - wait (each `wait_…` element holds the same values): a1 202501 male 2, female 4, 202502 male 6; a2 202501
    ///   male 8; the town A itself 202502 female 10; b1 202412 male 100, 202503 female 5, 202507 male 1.
    /// - seen: a1 202501 male 4, female 5. kept: a1 202501 7; A 202501 3.
    static let rows: [(String, String, Int, String, Double)] = {
        var rows: [(String, String, Int, String, Double)] = []
        for element in ["beds", "beds_sum"] {
            rows += [
                ("a1", element, 0, "202501", 10), ("a1", element, 0, "202503", 20), ("a2", element, 0, "202502", 40),
                ("b1", element, 0, "202504", 60),
            ]
        }
        for element in ["onhand", "closing", "opening", "opening_sum"] {
            rows += [
                ("a1", element, 0, "202501", 10), ("a1", element, 0, "202506", 30), ("a2", element, 0, "202503", 50),
                ("b1", element, 0, "202412", 80),
            ]
        }
        for element in ["wait_min", "wait_max", "wait_count", "wait_sd", "wait_var"] {
            rows += [
                ("a1", element, 0, "202501", 2), ("a1", element, 1, "202501", 4), ("a1", element, 0, "202502", 6),
                ("a2", element, 0, "202501", 8), ("A", element, 1, "202502", 10), ("b1", element, 0, "202412", 100),
                ("b1", element, 1, "202503", 5), ("b1", element, 0, "202507", 1),
            ]
        }
        rows += [
            ("a1", "seen", 0, "202501", 4), ("a1", "seen", 1, "202501", 5), ("a1", "kept", 0, "202501", 7),
            ("A", "kept", 0, "202501", 3),
        ]
        return rows
    }()

    static func aggregator() -> Aggregator {
        var source = InMemoryValueSource()
        for (unit, element, combo, period, value) in rows {
            source.add(element, combo: combo, unit: Fixture.u(unit), period: try! Period(period), value: value)
        }
        return Aggregator(metadata: metadata, tree: Fixture.tree, source: source)
    }

    static func total(_ reference: String, _ period: String, unit: String = "C") throws -> Double? {
        try Fixture.total(aggregator(), reference, period, unit: unit)
    }

    /// Whether `actual` is `expected` to 12 significant digits (the variance is combined up the tree, so its last
    /// bits depend on the order).
    static func near(_ actual: Double?, _ expected: Double) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= 1e-12 * max(1, abs(expected))
    }

    @Test func averageAveragesOverPeriodsAndUnits() throws {
        // 2025Q1: a1 (10 × 31 + 20 × 31) ÷ 62 = 15, a2 40; b1 has nothing in the quarter and is not counted.
        #expect(try Self.total("beds", "2025Q1", unit: "a1") == 15)
        #expect(try Self.total("beds", "2025Q1", unit: "A") == 27.5)
        #expect(try Self.total("beds", "2025Q1") == 27.5)
        #expect(try Self.total("beds", "2025Q1", unit: "B") == nil)
        // 2025: b1's April counts: (15 + 40 + 60) ÷ 3.
        #expect(try Self.total("beds", "2025") == 115.0 / 3)
        // average_sum_org_unit on the same values adds the units' means instead.
        #expect(try Self.total("beds_sum", "2025Q1") == 55)
        #expect(try Self.total("beds_sum", "2025") == 115)
    }

    @Test func lastAverageOrgUnitTakesTheLastValueAndAveragesUnits() throws {
        // 2025: a1 June 30, a2 March 50, b1 December 2024's 80 carried forward: A 40, C 160 ÷ 3.
        #expect(try Self.total("onhand", "2025", unit: "A") == 40)
        #expect(try Self.total("onhand", "2025") == 160.0 / 3)
        // 2025Q1: a1 January 10, a2 50, b1 80.
        #expect(try Self.total("onhand", "2025Q1", unit: "A") == 30)
        #expect(try Self.total("onhand", "2025Q1") == 140.0 / 3)
        // 2024: only b1 has a value by then; A has none (missing, not 0).
        #expect(try Self.total("onhand", "2024") == 80)
        #expect(try Self.total("onhand", "2024", unit: "A") == nil)
    }

    /// DHIS2's `LAST_IN_PERIOD_AVERAGE_ORG_UNIT`: each unit's last value inside the query period, averaged over the
    /// units that have one — nothing carried forward.
    @Test func lastInPeriodAverageOrgUnitTakesTheLastValueInsideAndAveragesUnits() throws {
        // 2025: a1 June 30, a2 March 50; b1's December 2024 lies outside: A and C (30 + 50) ÷ 2, B none.
        #expect(try Self.total("closing", "2025", unit: "A") == 40)
        #expect(try Self.total("closing", "2025") == 40)
        #expect(try Self.total("closing", "2025", unit: "B") == nil)
        // 2025Q1: a1 January 10, a2 50 → 30; 2025Q2: a1 June 30 alone.
        #expect(try Self.total("closing", "2025Q1") == 30)
        #expect(try Self.total("closing", "2025Q2") == 30)
        // 2024: b1 80 alone.
        #expect(try Self.total("closing", "2024") == 80)
        #expect(try Self.total("closing", "2024", unit: "A") == nil)
    }

    /// DHIS2's `FIRST_AVERAGE_ORG_UNIT`: each unit's first value inside the query period, averaged over the units that
    /// have one; `first` adds the same values instead.
    @Test func firstAverageOrgUnitTakesTheFirstValueInsideAndAveragesUnits() throws {
        // 2025: a1 January 10, a2 March 50 → 30 (first adds them: 60); b1 has none inside.
        #expect(try Self.total("opening", "2025", unit: "A") == 30)
        #expect(try Self.total("opening", "2025") == 30)
        #expect(try Self.total("opening_sum", "2025") == 60)
        // 2025Q2: a1 June 30 alone; 2024Q4: b1 80 alone.
        #expect(try Self.total("opening", "2025Q2") == 30)
        #expect(try Self.total("opening", "2024Q4") == 80)
        #expect(try Self.total("opening", "2025Q3") == nil)
    }

    @Test func minMaxAndCountOverTheSubtreeIncludeAUnitsOwnValues() throws {
        // 2025Q1 in C: 2, 4, 6 (a1), 8 (a2), 10 (A itself), 5 (b1); December 2024's 100 and July's 1 lie outside.
        #expect(try Self.total("wait_min", "2025Q1") == 2)
        #expect(try Self.total("wait_max", "2025Q1") == 10)
        #expect(try Self.total("wait_count", "2025Q1") == 6)
        #expect(try Self.total("wait_max", "2025Q1", unit: "A") == 10)
        #expect(try Self.total("wait_max", "2025Q1", unit: "a1") == 6)
        #expect(try Self.total("wait_count", "2025Q1", unit: "A") == 5)
        // Over the year July's 1 counts; one option: male 2, 6, 8, 1.
        #expect(try Self.total("wait_min", "2025") == 1)
        #expect(try Self.total("wait_count", "2025") == 7)
        #expect(try Self.total("wait_max.male", "2025") == 8)
        #expect(try Self.total("wait_count.male", "2025") == 4)
        // A unit without values has none: B in 2025Q2.
        #expect(try Self.total("wait_min", "2025Q2", unit: "B") == nil)
        #expect(try Self.total("wait_count", "2025Q2", unit: "B") == nil)
        #expect(try Self.total("wait_max", "2024") == 100)
    }

    @Test func standardDeviationAndVarianceAreTheSampleForms() throws {
        // a1 2025Q1: 2, 4, 6 — mean 4, Σ(x − x̄)² = 8, sample variance 8 ÷ 2 = 4, standard deviation 2.
        #expect(Self.near(try Self.total("wait_var", "2025Q1", unit: "a1"), 4))
        #expect(Self.near(try Self.total("wait_sd", "2025Q1", unit: "a1"), 2))
        // A: 2, 4, 6, 8, 10 — mean 6, Σ = 16 + 4 + 0 + 4 + 16 = 40, variance 40 ÷ 4 = 10.
        #expect(Self.near(try Self.total("wait_var", "2025Q1", unit: "A"), 10))
        #expect(Self.near(try Self.total("wait_sd", "2025Q1", unit: "A"), 10.0.squareRoot()))
        // C: 2, 4, 6, 8, 10, 5 — Σx² = 245, (Σx)² ÷ n = 1225 ÷ 6, so Σ(x − x̄)² = 245 ÷ 6, variance 49 ÷ 6.
        #expect(Self.near(try Self.total("wait_var", "2025Q1"), 49.0 / 6))
        #expect(Self.near(try Self.total("wait_sd", "2025Q1"), (49.0 / 6).squareRoot()))
        // Males over 2025 in C: 2, 6, 8, 1 — mean 17 ÷ 4, Σx² = 105, Σ(x − x̄)² = 105 − 289 ÷ 4 = 131 ÷ 4,
        // variance 131 ÷ 12.
        #expect(Self.near(try Self.total("wait_var.male", "2025"), 131.0 / 12))
        // One value has no sample variance: a2 alone, B in 2025Q1.
        #expect(try Self.total("wait_var", "2025Q1", unit: "a2") == nil)
        #expect(try Self.total("wait_sd", "2025Q1", unit: "B") == nil)
    }

    @Test func noneIsOnlyWhereAndWhenItWasEntered() throws {
        #expect(try Self.total("kept", "202501", unit: "a1") == 7)
        // The town's own value, not the town's plus its village's.
        #expect(try Self.total("kept", "202501", unit: "A") == 3)
        #expect(try Self.total("kept", "202501") == nil)
        #expect(try Self.total("kept", "2025Q1", unit: "a1") == nil)
        // One combo only: no total over the options.
        #expect(try Self.total("seen.female", "202501", unit: "a1") == 5)
        #expect(try Self.total("seen", "202501", unit: "a1") == nil)
    }

    /// The cube (`tally rollup`) gives the aggregator's figures cell by cell for every type here.
    @Test func theCubeAgreesWithTheAggregator() throws {
        let cube = try Fixture.expectCubeAgrees(
            metadata: Self.metadata, rows: Self.rows, elements: Self.metadata.elements.map(\.code),
            periods: ["2024", "2025", "2025Q1", "202501", "202502"], aggregator: Self.aggregator())
        #expect(cube.series.count == 6 + 5 * 3 + 3 + 1)
    }
}

import TallyCore
import TallyEngine
import Testing

@Suite struct AggregationTests {
    let engine = Fixture.engine
    func total(_ ref: String, _ unit: String, _ period: String) throws -> Double? {
        let parts = ref.split(separator: ".").map(String.init)
        let reference = ElementReference(element: parts[0], options: parts.count > 1 ? [parts[1]] : [])
        return try engine.evaluator.aggregator.totals(reference, period: try Period(period))[Fixture.u(unit)]
    }

    @Test func sumsOverSubtreeAndCombos() throws {
        // 202510: a1 1+2, a2 5+3, b1 4+4.
        #expect(try total("births", "a1", "202510") == 3)
        #expect(try total("births", "A", "202510") == 11)
        #expect(try total("births", "C", "202510") == 19)
        #expect(try total("births.male", "C", "202510") == 10)
        #expect(try total("births.female", "B", "202510") == 4)
    }

    @Test func sumsOverRangesAndFinancialYears() throws {
        // 202510..202601, county: a1 3+2+1+2 = 8, a2 8+6+6+6 = 26, b1 8+3+0+5 = 16 → 50.
        #expect(try total("births", "C", "202510..202601") == 50)
        #expect(try total("births", "A", "202510..202601") == 34)
        // 2025Oct = Oct 2025 – Sep 2026 adds 202602: a1 1, a2 4, b1 2 → 57.
        #expect(try total("births", "C", "2025Oct") == 57)
        // Quarter 2025Q4 = 202510..202512: 19 + (2+6+3) + (1+6) = 37.
        #expect(try total("births", "C", "2025Q4") == 37)
        // The same period last year, 202410..202501: (2+1)+(5+4)+(4+4) = 20.
        #expect(try total("births", "C", "202410..202501") == 20)
    }

    @Test func missingIsNotZero() throws {
        #expect(try total("births", "b1", "202512") == nil)
        #expect(try total("births", "B", "202512") == nil)
        #expect(try total("births", "C", "202512") == 7)
        #expect(try total("births", "C", "202309") == nil)
    }

    @Test func yearlyPopulationUnderMonths() throws {
        // A yearly value applies to each month inside it.
        #expect(try total("population", "a1", "202510") == 1000)
        #expect(try total("population", "a1", "202601") == 1100)
        #expect(try total("population", "C", "202511") == 6000)
        // Over Oct 2025 – Jan 2026 (123 days): a1 = (92 × 1000 + 31 × 1100) / 123.
        let a1: Double = (92.0 * 1000 + 31 * 1100) / 123
        let a2: Double = (92.0 * 3000 + 31 * 2900) / 123
        #expect(try total("population", "a1", "202510..202601") == a1)
        #expect(abs(try total("population", "C", "202510..202601")! - (a1 + a2 + 2000)) < 1e-9)
        // 2025Oct: 92 days of 2025, 273 days of 2026.
        let a1Year: Double = (92.0 * 1000 + 273 * 1100) / 365
        #expect(abs(try total("population", "a1", "2025Oct")! - a1Year) < 1e-9)
    }
}

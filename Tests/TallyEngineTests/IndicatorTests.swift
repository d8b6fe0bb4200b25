import TallyCore
import TallyEngine
import Testing

@Suite struct IndicatorTests {
    let engine = Fixture.engine

    func figure(_ code: String, _ unit: String, _ period: String) throws -> Figure {
        try engine.evaluator.figures(.indicator(code), period: try Period(period))[Fixture.u(unit)]
    }

    @Test func ratioOfSumsNotAverageOfRatios() throws {
        // SRB of town A over 202510..202601: males (1+2+0+1)+(5+2+3+4) = 18, females (2+0+1+1)+(3+4+3+2) = 16.
        let a = try figure("srb", "A", "202510..202601")
        #expect(a.numerator == 18)
        #expect(a.denominator == 16)
        #expect(a.value == 112.5)
        // The children's ratios are 4/4 = 100 and 14/12 = 116.67; their mean 108.33 is not the answer.
        let a1 = try figure("srb", "a1", "202510..202601").value!
        let a2 = try figure("srb", "a2", "202510..202601").value!
        #expect(a1 == 100)
        #expect(abs(a2 - 1400.0 / 12) < 1e-12)
        #expect(abs((a1 + a2) / 2 - a.value!) > 4)
    }

    @Test func annualizedCrudeBirthRate() throws {
        // County births 202510..202601 = 50; average population = a1 + a2 + b1 (see AggregationTests).
        let a1: Double = (92.0 * 1000 + 31 * 1100) / 123
        let a2: Double = (92.0 * 3000 + 31 * 2900) / 123
        let pop: Double = a1 + a2 + 2000
        let expected: Double = 50 / pop * 1000 * 365 / 123
        let f = try figure("cbr", "C", "202510..202601")
        #expect(abs(f.value! - expected) < 1e-9)
        #expect(f.numerator == 50)
        let plain = try figure("cbr_plain", "C", "202510..202601")
        #expect(abs(plain.value! - 50 / pop * 1000) < 1e-9)
        // Hand value: pop = 126100/123 + 365900/123 + 2000 = 4000 + 2000 = 6000 exactly;
        // 50 / 6000 × 1000 × 365 / 123 = 24.72900…
        #expect(pop == 6000)
        #expect(abs(f.value! - 24.729_00) < 0.000_01)
    }

    @Test func zeroOrMissingDenominatorGivesNoValue() throws {
        // b1 has no births in 202512, so no SRB; a1 has 0 males and 1 female in 202512: SRB 0; 202511: 2 males, 0 females.
        #expect(try figure("srb", "b1", "202512").value == nil)
        #expect(try figure("srb", "a1", "202512").value == 0)
        let zero = try figure("srb", "a1", "202511")
        #expect(zero.value == nil)
        #expect(zero.denominator == 0)
    }

    @Test func annualizationFactor() throws {
        #expect(Evaluator.annualization(try Period("2025Oct")) == 1)
        #expect(Evaluator.annualization(try Period("202510..202601")) == 365.0 / 123)
        #expect(Evaluator.annualization(try Period("202402")) == 366.0 / 29)
    }
}

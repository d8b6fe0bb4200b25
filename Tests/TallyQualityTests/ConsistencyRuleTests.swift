import TallyQuality
import Testing

@Suite("ConsistencyRule")
struct ConsistencyRuleTests {
    let rule = ConsistencyRule()

    @Test("A drop to zero is extreme: ratio 0, expected 20, P = 2.1e-9")
    func dropToZero() throws {
        // Higher-order births 19, 21, 20 in the three previous years; now 0; the county's ratio is 1.0.
        let reference = try #require(
            ReferenceYear.mean([
                ReferenceYear(value: 19, periodsPresent: 12, periodsExpected: 12),
                ReferenceYear(value: 21, periodsPresent: 12, periodsExpected: 12),
                ReferenceYear(value: 20, periodsPresent: 12, periodsExpected: 12),
            ]))
        let assessment = try #require(rule.assess(value: 0, reference: reference, comparisonRatio: 1, isCount: true))
        #expect(assessment.ratio == 0 && assessment.relative == 0 && assessment.reference == 20)
        let test = try #require(assessment.countTest)
        #expect(test.expected == 20 && isClose(test.tail.probability, 2.061153622438558e-09))
        #expect(assessment.severity == .extreme)
    }

    @Test(
        "Band and Poisson together",
        arguments: [
            // value, reference, comparison ratio, count?, severity
            // 60 vs 100: relative 0.6 (moderate band); P(X ≤ 60 | 100) = 1.1e-5 < 1e-3: moderate.
            (60.0, 100.0, 1.0, true, OutlierScore.Severity.moderate),
            // 5 vs 20: relative 0.25 (extreme band); P(X ≤ 5 | 20) = 7.2e-5, not below 1e-6: moderate.
            (5, 20, 1, true, .moderate),
            // 0 vs 2: extreme band, but P(X ≤ 0 | 2) = e⁻² = 0.135: small counts vary; none.
            (0, 2, 1, true, .none),
            (0, 2, 1, false, .extreme),
            // 150 vs 100: relative 1.5 > 1.33 (moderate band); P = 1.9e-6 < 1e-3: moderate.
            (150, 100, 1, true, .moderate),
            // 120 vs 100 with the county up 10%: relative 1.0909, inside the band.
            (120, 100, 1.1, true, .none),
            // 1.34 and 0.66 are outside 1 ± 0.33; 1.32 and 0.68 inside.
            (134, 100, 1, false, .moderate),
            (132, 100, 1, false, .none),
            (66, 100, 1, false, .moderate),
            (68, 100, 1, false, .none),
            // Beyond twice the band: 1.67 is extreme, 1.65 moderate (as measurements).
            (167, 100, 1, false, .extreme),
            (165, 100, 1, false, .moderate),
        ]
    )
    func grades(
        _ value: Double, _ reference: Double, _ comparison: Double, _ isCount: Bool,
        _ severity: OutlierScore.Severity
    ) throws {
        let assessment = try #require(
            rule.assess(value: value, reference: reference, comparisonRatio: comparison, isCount: isCount))
        #expect(assessment.severity == severity)
        #expect(isClose(assessment.relative, value / reference / comparison))
        #expect((assessment.countTest != nil) == isCount)
    }

    @Test("Nothing to judge without a positive reference and comparison ratio")
    func undefined() {
        #expect(rule.assess(value: 5, reference: 0, comparisonRatio: 1, isCount: true) == nil)
        #expect(rule.assess(value: 5, reference: 10, comparisonRatio: 0, isCount: true) == nil)
        #expect(rule.assess(value: 5, reference: -10, comparisonRatio: 1, isCount: true) == nil)
        #expect(rule.assess(value: .nan, reference: 10, comparisonRatio: 1, isCount: true) == nil)
        #expect(rule.assess(value: 5, reference: .infinity, comparisonRatio: 1, isCount: true) == nil)
    }

    @Test("Thresholds are parameters")
    func thresholds() throws {
        let loose = ConsistencyRule(band: 0.5, moderateProbability: 1e-2, extremeProbability: 1e-3)
        // 60 vs 100 is inside 1 ± 0.5 now.
        #expect(
            loose.assess(value: 60, reference: 100, comparisonRatio: 1, isCount: true)?.severity
                == OutlierScore.Severity.none)
        // 0 vs 20: |0 − 1| = 1 is not beyond twice the band (1.0): moderate, though P = 2e-9.
        #expect(loose.assess(value: 0, reference: 20, comparisonRatio: 1, isCount: true)?.severity == .moderate)
        // 150 vs 50: relative 3, beyond 1.0; P(X ≥ 150 | 50) is far below 1e-3: extreme.
        #expect(loose.assess(value: 150, reference: 50, comparisonRatio: 1, isCount: true)?.severity == .extreme)
        // 10 vs 20 with band 0.33: relative 0.5, moderate; P(X ≤ 10 | 20) = 0.0108 ≥ 1e-3: none by default.
        #expect(
            rule.assess(value: 10, reference: 20, comparisonRatio: 1, isCount: true)?.severity
                == OutlierScore.Severity.none)
        let defaults = ConsistencyRule()
        #expect(defaults.band == 0.33 && defaults.moderateProbability == 1e-3 && defaults.extremeProbability == 1e-6)
    }
}

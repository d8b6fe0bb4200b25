import TallyQuality
import Testing

@Suite("OutlierRule")
struct OutlierRuleTests {
    let rule = OutlierRule()

    /// 35 other months of `anc_visits`: 22 zeros, 5 ones and 8 twos (issue 17).
    static let mostlyZeros =
        [Double](repeating: 0, count: 22) + [Double](repeating: 1, count: 5) + [Double](repeating: 2, count: 8)

    @Test("A typing error among mostly zeros is extreme (MAD = 0 falls back to the mean absolute deviation)")
    func mostlyZeros() throws {
        let assessment = try #require(rule.assess(40, reference: Self.mostlyZeros, isCount: true))
        // Mean 0.6, s = √((5 + 32 − 35 · 0.36)/34) = √(24.4/34) = 0.8471; z = 39.4/0.8471 = 46.51.
        #expect(isClose(assessment.zScore, 39.4 / (24.4 / 34).squareRoot()))
        #expect(assessment.summary.modifiedZScore == 0)  // the old rule's blind spot
        let robust = try #require(assessment.robustZScore)
        #expect(robust.spread == .meanAbsoluteDeviation)
        #expect(isClose(robust.value, OutlierScore.meanDeviationScale * 40 / 0.6))
        // P(X ≥ 40 | 0.6) = 9.1e-58 (SciPy: 9.124907529961181e-58).
        #expect(isClose(assessment.probability, 9.124907529961181e-58, tolerance: 1e-11))
        #expect(assessment.basis == .scores)
        #expect(assessment.severity == .extreme)
        // Not a count: the scores alone, extreme too.
        #expect(rule.assess(40, reference: Self.mostlyZeros, isCount: false)?.severity == .extreme)
    }

    @Test("Small counts among zeros stay unflagged: the Poisson test holds them back")
    func smallCountsAmongZeros() throws {
        // 3: z = 2.4/0.8471 = 2.83, M = 0.7979 · 3/0.6 = 3.99, but P(X ≥ 3 | 0.6) = 0.023.
        let three = try #require(rule.assess(3, reference: Self.mostlyZeros, isCount: true))
        #expect(isClose(three.probability, 0.023115287752632954, tolerance: 1e-11))
        #expect(three.severity == .none)
        // The same value as a measurement (not a count): moderate on the scores.
        #expect(rule.assess(3, reference: Self.mostlyZeros, isCount: false)?.severity == .moderate)
        // 6: P(X ≥ 6 | 0.6) = 3.9e-5 < 1e-4 and z = 6.37 ≥ 3, but P ≥ 1e-7: moderate.
        #expect(rule.assess(6, reference: Self.mostlyZeros, isCount: true)?.severity == .moderate)
    }

    @Test("A constant series of counts is judged by the Poisson test alone")
    func constantCounts() throws {
        let fives = [Double](repeating: 5, count: 35)
        let sixty = try #require(rule.assess(60, reference: fives, isCount: true))
        #expect(sixty.zScore == nil && sixty.robustZScore == nil)
        #expect(sixty.basis == .poissonAlone)
        // P(X ≥ 60 | 5) = 7.6e-43.
        #expect(isClose(sixty.probability, 7.649610081149458e-43, tolerance: 1e-11))
        #expect(sixty.severity == .extreme)
        // P(X ≥ 16 | 5) = 6.9e-5: moderate; P(X ≥ 22 | 5) = 1.8e-8: extreme; P(X ≥ 15 | 5) = 2.3e-4: none.
        #expect(rule.assess(16, reference: fives, isCount: true)?.severity == .moderate)
        #expect(rule.assess(22, reference: fives, isCount: true)?.severity == .extreme)
        #expect(rule.assess(15, reference: fives, isCount: true)?.severity == OutlierScore.Severity.none)
        #expect(rule.assess(5, reference: fives, isCount: true)?.severity == OutlierScore.Severity.none)
        // Below the constant: P(X ≤ 0 | 5) = e⁻⁵ = 0.0067: none.
        #expect(rule.assess(0, reference: fives, isCount: true)?.severity == OutlierScore.Severity.none)
    }

    @Test("A constant series of measurements is not judged")
    func constantMeasurements() throws {
        let assessment = try #require(rule.assess(60, reference: [5, 5, 5, 5], isCount: false))
        #expect(assessment.basis == .noSpread && assessment.severity == .none && assessment.probability == nil)
    }

    @Test("After only zeros, a count is judged by the chance all its events fall in its period: (n + 1)^−x")
    func allZeros() throws {
        let zeros = [Double](repeating: 0, count: 35)
        let one = try #require(rule.assess(1, reference: zeros, isCount: true))
        #expect(one.basis == .poissonAlone && isClose(one.probability, 1.0 / 36) && one.severity == .none)
        // 36⁻³ = 2.1e-5: moderate; 36⁻⁵ = 1.7e-8: extreme.
        let three = try #require(rule.assess(3, reference: zeros, isCount: true))
        #expect(isClose(three.probability, 1.0 / (36 * 36 * 36)) && three.severity == .moderate)
        #expect(rule.assess(5, reference: zeros, isCount: true)?.severity == .extreme)
        #expect(rule.assess(0, reference: zeros, isCount: true)?.probability == 1)
        #expect(rule.assess(3, reference: zeros, isCount: false)?.severity == OutlierScore.Severity.none)
    }

    @Test("With a MAD, the rule is the audit's: z graded, modified z ≥ 3.5")
    func withSpread() throws {
        // Reference 10, 12, 14: z(40) = 14, M = 0.6745 · 28/2 = 9.44: extreme.
        let forty = try #require(rule.assess(40, reference: [10, 12, 14], isCount: false))
        #expect(forty.zScore == 14 && forty.robustZScore?.spread == .medianAbsoluteDeviation)
        #expect(forty.severity == .extreme && forty.basis == .scores)
        // z(18) = 3 but M = 2.02 < 3.5: not reported.
        #expect(rule.assess(18, reference: [10, 12, 14], isCount: false)?.severity == OutlierScore.Severity.none)
        // MAD = 0 on the low side: reference 10 ×5, 4, 16; x = 1: z = −9/√12 = −2.60, M = 0.7979 · 9/(12/7) = 4.19.
        let low = try #require(rule.assess(1, reference: [10, 10, 10, 10, 10, 4, 16], isCount: false))
        #expect(isClose(low.zScore, -9 / 12.0.squareRoot()))
        #expect(isClose(low.robustZScore?.value, OutlierScore.meanDeviationScale * 9 / (12.0 / 7)))
        #expect(low.severity == .moderate)
        // As a count: P(X ≤ 1 | 10) = 11 e⁻¹⁰ = 5.0e-4 ≥ 1e-4: none.
        let lowCount = try #require(rule.assess(1, reference: [10, 10, 10, 10, 10, 4, 16], isCount: true))
        #expect(lowCount.severity == .none)
        #expect(isClose(lowCount.probability, 11 * 4.5399929762484854e-05, tolerance: 1e-12))
    }

    @Test("Thresholds are parameters")
    func thresholds() {
        let strict = OutlierRule(
            moderateZ: 3, extremeZ: 5, modifiedZ: 10, moderateProbability: 1e-2,
            extremeProbability: 1e-3)
        // z = 2.83 < 3 now.
        #expect(strict.assess(3, reference: Self.mostlyZeros, isCount: false)?.severity == OutlierScore.Severity.none)
        // Constant fives: P(X ≥ 12 | 5) = 0.0055 < 1e-2: moderate under the looser probability.
        #expect(strict.assess(12, reference: [5, 5, 5], isCount: true)?.severity == .moderate)
        let defaults = OutlierRule()
        #expect(defaults.moderateZ == 2 && defaults.extremeZ == 3 && defaults.modifiedZ == 3.5)
        #expect(defaults.moderateProbability == 1e-4 && defaults.extremeProbability == 1e-7)
    }

    @Test("Too little to judge, and values that are not numbers")
    func degenerate() throws {
        #expect(rule.assess(5, reference: [], isCount: true) == nil)
        let single = try #require(rule.assess(500, reference: [3], isCount: true))
        #expect(single.basis == .tooFewValues && single.severity == .none && single.probability == nil)
        #expect(rule.assess(.nan, reference: [1, 2, 3], isCount: true)?.severity == OutlierScore.Severity.none)
        #expect(rule.assess(.nan, reference: [0, 0, 0], isCount: true)?.severity == OutlierScore.Severity.none)
        #expect(rule.assess(.infinity, reference: [5, 5], isCount: true)?.severity == OutlierScore.Severity.none)
    }
}

import TallyQuality
// Reference tails in ReferenceValues.swift: scipy.stats.poisson (sf and cdf), each checked against mpmath at 50
// digits by reference/make_reference.py. Compared with a relative tolerance of 1e-11.
import Testing

@Suite("PoissonTail")
struct PoissonTailTests {
    @Test("Tails match SciPy", arguments: Reference.poissonTails)
    func matchesSciPy(_ row: Reference.Tail) {
        let result = PoissonTail.beyond(Double(row.count), mean: row.mean)
        #expect(result.side == (row.above ? .above : .below))
        #expect(result.count == Double(row.count) && result.mean == row.mean)
        #expect(isClose(result.probability, row.probability, tolerance: 1e-11), "\(result.probability)")
        let direct =
            row.above ? PoissonTail.atLeast(row.count, mean: row.mean) : PoissonTail.atMost(row.count, mean: row.mean)
        #expect(isClose(direct, row.probability, tolerance: 1e-11))
    }

    @Test("Closed forms: P(X ≤ 0) = e^−μ, P(X ≥ 1) = 1 − e^−μ")
    func closedForms() {
        // e⁻²⁰ = 2.061153622438558e-09: a drop from 20 to 0.
        #expect(isClose(PoissonTail.atMost(0, mean: 20), 2.061153622438558e-09))
        #expect(isClose(PoissonTail.atLeast(1, mean: 0.5), 1 - 0.6065306597126334))
        #expect(isClose(PoissonTail.atMost(1, mean: 2), 3 * 0.1353352832366127))
    }

    @Test("Edges: k ≤ 0, a mean of 0, rounding, and figures that are not numbers")
    func edges() {
        #expect(PoissonTail.atLeast(0, mean: 3) == 1)
        #expect(PoissonTail.atLeast(-2, mean: 3) == 1)
        #expect(PoissonTail.atMost(-1, mean: 3) == 0)
        #expect(PoissonTail.atLeast(3, mean: 0) == 0)
        #expect(PoissonTail.atMost(0, mean: 0) == 1)
        #expect(PoissonTail.beyond(0, mean: 0).probability == 1)
        #expect(PoissonTail.beyond(4, mean: 0).probability == 0)
        // A negative mean counts as 0, a negative value as 0.
        #expect(PoissonTail.beyond(4, mean: -2).probability == 0)
        #expect(PoissonTail.beyond(-3, mean: 2).count == 0)
        #expect(isClose(PoissonTail.beyond(-3, mean: 2).probability, 0.1353352832366127))
        // Half away from zero: 2.5 is tested as 3.
        #expect(PoissonTail.beyond(2.5, mean: 1).count == 3)
        #expect(PoissonTail.beyond(2.49, mean: 1).count == 2)
        // A value at the mean is on the upper side.
        #expect(PoissonTail.beyond(10, mean: 10).side == .above)
        // Not numbers: NaN, which no threshold flags. The old prediction 0 ÷ 0 × ratio gave such a mean.
        #expect(PoissonTail.beyond(0, mean: .nan).probability.isNaN)
        #expect(PoissonTail.beyond(.nan, mean: 3).probability.isNaN)
        #expect(PoissonTail.beyond(.infinity, mean: 3).probability.isNaN)
        #expect(PoissonTail.atLeast(3, mean: .infinity).isNaN)
        #expect(!(PoissonTail.beyond(0, mean: .nan).probability < 1e-3))
        // Counts beyond Int's range stay finite (no trap).
        let huge = PoissonTail.beyond(1e20, mean: 1e20)
        #expect(huge.side == .above && huge.probability > 0.49 && huge.probability < 0.51)
    }
}

import TallyQuality
// Reference values in ReferenceValues.swift were computed independently with SciPy 1.17.1 and NumPy 2.4.6
// (Python 3.11.7) by reference/make_reference.py: Garwood limits and chi-square quantiles from
// scipy.stats.chi2.ppf, P(a, x) and Q(a, x) from scipy.special.gammainc and gammaincc, each checked against
// mpmath 1.3.0 at 50 digits (one row, P(1e6, 990000), where SciPy is off by 2e-10, takes mpmath's value).
// Intervals are compared with a relative tolerance of 1e-9, the gamma function and quantiles with 1e-12.
import Testing

@Suite("PoissonInterval")
struct PoissonIntervalTests {
    @Test("Garwood intervals match SciPy", arguments: Reference.garwood)
    func garwoodMatchesSciPy(_ row: Reference.Interval) {
        let interval = PoissonInterval.garwood(count: row.count, confidence: row.confidence)
        #expect(isClose(interval.low, row.low, tolerance: 1e-9), "low \(interval.low) vs \(row.low)")
        #expect(isClose(interval.high, row.high, tolerance: 1e-9), "high \(interval.high) vs \(row.high)")
    }

    @Test("Chi-square quantiles match SciPy", arguments: Reference.chiSquareQuantiles)
    func chiSquareQuantileMatchesSciPy(_ row: Reference.Quantile) {
        let value = PoissonInterval.chiSquareQuantile(p: row.p, degreesOfFreedom: row.df)
        #expect(isClose(value, row.value), "χ²(\(row.p); \(row.df)) = \(value), SciPy \(row.value)")
    }

    @Test("P(a, x) matches scipy.special.gammainc", arguments: Reference.gammaP)
    func gammaPMatchesSciPy(_ row: Reference.Gamma) {
        let value = PoissonInterval.regularizedGammaP(row.a, row.x)
        #expect(isClose(value, row.value), "P(\(row.a), \(row.x)) = \(value), SciPy \(row.value)")
    }

    @Test("Q(a, x) matches scipy.special.gammaincc", arguments: Reference.gammaQ)
    func gammaQMatchesSciPy(_ row: Reference.Gamma) {
        let value = PoissonInterval.regularizedGammaQ(row.a, row.x)
        #expect(isClose(value, row.value), "Q(\(row.a), \(row.x)) = \(value), SciPy \(row.value)")
    }

    @Test("k = 0 and k = 1 have closed forms")
    func closedForms() {
        // P(1, x) = 1 − e^(−x): high(0) = −ln(α/2) = ln 40, low(1) = −ln(1 − α/2) = ln(40/39).
        let zero = PoissonInterval.garwood(count: 0)
        #expect(zero.low == 0)
        #expect(isClose(zero.high, 3.688879454113936))
        let one = PoissonInterval.garwood(count: 1)
        #expect(isClose(one.low, 0.025317807984289786))
        // χ² with 2 degrees of freedom: χ²(p; 2) = −2 ln(1 − p).
        #expect(isClose(PoissonInterval.chiSquareQuantile(p: 0.95, degreesOfFreedom: 2), 5.991464547107979))
        #expect(isClose(PoissonInterval.chiSquareQuantile(p: 0.5, degreesOfFreedom: 2), 1.3862943611198906))
    }

    @Test("The interval contains the count and widens with the confidence")
    func ordering() {
        for count in [0, 1, 7, 250, 40_000, 1_000_000, 2_500_000] {
            let narrow = PoissonInterval.garwood(count: count, confidence: 0.80)
            let wide = PoissonInterval.garwood(count: count, confidence: 0.99)
            #expect(wide.low <= narrow.low && narrow.low <= Double(count))
            #expect(Double(count) < narrow.high && narrow.high < wide.high)
        }
    }

    @Test("The bounds are quantiles: P(k, low) = α/2 and Q(k + 1, high) = α/2")
    func boundsInvertTheGammaFunction() {
        for count in [1, 3, 184, 12_345, 1_000_000] {
            let interval = PoissonInterval.garwood(count: count)
            let k = Double(count)
            #expect(isClose(PoissonInterval.regularizedGammaP(k, interval.low), 0.025, tolerance: 1e-11))
            #expect(isClose(PoissonInterval.regularizedGammaQ(k + 1, interval.high), 0.025, tolerance: 1e-11))
        }
    }

    @Test("P and Q add up to 1 on both sides of x = a + 1")
    func complement() {
        for (a, x) in [(0.5, 0.2), (3.0, 3.9), (3.0, 4.1), (250.0, 240.0), (250.0, 260.0), (1e6, 1e6 + 0.5)] {
            let sum = PoissonInterval.regularizedGammaP(a, x) + PoissonInterval.regularizedGammaQ(a, x)
            #expect(abs(sum - 1) <= 4 * Double.ulpOfOne)
        }
    }

    @Test("Edge and invalid arguments")
    func edges() {
        #expect(PoissonInterval.regularizedGammaP(2, 0) == 0)
        #expect(PoissonInterval.regularizedGammaP(2, .infinity) == 1)
        #expect(PoissonInterval.regularizedGammaQ(2, 0) == 1)
        #expect(PoissonInterval.regularizedGammaP(0, 1).isNaN)
        #expect(PoissonInterval.regularizedGammaP(-1, 1).isNaN)
        #expect(PoissonInterval.regularizedGammaP(1, -1).isNaN)
        #expect(PoissonInterval.regularizedGammaP(.nan, 1).isNaN)
        #expect(PoissonInterval.chiSquareQuantile(p: 0, degreesOfFreedom: 4) == 0)
        #expect(PoissonInterval.chiSquareQuantile(p: 1, degreesOfFreedom: 4) == .infinity)
        #expect(PoissonInterval.chiSquareQuantile(p: 1.5, degreesOfFreedom: 4).isNaN)
        #expect(PoissonInterval.chiSquareQuantile(p: 0.5, degreesOfFreedom: 0).isNaN)
        #expect(PoissonInterval.chiSquareQuantile(p: .nan, degreesOfFreedom: 4).isNaN)
    }

    /// Whether `x` is a root of the increasing `f` up to rounding: `f` changes sign within `x (1 ± 8ε)`.
    func isRoot(_ x: Double, of f: (Double) -> Double) -> Bool {
        let spread = 8 * Double.ulpOfOne
        return f(x * (1 - spread)) <= 0 && f(x * (1 + spread)) >= 0
    }

    @Test("Quantiles in the far tails are roots of P or Q to rounding")
    func farTails() {
        let cases: [(df: Double, p: Double)] = [
            (0.3, 1e-30), (0.3, 1e-8), (1, 1e-100), (1, 1e-8), (9, 1e-300), (9, 1e-30),
            (400, 1e-300), (400, 1e-8), (2e6, 1e-300), (2e6, 1e-30), (2e6, 0.5),
        ]
        for (df, p) in cases {
            let a = df / 2
            let low = PoissonInterval.chiSquareQuantile(p: p, degreesOfFreedom: df)
            #expect(low > 0 && isRoot(low / 2) { PoissonInterval.regularizedGammaP(a, $0) - p }, "\(df) \(p)")
            let upper = 1 - p
            guard upper < 1 else { continue }
            let q = 1 - upper
            let high = PoissonInterval.chiSquareQuantile(p: upper, degreesOfFreedom: df)
            #expect(isRoot(high / 2) { q - PoissonInterval.regularizedGammaQ(a, $0) }, "\(df) \(p)")
        }
    }
}

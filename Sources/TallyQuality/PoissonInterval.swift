/// Exact confidence intervals for a Poisson count, and the gamma and chi-square functions they rest on.
///
/// Garwood's interval (F. Garwood, "Fiducial limits for the Poisson distribution", *Biometrika* 28, 1936)
/// for an observed count `k` at level `1 − α`:
///
///     low  = ½ χ²(α/2; 2k)        (0 when k = 0)
///     high = ½ χ²(1 − α/2; 2k + 2)
///
/// where `χ²(p; ν)` is the `p` quantile of the chi-square distribution with `ν` degrees of freedom. Since
/// `χ²(p; ν) = 2 P⁻¹(ν/2, p)`, with `P` the regularized lower incomplete gamma function, the bounds are the
/// gamma quantiles `P⁻¹(k, α/2)` and `Q⁻¹(k + 1, α/2)`, which is how they are computed here (to about
/// `10⁻¹⁴` relative; valid for counts from 0 to well beyond 1,000,000).
public enum PoissonInterval {
    /// Garwood's exact two-sided interval for a Poisson count at the given confidence level.
    ///
    /// `low = ½ χ²(α/2; 2k)` (0 when `k = 0`), `high = ½ χ²(1 − α/2; 2k + 2)`, with `α = 1 − confidence`.
    /// For example `k = 10` at 95 % gives (4.795, 18.390).
    ///
    /// - Parameters:
    ///   - count: the observed count `k ≥ 0`.
    ///   - confidence: the level `1 − α`, strictly between 0 and 1; 0.95 by default.
    /// - Returns: the lower and upper limits for the Poisson mean.
    /// - Precondition: `count ≥ 0` and `0 < confidence < 1`.
    public static func garwood(count: Int, confidence: Double = 0.95) -> (low: Double, high: Double) {
        precondition(count >= 0, "A Poisson count cannot be negative")
        precondition(confidence > 0 && confidence < 1, "The confidence level must lie strictly between 0 and 1")
        let halfAlpha = (1 - confidence) / 2
        let k = Double(count)
        let low = count == 0 ? 0 : IncompleteGamma.inverseP(halfAlpha, k)
        let high = IncompleteGamma.inverseQ(halfAlpha, k + 1)
        return (low, high)
    }

    /// The regularized lower incomplete gamma function
    /// `P(a, x) = γ(a, x) / Γ(a) = (1/Γ(a)) ∫₀ˣ t^(a−1) e^(−t) dt`.
    ///
    /// Series for `x < a + 1`, continued fraction for `Q = 1 − P` otherwise (Numerical Recipes §6.2), with
    /// the factor `xᵃ e⁻ˣ / Γ(a)` in Loader's saddle-point form; relative accuracy about `10⁻¹⁴`.
    ///
    /// - Returns: `P(a, x)` in [0, 1]; NaN unless `a` is finite and positive and `x ≥ 0`.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        IncompleteGamma.p(a, x)
    }

    /// The regularized upper incomplete gamma function `Q(a, x) = 1 − P(a, x) = Γ(a, x) / Γ(a)`,
    /// computed directly (not as `1 − P`) where it is the smaller of the two.
    ///
    /// - Returns: `Q(a, x)` in [0, 1]; NaN unless `a` is finite and positive and `x ≥ 0`.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        IncompleteGamma.q(a, x)
    }

    /// The chi-square quantile `χ²(p; ν)`: the `x` with `P(ν/2, x/2) = p`, so `χ²(p; ν) = 2 P⁻¹(ν/2, p)`.
    ///
    /// Found by Newton's method inside a bracket, falling back to bisection, from a Wilson–Hilferty start,
    /// to about `10⁻¹⁴` relative. For `p > ½` the equivalent upper-tail equation `Q(ν/2, x/2) = 1 − p` is solved.
    ///
    /// - Parameters:
    ///   - p: the lower-tail probability in [0, 1].
    ///   - degreesOfFreedom: `ν > 0` (need not be an integer).
    /// - Returns: the quantile; 0 for `p = 0`, `+∞` for `p = 1`, NaN for `p` outside [0, 1] or `ν ≤ 0`.
    public static func chiSquareQuantile(p: Double, degreesOfFreedom: Double) -> Double {
        2 * IncompleteGamma.inverseP(p, degreesOfFreedom / 2)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The regularized incomplete gamma functions and their inverse; the engine behind `PoissonInterval`.
///
/// - `P(a, x) = γ(a, x) / Γ(a) = (1/Γ(a)) ∫₀ˣ t^(a−1) e^(−t) dt`
/// - `Q(a, x) = 1 − P(a, x)`
///
/// P is summed as a power series when `x < a + 1` and Q as Legendre's continued fraction (modified Lentz)
/// otherwise, as in Press et al., *Numerical Recipes* (3rd ed., §6.2, `gser`/`gcf`). The common factor
/// `xᵃ e⁻ˣ / Γ(a)` is computed in Loader's saddle-point form (C. Loader, "Fast and Accurate Computation of
/// Binomial Probabilities", 2000): `√(a/2π) · exp(−bd0(a, x) − stirlerr(a))`, which avoids the cancellation
/// of `a·ln x − x − lnΓ(a)` for large `a` (for `a = 10⁶` the naive form loses about seven digits).
enum IncompleteGamma {
    /// Stopping tolerance of the series and of the continued fraction (about machine epsilon).
    static let epsilon = Double.ulpOfOne

    /// The smallest magnitude used by modified Lentz to avoid division by zero.
    static let tiny = Double.leastNormalMagnitude / Double.ulpOfOne

    /// `ln(2π)`.
    static let logTwoPi = 1.8378770664093454835606594728112

    // MARK: - P and Q

    /// `P(a, x)`; NaN unless `a` is finite and positive and `x ≥ 0`.
    static func p(_ a: Double, _ x: Double) -> Double {
        guard a.isFinite, a > 0, x >= 0 else { return .nan }
        if x == 0 { return 0 }
        if x == .infinity { return 1 }
        return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x)
    }

    /// `Q(a, x) = 1 − P(a, x)`, computed directly in the upper tail; NaN unless `a > 0` finite and `x ≥ 0`.
    static func q(_ a: Double, _ x: Double) -> Double {
        guard a.isFinite, a > 0, x >= 0 else { return .nan }
        if x == 0 { return 1 }
        if x == .infinity { return 0 }
        return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x)
    }

    /// The density of the Gamma(a, 1) distribution, `x^(a−1) e^(−x) / Γ(a)`, which is `∂P/∂x`.
    static func density(_ a: Double, _ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 0 }
        return prefactor(a, x) / x
    }

    /// Iteration cap for the series and the continued fraction: both need `O(√a)` terms near `x ≈ a`.
    static func maximumIterations(_ a: Double) -> Int {
        1_000 + Int(100 * a.squareRoot())
    }

    /// `P(a, x) = xᵃ e⁻ˣ / Γ(a) · Σₙ xⁿ / (a (a+1) ⋯ (a+n))`, summed with Neumaier compensation.
    static func series(_ a: Double, _ x: Double) -> Double {
        var denominator = a
        var term = 1 / a
        var sum = term
        var compensation = 0.0
        for _ in 0..<maximumIterations(a) {
            denominator += 1
            term *= x / denominator
            let next = sum + term
            compensation += abs(sum) >= abs(term) ? (sum - next) + term : (term - next) + sum
            sum = next
            if abs(term) < abs(sum) * epsilon { break }
        }
        return (sum + compensation) * prefactor(a, x)
    }

    /// `Q(a, x) = xᵃ e⁻ˣ / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− ⋯)))`, by modified Lentz.
    static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for index in 1...maximumIterations(a) {
            let i = Double(index)
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h * prefactor(a, x)
    }

    // MARK: - The common factor

    /// `xᵃ e⁻ˣ / Γ(a) = √(a/2π) · exp(−bd0(a, x) − stirlerr(a))`.
    static func prefactor(_ a: Double, _ x: Double) -> Double {
        exp(logPrefactor(a, x))
    }

    /// `a ln x − x − lnΓ(a) = −bd0(a, x) − stirlerr(a) + ½ ln(a / 2π)`.
    static func logPrefactor(_ a: Double, _ x: Double) -> Double {
        -deviance(a, x) - stirlingError(a) + 0.5 * (log(a) - logTwoPi)
    }

    /// Loader's `bd0(a, x) = a ln(a/x) + x − a`, by a series in `v = (a − x)/(a + x)` when `a ≈ x`.
    static func deviance(_ a: Double, _ x: Double) -> Double {
        guard abs(a - x) < 0.1 * (a + x) else {
            let ratio = a / x
            let logRatio = ratio.isNormal ? log(ratio) : log(a) - log(x)  // a/x over- or underflows
            return a * logRatio + x - a
        }
        let v = (a - x) / (a + x)
        let v2 = v * v
        var sum = (a - x) * v
        var power = 2 * a * v
        for j in 1..<1_000 {
            power *= v2
            let next = sum + power / Double(2 * j + 1)
            if next == sum { break }
            sum = next
        }
        return sum
    }

    /// Stirling's error `stirlerr(a) = lnΓ(a) − (a − ½) ln a + a − ½ ln 2π`.
    ///
    /// Directly for `a ≤ 15`; above, the asymptotic series `1/(12a) − 1/(360a³) + 1/(1260a⁵) − …`
    /// (Loader 2000), accurate to machine precision there.
    static func stirlingError(_ a: Double) -> Double {
        guard a > 15 else {
            return lgamma(a) - (a - 0.5) * log(a) + a - 0.5 * logTwoPi
        }
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let a2 = a * a
        if a > 500 { return (s0 - s1 / a2) / a }
        if a > 80 { return (s0 - (s1 - s2 / a2) / a2) / a }
        if a > 35 { return (s0 - (s1 - (s2 - s3 / a2) / a2) / a2) / a }
        return (s0 - (s1 - (s2 - (s3 - s4 / a2) / a2) / a2) / a2) / a
    }

    // MARK: - Inverse

    /// The `x ≥ 0` with `P(a, x) = p`: 0 for `p = 0`, `+∞` for `p = 1`, NaN for invalid input.
    ///
    /// For `p > ½` the root of `Q(a, x) = 1 − p` is sought instead, so the upper tail keeps its relative accuracy.
    static func inverseP(_ p: Double, _ a: Double) -> Double {
        guard a.isFinite, a > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return p <= 0.5 ? solve(a, lowerTail: p) : solve(a, upperTail: 1 - p)
    }

    /// The `x ≥ 0` with `Q(a, x) = q`: `+∞` for `q = 0`, 0 for `q = 1`, NaN for invalid input.
    static func inverseQ(_ q: Double, _ a: Double) -> Double {
        guard a.isFinite, a > 0, q >= 0, q <= 1 else { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return 0 }
        return q <= 0.5 ? solve(a, upperTail: q) : solve(a, lowerTail: 1 - q)
    }

    /// Solves `P(a, x) = p` for `0 < p ≤ ½`.
    static func solve(_ a: Double, lowerTail p: Double) -> Double {
        root(a, guess: initialGuess(a, lowerTail: p)) { x in IncompleteGamma.p(a, x) - p }
    }

    /// Solves `Q(a, x) = q` for `0 < q ≤ ½`.
    static func solve(_ a: Double, upperTail q: Double) -> Double {
        root(a, guess: initialGuess(a, lowerTail: 1 - q, upperTail: q)) { x in q - IncompleteGamma.q(a, x) }
    }

    /// A starting point: Wilson–Hilferty, `x ≈ a (1 − 1/(9a) + z/(3√a))³` with `z = Φ⁻¹(p)`, or, where that
    /// is not positive, the small-`x` limit of the series, `x ≈ (p Γ(a+1))^(1/a)`.
    static func initialGuess(_ a: Double, lowerTail p: Double, upperTail q: Double? = nil) -> Double {
        let z = q.map { -NormalQuantile.value($0) } ?? NormalQuantile.value(p)
        let cube = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
        let wilsonHilferty = a * cube * cube * cube
        if cube > 0, wilsonHilferty.isFinite, wilsonHilferty > 0 { return wilsonHilferty }
        let small = exp((log(p) + lgamma(a + 1)) / a)
        return small.isFinite && small > 0 ? small : Double.leastNormalMagnitude
    }

    /// Newton's method on the increasing function `f` (derivative: the Gamma density) inside a bracket that
    /// every evaluation narrows; a step that would leave the bracket is replaced by bisection (or by doubling
    /// while no upper end is known). Stops when a step or the bracket is below `4ε ≈ 8.9 × 10⁻¹⁶` relative.
    static func root(_ a: Double, guess: Double, _ f: (Double) -> Double) -> Double {
        let tolerance = 4 * Double.ulpOfOne
        var low = 0.0
        var high = Double.infinity
        var x = guess
        for _ in 0..<400 {
            let fx = f(x)
            if fx == 0 { return x }
            if fx < 0 { low = x } else { high = x }
            if high.isFinite, high - low <= tolerance * high { return low + (high - low) / 2 }
            var next = x - fx / density(a, x)
            if !(next > low && next < high) {
                next = high.isFinite ? low + (high - low) / 2 : 2 * max(x, low)
            }
            if next == .infinity { return .infinity }
            if abs(next - x) <= tolerance * next { return next }
            x = next
        }
        return x
    }
}

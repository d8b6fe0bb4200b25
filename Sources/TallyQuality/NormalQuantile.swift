#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The standard normal quantile `Φ⁻¹(p)` by P. J. Acklam's rational approximation (relative error < 1.2 × 10⁻⁹),
/// used to start root finding, and refined to full precision by `precise`.
enum NormalQuantile {
    /// `Φ⁻¹(p)` for `0 < p < 1` to about machine precision: Acklam's approximation refined by one step of
    /// Halley's method on `Φ(x) − p`, with `Φ(x) = ½ erfc(−x/√2)` (Acklam's own refinement).
    static func precise(_ p: Double) -> Double {
        let x = value(p)
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u / (1 + x * u / 2)
    }

    /// `Φ⁻¹(p)` for `0 < p < 1`.
    static func value(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let split = 0.02425
        if p < split || p > 1 - split {
            let r = (-2 * log(p < split ? p : 1 - p)).squareRoot()
            let tail =
                (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5])
                / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
            return p < split ? tail : -tail
        }
        let u = p - 0.5
        let r = u * u
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

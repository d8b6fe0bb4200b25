/// A straight line fitted by least squares to values at equally spaced times, and its value one step after the
/// last: the WHO DQR's "forecast" reference for consistency over time when the expected trend is increasing or
/// decreasing (the DQR app's `forecast` in `src/appCore/appServiceMath.js`, which fits `regression.linear` to the
/// points `(i, yᵢ)`, `i = 0 … n − 1`, and evaluates the line at `i = n`).
///
///     slope     = Σ(i − ī)(yᵢ − ȳ) / Σ(i − ī)²
///     intercept = ȳ − slope · ī
///     forecast  = intercept + slope · n
///
/// over the present values only: a missing value (nil) is left out but keeps its place on the time axis.
/// Differences from the app, on purpose: a value of 0 is a value (the app tests `if (values[i])` and so drops
/// zeros as if missing), and the coefficients are not rounded (the `regression` package rounds them to two
/// decimals by default).
public struct LinearTrend: Sendable, Hashable {
    /// The change per step.
    public let slope: Double
    /// The line's value at step 0 (the first value's place).
    public let intercept: Double
    /// The number of places on the time axis (present and missing values).
    public let count: Int

    /// Fits the least-squares line to `values` (oldest first) at steps `0, 1, …`.
    ///
    /// - Returns: nil when fewer than 2 values are present (no line through one point), or when a present value
    ///   is not finite.
    public init?(_ values: [Double?]) {
        let points = values.enumerated().compactMap { index, value in value.map { (Double(index), $0) } }
        guard points.count >= 2, points.allSatisfy({ $0.1.isFinite }) else { return nil }
        let meanX = Summation.neumaier(points.map(\.0)) / Double(points.count)
        let meanY = Summation.neumaier(points.map(\.1)) / Double(points.count)
        let sxx = Summation.neumaier(points.map { ($0.0 - meanX) * ($0.0 - meanX) })
        let sxy = Summation.neumaier(points.map { ($0.0 - meanX) * ($0.1 - meanY) })
        slope = sxy / sxx
        intercept = meanY - slope * meanX
        count = values.count
    }

    /// The line's value at `step` (0 is the first value's place).
    public func value(at step: Double) -> Double {
        intercept + slope * step
    }

    /// The line's value one step after the last place, `intercept + slope · count`.
    public var forecast: Double {
        value(at: Double(count))
    }
}

/// A value axis from 0 with 4–6 "nice" ticks: multiples of 1, 2, 2.5 or 5 × 10^k.
public struct NiceScale: Hashable, Sendable {
    /// The tick values, ascending, starting at 0; the last one is at least the data maximum.
    public let ticks: [Double]

    /// The value at the end of the axis (the last tick).
    public var max: Double { ticks[ticks.count - 1] }
    /// The distance between two ticks.
    public var step: Double { ticks[1] - ticks[0] }

    /// The smallest nice step that covers `maxValue` in at most 5 intervals, which always gives 3–5 intervals.
    ///
    /// A maximum that is 0, negative, not finite or below 1e-12 gives the axis 0, 0.2, … 1.
    public init(maxValue: Double) {
        let top = maxValue.isFinite && maxValue >= 1e-12 ? maxValue : 1
        var exponent = 0
        var decade = 1.0
        while decade > top {
            decade /= 10
            exponent -= 1
        }
        while decade * 10 <= top {
            decade *= 10
            exponent += 1
        }
        for candidateExponent in (exponent - 1)...(exponent + 1) {
            for factor in [1.0, 2, 2.5, 5] {
                let step = NiceScale.value(1, factor: factor, exponent: candidateExponent)
                let intervals = (top / step - 1e-9).rounded(.up)
                if intervals <= 5 {
                    let count = Swift.max(Int(intervals), 1)
                    ticks = (0...count).map { NiceScale.value($0, factor: factor, exponent: candidateExponent) }
                    return
                }
            }
        }
        ticks = [0, top]  // Unreachable: a step of 10^(exponent + 1) always fits.
    }

    /// `index × factor × 10^exponent`, computed so decimal ticks such as 0.3 come out as the nearest double.
    private static func value(_ index: Int, factor: Double, exponent: Int) -> Double {
        var power = 1.0
        for _ in 0..<abs(exponent) { power *= 10 }
        return exponent >= 0 ? Double(index) * factor * power : Double(index) * factor / power
    }
}

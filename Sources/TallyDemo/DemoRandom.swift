import Foundation

/// A small deterministic random number generator (SplitMix64) with the samplers the demo needs.
///
/// Every village-month draws from its own stream, keyed by the seed and the cell, so values do not depend on
/// the order in which cells are generated and any cell can be recomputed on its own.
struct DemoRandom {
    /// The generator's state; advanced by a fixed odd constant on every draw.
    var state: UInt64

    /// A generator that starts at `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// A generator for one stream, keyed by the seed, a purpose tag and up to two indices.
    init(seed: UInt64, tag: UInt64, _ a: Int = 0, _ b: Int = 0) {
        var h = Self.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        h = Self.mix(h ^ (tag &* 0xD6E8_FEB8_6659_FD93 &+ 1))
        h = Self.mix(h ^ (UInt64(bitPattern: Int64(a)) &* 0xA076_1D64_78BD_642F &+ 2))
        h = Self.mix(h ^ (UInt64(bitPattern: Int64(b)) &* 0xE703_7ED1_A0B4_28DB &+ 3))
        state = h
    }

    /// The SplitMix64 finaliser.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A uniform integer in `range` (multiply-shift; the bias is below 2⁻³² for the small ranges used here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        let (high, _) = next().multipliedFullWidth(by: width)
        return range.lowerBound + Int(high)
    }

    /// A standard normal deviate (Box–Muller; the second deviate is dropped to keep the state simple).
    mutating func normal() -> Double {
        let u1 = 1 - uniform()  // (0, 1]
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Poisson deviate: inversion by sequential search below a mean of 10, Hörmann's PTRS above.
    /// Both are exact.
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean < 10 {
            var u = uniform()
            var p = exp(-mean)
            var k = 0
            while u > p && k < 100 {
                u -= p
                k += 1
                p *= mean / Double(k)
            }
            return k
        }
        return poissonPTRS(mean)
    }

    /// Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    private mutating func poissonPTRS(_ mean: Double) -> Int {
        let root = mean.squareRoot()
        let logMean = log(mean)
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -mean + k * logMean - lgamma(k + 1) {
                return Int(k)
            }
        }
    }

    /// A binomial deviate: inversion while `n·min(p, 1−p)` is below 30 (exact), a rounded normal above.
    mutating func binomial(_ n: Int, _ p: Double) -> Int {
        guard n > 0, p > 0 else { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(n, 1 - p) }
        let q = 1 - p
        let np = Double(n) * p
        if np < 30 {
            let s = p / q
            let a = Double(n + 1) * s
            var r = pow(q, Double(n))
            var u = uniform()
            var x = 0
            while u > r {
                u -= r
                x += 1
                if x >= n { return n }
                r *= a / Double(x) - s
            }
            return x
        }
        let x = (np + (np * q).squareRoot() * normal()).rounded()
        return Int(min(max(x, 0), Double(n)))
    }
}

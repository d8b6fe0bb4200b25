#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Two-source capture–recapture: the true number of events estimated from two incomplete lists of them (for
/// example births registered by the towns and births reported by the hospitals) and the number found on both.
///
/// With `n1` events on the first list, `n2` on the second and `m` matched on both, Chapman's nearly unbiased
/// form of the Lincoln–Petersen estimator (D. G. Chapman, "Some properties of the hypergeometric distribution
/// with applications to zoological sample censuses", *Univ. Calif. Publ. Stat.* 1, 1951) and Seber's variance
/// (G. A. F. Seber, *The Estimation of Animal Abundance*, 1982, §3.1.1):
///
///     N̂        = (n1 + 1)(n2 + 1) ÷ (m + 1) − 1
///     Var(N̂)   = (n1 + 1)(n2 + 1)(n1 − m)(n2 − m) ÷ ((m + 1)²(m + 2))
///     observed = n1 + n2 − m                    (distinct events on either list)
///     missed   = N̂ − observed = (n1 − m)(n2 − m) ÷ (m + 1)    (on neither list)
///     completeness of each list = n1 ÷ N̂, n2 ÷ N̂
///
/// Two 95% intervals are given:
/// - `normalInterval`: `N̂ ± z · √Var` (Wald), symmetric; its lower end can fall below the events already seen.
/// - `logNormalInterval` (the one the audit and the reports show): Chao's (A. Chao, "Estimating the population
///   size for capture–recapture data with unequal catchability", *Biometrics* 43, 1987), which takes the missed
///   count `f = N̂ − observed` as log-normal: `observed + f ÷ C … observed + f · C` with
///   `C = exp(z · √ln(1 + Var ÷ f²))`. It never falls below the events seen and is skewed upward as the
///   estimator's distribution is. When `f = 0` (one list holds every matched event: `m = n1` or `m = n2`),
///   `Var = 0` and both intervals are the single point `N̂`.
///
/// The estimator assumes a closed population, that the lists are independent, that every event is equally
/// likely to be listed by a given source, and that matching is exact. When `m = 0` the lists share no event and
/// say nothing about their overlap; Chapman's formula still returns `(n1 + 1)(n2 + 1) − 1`, but that number is an
/// artefact of the `+ 1`s, so the estimate is reported as undefined (`Estimate.undefined`).
public enum CaptureRecapture {
    /// Why counts cannot be the two lists of a capture–recapture estimate.
    ///
    /// The payloads name the count and the value found; `code` is stable and `description` is an English
    /// sentence for developers. The sentence a clerk reads (in Chinese and English) belongs to the bridge to
    /// `TallyError` in the module that uses this one.
    public enum InputError: Error, Sendable, Hashable, CustomStringConvertible {
        /// A count is not a finite number.
        case notFinite(Count, Double)
        /// A count is above 2⁵³, beyond which whole numbers are not exact.
        case tooLarge(Count, Double)
        /// A count is negative.
        case negative(Count, Double)
        /// A count is not a whole number.
        case notWhole(Count, Double)
        /// More events matched than the first list holds (`m > n1`).
        case matchedExceedsFirst(matched: Double, first: Double)
        /// More events matched than the second list holds (`m > n2`).
        case matchedExceedsSecond(matched: Double, second: Double)

        /// A stable identifier such as `captureRecapture.matchedExceedsFirst`.
        public var code: String {
            switch self {
            case .notFinite: "captureRecapture.notFinite"
            case .tooLarge: "captureRecapture.tooLarge"
            case .negative: "captureRecapture.negative"
            case .notWhole: "captureRecapture.notWhole"
            case .matchedExceedsFirst: "captureRecapture.matchedExceedsFirst"
            case .matchedExceedsSecond: "captureRecapture.matchedExceedsSecond"
            }
        }

        /// An English sentence naming the count and the value.
        public var description: String {
            switch self {
            case let .notFinite(count, value): "\(count.rawValue) is \(value); expected a whole number of 0 or more"
            case let .tooLarge(count, value): "\(count.rawValue) is \(value); expected at most 2^53"
            case let .negative(count, value): "\(count.rawValue) is \(value); a count cannot be negative"
            case let .notWhole(count, value): "\(count.rawValue) is \(value); a count must be a whole number"
            case let .matchedExceedsFirst(matched, first):
                "matched is \(matched), more than the \(first) events of the first list"
            case let .matchedExceedsSecond(matched, second):
                "matched is \(matched), more than the \(second) events of the second list"
            }
        }
    }

    /// Which of the three counts an error is about.
    public enum Count: String, Sendable, Hashable, CaseIterable {
        /// `n1`, the events on the first list.
        case first
        /// `n2`, the events on the second list.
        case second
        /// `m`, the events found on both lists.
        case matched
    }

    /// The result: an estimate, or the reason there is none.
    public enum Estimate: Sendable, Hashable {
        /// Chapman's estimate and what follows from it.
        case estimate(Result)
        /// No event is on both lists (`m = 0`): the total cannot be estimated.
        case undefined(first: Int, second: Int)
    }

    /// Chapman's estimate from two lists and their overlap.
    public struct Result: Sendable, Hashable {
        /// `n1`.
        public let first: Int
        /// `n2`.
        public let second: Int
        /// `m ≥ 1`.
        public let matched: Int
        /// The confidence level of the intervals (0.95 by default).
        public let confidence: Double
        /// `N̂ = (n1 + 1)(n2 + 1) ÷ (m + 1) − 1`.
        public let total: Double
        /// `(n1 + 1)(n2 + 1)(n1 − m)(n2 − m) ÷ ((m + 1)²(m + 2))`.
        public let variance: Double
        /// The standard normal quantile `z` of `(1 + confidence) ÷ 2` (1.959964 for 95%).
        public let z: Double

        /// `√Var`.
        public var standardError: Double { variance.squareRoot() }

        /// `n1 + n2 − m`: the distinct events on either list.
        public var observed: Int { first + second - matched }

        /// `N̂ − observed = (n1 − m)(n2 − m) ÷ (m + 1)`: the events on neither list.
        public var missedByBoth: Double {
            Double(first - matched) * Double(second - matched) / Double(matched + 1)
        }

        /// `n1 ÷ N̂`: the share of the events the first list holds.
        public var firstCompleteness: Double { Double(first) / total }

        /// `n2 ÷ N̂`: the share of the events the second list holds.
        public var secondCompleteness: Double { Double(second) / total }

        /// `observed ÷ N̂`: the share of the events on at least one list.
        public var combinedCompleteness: Double { Double(observed) / total }

        /// `N̂ ± z · √Var` (Wald); may fall below `observed`.
        public var normalInterval: (low: Double, high: Double) {
            (total - z * standardError, total + z * standardError)
        }

        /// Chao's log-normal interval `observed + f ÷ C … observed + f · C`, `f = N̂ − observed`,
        /// `C = exp(z √ln(1 + Var ÷ f²))`; the point `N̂` when `f = 0`.
        public var logNormalInterval: (low: Double, high: Double) {
            let missed = missedByBoth
            guard missed > 0 else { return (total, total) }
            // Var ÷ f² = (n1 + 1)(n2 + 1) ÷ ((m + 2)(n1 − m)(n2 − m)), without forming the large products twice.
            let relative =
                Double(first + 1) * Double(second + 1)
                / (Double(matched + 2) * Double(first - matched) * Double(second - matched))
            let c = exp(z * log1p(relative).squareRoot())
            return (Double(observed) + missed / c, Double(observed) + missed * c)
        }
    }

    /// Estimates the total from two lists' counts and their overlap.
    ///
    /// The counts are doubles because that is how the engine holds values; each must be a whole, non-negative,
    /// finite number below 2⁵³, and `m ≤ n1`, `m ≤ n2`.
    ///
    /// - Parameters:
    ///   - first: `n1`, the events on the first list.
    ///   - second: `n2`, the events on the second list.
    ///   - matched: `m`, the events found on both.
    ///   - confidence: the level of the intervals, strictly between 0 and 1; 0.95 by default.
    /// - Returns: the estimate, or `.undefined` when `m = 0`.
    /// - Throws: `InputError` for counts that cannot be lists (checked in the order first, second, matched, then
    ///   the overlap).
    /// - Precondition: `0 < confidence < 1`.
    public static func estimate(
        first: Double, second: Double, matched: Double, confidence: Double = 0.95
    ) throws(InputError) -> Estimate {
        precondition(confidence > 0 && confidence < 1, "The confidence level must lie strictly between 0 and 1")
        let n1 = try whole(first, .first)
        let n2 = try whole(second, .second)
        let m = try whole(matched, .matched)
        guard m <= n1 else { throw .matchedExceedsFirst(matched: matched, first: first) }
        guard m <= n2 else { throw .matchedExceedsSecond(matched: matched, second: second) }
        guard m > 0 else { return .undefined(first: n1, second: n2) }
        let a = Double(n1 + 1) * Double(n2 + 1)
        let total = a / Double(m + 1) - 1
        let mPlusOne = Double(m + 1)
        let variance = a * Double(n1 - m) * Double(n2 - m) / (mPlusOne * mPlusOne * Double(m + 2))
        return .estimate(
            Result(
                first: n1, second: n2, matched: m, confidence: confidence, total: total, variance: variance,
                z: NormalQuantile.precise(0.5 + confidence / 2)))
    }

    /// The largest count accepted, 2⁵³: every whole number up to it is exact in a double.
    static let largestCount = 9_007_199_254_740_992.0

    /// `value` as a whole number, or the reason it is not one.
    static func whole(_ value: Double, _ count: Count) throws(InputError) -> Int {
        guard value.isFinite else { throw .notFinite(count, value) }
        guard value >= 0 else { throw .negative(count, value) }
        guard value <= largestCount else { throw .tooLarge(count, value) }
        guard value.rounded(.towardZero) == value else { throw .notWhole(count, value) }
        return Int(value)
    }
}

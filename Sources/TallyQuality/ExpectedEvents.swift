/// Reported vital events (births, deaths) set against the number a crude rate leads one to expect,
/// in the manner of OpenCRVS's completeness-rate performance reports.
///
///     expected  = ratePerThousand ÷ 1000 × population × days ÷ 365
///     shortfall = expected − reported
///     rate      = reported ÷ population × 1000 × 365 ÷ days        (the reported crude rate, per mille a year)
///     rateGap   = rate − ratePerThousand                           (per-mille points)
///
/// The count is judged against Garwood's exact Poisson interval for the reported count (see
/// `PoissonInterval.garwood`): under-reported when `expected` lies above the upper limit, over-reported when
/// below the lower limit. With 0 reported events the lower limit is 0, so the count is never over-reported.
public struct ExpectedEvents: Sendable, Hashable {
    /// The number of events reported, `k ≥ 0`.
    public let reported: Int
    /// The population the events come from.
    public let population: Double
    /// The length of the reporting period in days.
    public let days: Int
    /// The expected crude rate, events per 1000 population per 365 days.
    public let ratePerThousand: Double
    /// The confidence level of the Poisson interval, `1 − α`.
    public let confidence: Double
    /// `ratePerThousand ÷ 1000 × population × days ÷ 365`.
    public let expected: Double
    /// The lower Garwood limit `½ χ²(α/2; 2k)` for the reported count (0 when `k = 0`).
    public let reportedLowerLimit: Double
    /// The upper Garwood limit `½ χ²(1 − α/2; 2k + 2)` for the reported count.
    public let reportedUpperLimit: Double

    /// Compares a reported count with the count expected from a crude rate.
    ///
    /// - Parameters:
    ///   - reported: events reported in the period, `≥ 0`.
    ///   - population: the population at risk (non-negative).
    ///   - days: the period's length in days (non-negative).
    ///   - ratePerThousand: the expected crude rate per 1000 population per year (365 days).
    ///   - confidence: the level of the Poisson interval, strictly between 0 and 1; 0.95 by default.
    /// - Precondition: `reported ≥ 0` and `0 < confidence < 1`.
    public init(reported: Int, population: Double, days: Int, ratePerThousand: Double, confidence: Double = 0.95) {
        let interval = PoissonInterval.garwood(count: reported, confidence: confidence)
        self.reported = reported
        self.population = population
        self.days = days
        self.ratePerThousand = ratePerThousand
        self.confidence = confidence
        self.expected = ratePerThousand / 1000 * population * Double(days) / 365
        self.reportedLowerLimit = interval.low
        self.reportedUpperLimit = interval.high
    }

    /// `expected − reported`: the number of events missing (negative when more were reported than expected).
    public var shortfall: Double {
        expected - Double(reported)
    }

    /// The reported crude rate `reported ÷ population × 1000 × 365 ÷ days`, per mille a year;
    /// nil when the population or the number of days is not positive.
    public var reportedRatePerThousand: Double? {
        guard population > 0, days > 0 else { return nil }
        return Double(reported) / population * 1000 * 365 / Double(days)
    }

    /// `reportedRatePerThousand − ratePerThousand`, in per-mille points (negative when fewer were reported);
    /// nil when the population or the number of days is not positive.
    public var rateGap: Double? {
        reportedRatePerThousand.map { $0 - ratePerThousand }
    }

    /// `reported ÷ expected`, the completeness of reporting; nil when nothing is expected.
    public var completeness: Double? {
        expected > 0 ? Double(reported) / expected : nil
    }

    /// Whether `expected > reportedUpperLimit`: fewer events were reported than chance alone explains.
    public var isUnderReported: Bool {
        expected > reportedUpperLimit
    }

    /// Whether `expected < reportedLowerLimit`: more events were reported than chance alone explains.
    public var isOverReported: Bool {
        expected < reportedLowerLimit
    }
}

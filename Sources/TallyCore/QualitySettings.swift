/// Thresholds of the data-quality audit, from the metadata file's `quality:` section.
///
/// Defaults follow the WHO Data Quality Review.
public struct QualitySettings: Hashable, Sendable {
    /// The element that holds population, used for expected events (`population`).
    public var population: String?
    /// The confidence level of the exact Poisson interval of a reported count (`confidence`).
    public var confidence: Double
    /// Verification factors (verified ÷ reported) below this are over-reporting (`verification.low`).
    public var verificationLow: Double
    /// Verification factors above this are under-reporting (`verification.high`).
    public var verificationHigh: Double
    /// Reporting completeness below this share is flagged (`completeness`, default 90%).
    public var completeness = 0.90
    /// Timeliness (reports received by the due date ÷ reports expected) below this is flagged (`timeliness`, 75%).
    public var timeliness = 0.75
    /// Completeness of an element's data (values present ÷ expected) below this is flagged (`element_completeness`).
    public var elementCompleteness = 0.90
    /// The z-score of a moderate outlier (`outliers.moderate`, 2 SD).
    public var outlierModerate = 2.0
    /// The z-score of an extreme outlier (`outliers.extreme`, 3 SD).
    public var outlierExtreme = 3.0
    /// The modified z-score that must also be reached (`outliers.modified`, 3.5).
    public var outlierModified = 3.5
    /// The years of the same unit's values an outlier is judged against (`outliers.years`, 3).
    public var outlierYears = 3
    /// A unit's consistency ratio ÷ its parent's outside 1 ± this is flagged (`consistency.band`, 0.33).
    public var consistencyBand = 0.33
    /// The previous years the consistency ratio compares with (`consistency.years`, 3).
    public var consistencyYears = 3
    /// The shares `tally check --summary` marks completeness (入库率) against, increasing (`coverage_thresholds`,
    /// such as [85%, 90%]); empty: the completeness threshold alone.
    public var coverageThresholds: [Double] = []

    /// Settings with the defaults: 95% confidence, verification between 0.90 and 1.10.
    public init(
        population: String? = nil, confidence: Double = 0.95, verificationLow: Double = 0.90,
        verificationHigh: Double = 1.10
    ) {
        self.population = population
        self.confidence = confidence
        self.verificationLow = verificationLow
        self.verificationHigh = verificationHigh
    }
}

/// Routine coverage set against a survey's (WHO DQR domain 3, "external comparison"; the DQR app's
/// `externalConsistencyAnalysis` in `src/appCore/dqAnalysisExternal.js`).
///
///     routine = numerator ÷ denominator × scale          (scale 100: a percentage, as the survey's)
///     ratio   = routine ÷ survey,   divergent when ratio > 1 + band or ratio < 1 − band   (33% by default)
///
/// A subunit without a numerator, a denominator or a survey value, or with a denominator or survey value of 0
/// or less, is skipped (the app skips a subunit missing either side). The survey value is the coverage the
/// survey measured, in the same unit as `routine` (a percentage by default).
public struct ExternalComparison: Sendable, Hashable {
    /// The routine numerator (e.g. DPT3 doses given).
    public let numerator: Double
    /// The routine denominator (e.g. the surviving infants).
    public let denominator: Double
    /// The survey's coverage.
    public let survey: Double
    /// The factor turning `numerator ÷ denominator` into the survey's unit (100 for a percentage).
    public let scale: Double

    /// `numerator ÷ denominator × scale`.
    public var routine: Double { numerator / denominator * scale }

    /// `routine ÷ survey`.
    public var ratio: Double { routine / survey }

    /// A unit's routine numerator and denominator and its survey value.
    public init(numerator: Double, denominator: Double, survey: Double, scale: Double = 100) {
        self.numerator = numerator
        self.denominator = denominator
        self.survey = survey
        self.scale = scale
    }

    /// The default band: 33% (the DQR app's `externalRelations` criteria).
    public static let defaultBand = 0.33

    /// The DQR table of external comparison: the boundary's routine coverage against its survey value, each
    /// subunit's, and those whose ratio lies outside `1 ± band`.
    public static func table<Unit>(
        boundary: (numerator: Double?, denominator: Double?, survey: Double?),
        subunits: [(unit: Unit, numerator: Double?, denominator: Double?, survey: Double?)],
        band: Double = defaultBand, scale: Double = 100
    ) -> SubunitTable<Unit, ExternalComparison> {
        func row(_ numerator: Double?, _ denominator: Double?, _ survey: Double?) -> ExternalComparison? {
            guard let numerator, let denominator, let survey, denominator > 0, survey > 0 else { return nil }
            return ExternalComparison(numerator: numerator, denominator: denominator, survey: survey, scale: scale)
        }
        return SubunitTable(
            boundary: row(boundary.numerator, boundary.denominator, boundary.survey),
            subunits: subunits.map { ($0.unit, row($0.numerator, $0.denominator, $0.survey)) },
            isDivergent: { $0.ratio > 1 + band || $0.ratio < 1 - band })
    }
}

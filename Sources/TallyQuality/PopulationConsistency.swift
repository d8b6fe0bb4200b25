/// Consistency of population data (WHO DQR domain 4): two sources of one denominator, and a population's own
/// trend.
///
/// - Two sources (e.g. the census-based figure and the projection): `A ÷ B` within `1 ± 10%`; this is
///   `IndicatorRelation.similar(band:)` with the DQR app's band for denominator relations (`denominatorRelations`
///   in `src/data/metaData.json`, criteria 10, analysed as type "eq" by `src/moduleReview/review.js`).
/// - Own trend: the year's population against the linear trend of the previous years, one year on, within
///   `1 ± 10%` — `ConsistencyOverTime` with the forecast reference and no boundary comparison. The DQR app has
///   no table for it; the forecast is used because a population grows, so the mean of previous years would
///   trail it by design, and the band is the one of the two-source comparison.
public enum PopulationConsistency {
    /// The band of both comparisons: 10%.
    public static let defaultBand = 0.10

    /// The DQR table of two population sources: `A ÷ B` outside `1 ± band` is divergent.
    public static func sourcesTable<Unit>(
        boundary: (a: Double?, b: Double?), subunits: [(unit: Unit, a: Double?, b: Double?)],
        band: Double = defaultBand
    ) -> SubunitTable<Unit, IndicatorRelation.Row> {
        IndicatorRelation.similar(band: band).table(boundary: boundary, subunits: subunits)
    }

    /// The DQR table of a population's own trend: the year's population ÷ the forecast of the previous years'
    /// (oldest first; nil for a year without a figure) outside `1 ± band` is divergent.
    public static func trendTable<Unit>(
        boundary: (current: Double?, previous: [Double?]),
        subunits: [(unit: Unit, current: Double?, previous: [Double?])], band: Double = defaultBand
    ) -> SubunitTable<Unit, ConsistencyOverTime> {
        ConsistencyOverTime.table(
            boundary: boundary, subunits: subunits, reference: .forecast, comparison: .expected, band: band)
    }
}

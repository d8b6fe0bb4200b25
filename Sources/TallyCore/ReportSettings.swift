/// What a bulletin (`tally report`) shows: the `report:` section of the metadata file.
///
/// Figures are named as in queries: an indicator code (`cbr`) or an element reference (`births`,
/// `births.male`). Every field is optional; ``Metadata/reportSettings`` fills the defaults.
public struct ReportSettings: Sendable, Equatable {
    /// The bulletin's title; `nil` for the default ("{unit} statistical bulletin").
    public var title: LocalizedText?
    /// The headline figures and the columns of the ranked table, in order.
    public var figures: [String]
    /// The figure that ranks the units one level down (and draws the ranked bar chart).
    public var rankBy: String?
    /// The figure of the monthly trend chart (this year against last year).
    public var trend: String?
    /// How many data-quality findings the bulletin lists, the most serious first.
    public var findings: Int
    /// The office that issues the bulletin, such as "云溪县统计局", shown above the title; `nil` for none.
    public var office: LocalizedText?
    /// The bulletin's issue number as printed, such as "2025年第10期", shown beside the office; `nil` for none.
    public var number: String?

    /// Settings; the defaults leave the choice of figures to ``Metadata/reportSettings``.
    public init(
        title: LocalizedText? = nil, figures: [String] = [], rankBy: String? = nil, trend: String? = nil,
        findings: Int = 8, office: LocalizedText? = nil, number: String? = nil
    ) {
        self.office = office
        self.number = number
        self.title = title
        self.figures = figures
        self.rankBy = rankBy
        self.trend = trend
        self.findings = findings
    }
}

extension Metadata {
    /// The report settings with the defaults filled in.
    ///
    /// Without a `figures` list the bulletin shows the first summed element that is not a population and
    /// up to three indicators. The ranked table is ordered by `rank_by`, by default the first indicator
    /// among the figures (else the first figure); the trend chart draws `trend`, by default the first
    /// element among the figures (else the first figure).
    public var reportSettings: ReportSettings {
        var settings = report
        if settings.figures.isEmpty {
            let population = quality.population
            if let element = elements.first(where: { $0.aggregation == .sum && $0.code != population }) {
                settings.figures.append(element.code)
            }
            settings.figures += indicators.prefix(3).map(\.code)
        }
        if settings.rankBy == nil {
            settings.rankBy = settings.figures.first { indicator($0) != nil } ?? settings.figures.first
        }
        if settings.trend == nil {
            settings.trend = settings.figures.first { indicator($0) == nil } ?? settings.figures.first
        }
        return settings
    }
}

public import TallyAudit
public import TallyCharts
public import TallyCore
public import TallyEngine

/// What the bulletin and the dashboard show of an org unit for a period, as numbers at full precision before any
/// text: the report figures for the unit and for its children against the period compared with (the same period
/// last year, the previous period, or none), the children ranked, the monthly trend, the data-quality audit and a
/// campaign's standing.
///
/// ``BulletinBuilder/overview(_:settings:)`` computes it and ``BulletinBuilder/build(_:)`` writes the bulletin from
/// it; Tally's dashboard renders the same value, so the two pages cannot disagree.
public struct Overview: Sendable {
    /// One of the report's figures, resolved: an indicator or an element reference, with its name in the
    /// overview's language.
    public struct Figure: Sendable {
        /// The code as the report settings name it (`cbr`, `births.male`).
        public var code: String
        /// What the engine measures.
        public var subject: Subject
        /// The name in the overview's language (an element's options in brackets).
        public var name: String
        /// The decimals shown.
        public var decimals: Int
        /// The unit printed after a value (`‰`), if any.
        public var unit: String?
        /// Whether it is an indicator (a rate), not a count.
        public var isRate: Bool
    }

    /// The monthly trend of one figure for the unit: the twelve months, and, when the overview compares with the
    /// same period last year, the same months a year earlier (with the previous period the line itself shows each
    /// month against the one before; with none there is nothing to set beside it).
    public struct Trend: Sendable {
        /// The figure.
        public var figure: Figure
        /// The twelve months up to the month of the period's last day.
        public var months: [Period]
        /// The figure in each month (`nil`: no data).
        public var current: [Double?]
        /// The figure in the same months a year earlier; `nil` unless the overview compares with last year.
        public var previous: [Double?]?
    }

    /// Reports received and expected in the unit's subtree over a period, over every dataset (reports expected
    /// whether or not they are due yet: this says how complete the figures are, not who is late).
    public struct Reports: Sendable, Equatable {
        /// Reports received.
        public var received: Int
        /// Reports expected.
        public var expected: Int

        /// Received ÷ expected; nil when nothing is expected.
        public var share: Double? { expected > 0 ? Double(received) / Double(expected) : nil }
    }

    /// The org unit (tree index).
    public var orgUnit: Int
    /// The period.
    public var period: Period
    /// The comparison made: the same period last year, the previous period, or none (`nil`: the rows carry no
    /// comparison).
    public var comparison: Comparison?
    /// The figures, in the order of the report settings.
    public var figures: [Figure]
    /// Per figure, the unit's row, compared with the period of ``comparison``.
    public var unitRows: [QueryRow]
    /// The units one level down (tree indices), in tree order.
    public var children: [Int]
    /// Per figure, the children's rows compared with the period of ``comparison``, in the order of ``children``.
    public var childRows: [[QueryRow]]
    /// The figure that ranks the children (an index into ``figures``).
    public var rankIndex: Int
    /// Positions in ``children`` in the order of the ranking: by rank, units without one last, in tree order.
    public var ranking: [Int]
    /// The trend, when the settings name a trend figure.
    public var trend: Trend?
    /// The data-quality audit of the unit and its children, when asked for.
    public var audit: AuditResult?
    /// The children's data-quality score cards (empty without an audit or children).
    public var scoreCards: [Int: [ScoreGroup: (passed: Int, applicable: Int)]]
    /// The campaign's standing given with the request, if any.
    public var campaign: CampaignResult?
    /// The boundaries of the children that have one, by tree index, projected onto a plane in metres (x to the
    /// east, y to the north): what the map of the ranking figure draws. Empty when none has a boundary (no map).
    public var childAreas: [Int: [[ChartPoint]]] = [:]

    /// The reports of the period, and of the period compared with (`nil` without a comparison), in the unit's
    /// subtree.
    public var reports: (current: Reports, compared: Reports?)? = nil

    /// The period compared with, `nil` for none.
    public var comparedPeriod: Period? { comparison?.period(for: period) }

    /// The figure that ranks the children, when there are figures.
    public var rankFigure: Figure? { figures.indices.contains(rankIndex) ? figures[rankIndex] : nil }

    /// The children's rows of the ranking figure in the order of the ranking.
    public var rankedRows: [QueryRow] {
        guard childRows.indices.contains(rankIndex) else { return [] }
        return ranking.map { childRows[rankIndex][$0] }
    }
}

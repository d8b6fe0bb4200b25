internal import TallyAudit
public import TallyBulletin
internal import TallyCharts
public import TallyCore
public import TallyEngine
internal import TallyRender
internal import TallyStore
public import TallyText

extension Workspace {
    /// The bulletin of an org unit for a period, with the data-quality audit and, when asked, a campaign's
    /// standing as of a day.
    ///
    /// - Parameters:
    ///   - number: the issue number's pattern for this issue (`IssueNumber`: `{year}`, `{seq}`) in place of the
    ///     metadata's `report.number`, checked by the caller with `IssueNumber.problem(in:)`.
    ///   - comparison: the period compared with: the same period last year (同比), the previous period (环比), or
    ///     none (`nil`).
    /// - Throws: `BulletinError` for a report figure that names nothing; ``CampaignError`` for the campaign.
    public func bulletin(
        orgUnit: Int, period: Period, language: Language, preparedOn: Day, campaign: String? = nil, asOf: Day? = nil,
        number: String? = nil, comparison: Comparison? = .lastYear
    ) throws -> Bulletin {
        let standing = try campaign.map { try campaignStanding($0, asOf: asOf ?? preparedOn, orgUnit: orgUnit) }
        return try BulletinBuilder(engine: engine.restricted(to: [orgUnit]), metadata: metadata)
            .build(
                BulletinBuilder.Request(
                    orgUnit: orgUnit, period: period, language: language, preparedOn: preparedOn, campaign: standing,
                    childAreas: try childAreas(of: orgUnit), number: number,
                    progress: try overviewProgress(period, comparison: comparison), comparison: comparison))
    }

    /// Some figures of an org unit and its children for a period against the same period last year, the children
    /// ranked: the bulletin's computation without its trend, audit or campaign (the demo's situation report).
    ///
    /// - Parameters:
    ///   - figures: indicator codes and element references (`births`, `births.male`).
    ///   - rankBy: the figure that ranks the children (the first when `nil` or not among them).
    ///   - language: the language of the figures' names.
    /// - Throws: `BulletinError` for a figure that names nothing.
    public func overview(
        orgUnit: Int, period: Period, figures: [String], rankBy: String? = nil, language: Language = .en
    ) throws -> Overview {
        try BulletinBuilder(engine: engine.restricted(to: [orgUnit]), metadata: metadata)
            .overview(
                BulletinBuilder.Request(
                    orgUnit: orgUnit, period: period, language: language, preparedOn: period.end, audit: false,
                    progress: try overviewProgress(period, comparison: .lastYear)),
                settings: ReportSettings(figures: figures, rankBy: rankBy))
    }

    /// The submissions and approvals the bulletin's and the dashboard's completeness and timeliness count: the
    /// reports of `period` and of the period compared with, if any (the partial-period warning compares the two),
    /// read as the reporting grid reads them (``reportProgress(period:datasets:)``), so that all of them agree.
    func overviewProgress(_ period: Period, comparison: Comparison?) throws -> ReportProgress {
        var progress = try reportProgress(period: period)
        if let compared = comparison?.period(for: period) {
            progress.entries.merge(try reportProgress(period: compared).entries) { current, _ in current }
        }
        return progress
    }

    /// The boundaries of a unit's children for the map of the bulletin and the dashboard, fitted to their charts'
    /// width (see ``mapAreas(of:width:)``); empty when none has one.
    func childAreas(of orgUnit: Int) throws -> [Int: [[ChartPoint]]] {
        try mapAreas(of: tree.children(orgUnit), width: Self.mapWidth)
    }

    /// The width the maps are drawn at (the bulletin's charts), in pixels: what their display simplification
    /// fits.
    static let mapWidth = 720.0

    /// What the dashboard of an org unit shows for a period: the bulletin's figures, ranking, trend, map and audit
    /// (the same computation, so the two pages agree) and every campaign's standing; the forms a user may
    /// open are ``entryChoices(orgUnit:role:today:policy:accounts:)``.
    ///
    /// - Parameters:
    ///   - language: the language of the figures' names.
    ///   - today: the day the audit expects reports by, and the campaigns' as-of day (kept within each campaign's
    ///     dates).
    ///   - comparison: the period compared with, as for ``bulletin(orgUnit:period:language:preparedOn:campaign:asOf:number:comparison:)``.
    /// - Throws: `BulletinError` for a report figure that names nothing; the engine's and the store's errors. A
    ///   campaign whose standing cannot be given (no targets yet) is left out.
    public func dashboard(
        orgUnit: Int, period: Period, language: Language, today: Day, comparison: Comparison? = .lastYear
    ) throws -> DashboardContent {
        let overview = try BulletinBuilder(engine: engine.restricted(to: [orgUnit]), metadata: metadata)
            .overview(
                BulletinBuilder.Request(
                    orgUnit: orgUnit, period: period, language: language, preparedOn: today,
                    childAreas: try childAreas(of: orgUnit),
                    progress: try overviewProgress(period, comparison: comparison),
                    comparison: comparison))
        var campaigns: [CampaignResult] = []
        for campaign in metadata.campaigns {
            let asOf = Self.campaignDay(campaign, today: today)
            do {
                campaigns.append(try campaignStanding(campaign.code, asOf: asOf, orgUnit: orgUnit))
            } catch is CampaignError {
                continue
            }
        }
        return DashboardContent(overview: overview, campaigns: campaigns)
    }

    /// The day a campaign's standing is given for when none is asked for: today, within the campaign's dates.
    public static func campaignDay(_ campaign: CampaignDefinition, today: Day) -> Day {
        min(max(today, campaign.start), campaign.end)
    }

    /// The periods a page offers to pick from: those with stored values that have begun by `today`, the latest
    /// ending first (a month before the quarter and the year that end with it), at most `limit`.
    public func recentPeriods(today: Day, limit: Int = 24) -> [Period] {
        let begun = catalog.periods.values.filter { $0.start <= today }
        return Array(begun.sorted { ($0.end, $0.start) > ($1.end, $1.start) }.prefix(limit))
    }

    /// The period a page shows when none is asked for: the latest monthly period with stored values that has
    /// begun by `today`; else the month before today's.
    public func defaultPeriod(today: Day) -> Period {
        let months = catalog.periods.values.filter { $0.type == .monthly && $0.start <= today }
        return months.max() ?? Period.containing(today, type: .monthly).previous
    }
}

/// What the dashboard of an org unit for a period shows (``Workspace/dashboard(orgUnit:period:language:today:comparison:)``).
public struct DashboardContent: Sendable {
    /// The bulletin's figures, ranking, trend and audit of the unit for the period (audited as of today).
    public var overview: Overview
    /// Every campaign's standing for the unit and its children, in the metadata's order, those that can be given.
    public var campaigns: [CampaignResult]
}

public import TallyAudit
public import TallyCharts
public import TallyCore
public import TallyEngine
public import TallyRender
internal import TallyTargets
public import TallyText

/// Computes a bulletin's content from the engine: headline figures against the period the request compares with
/// (the same period last year by default, the previous period, or none), the units one level down ranked, the monthly trend, the data-quality audit and a campaign's standing.
///
/// Figures are computed at full precision by the query engine (rates over a subtree are ratios of sums)
/// and rounded only when written; a missing figure is said to be missing, never shown as zero.
public struct BulletinBuilder {
    /// The query engine over the store.
    public let engine: QueryEngine
    /// The metadata (names, report settings).
    public let metadata: Metadata

    /// A builder.
    public init(engine: QueryEngine, metadata: Metadata) {
        self.engine = engine
        self.metadata = metadata
    }

    var tree: OrgUnitTree { engine.tree }

    /// What to put in a bulletin.
    public struct Request: Sendable {
        /// The org unit (tree index).
        public var orgUnit: Int
        /// The period.
        public var period: Period
        /// The period compared with: the same period last year (同比), the previous period (环比), or none (`nil`).
        /// The sentences, the change columns, the trend and the partial-period warning all speak of it.
        public var comparison: Comparison?
        /// The language.
        public var language: Language
        /// The day it is prepared; reports due after it are not expected by the audit.
        public var preparedOn: Day
        /// Whether to run the data-quality audit.
        public var audit: Bool
        /// A campaign's standing, computed by the caller (it needs the stored targets).
        public var campaign: CampaignResult?
        /// The boundaries of the unit's children, projected (see ``Overview/childAreas``), read by the caller from
        /// the store; empty for no map.
        public var childAreas: [Int: [[ChartPoint]]]
        /// The issue number's pattern for this issue (``IssueNumber``), in place of `report.number`; `nil` for that.
        public var number: String?
        /// The reports' submissions and approvals, read by the caller from the store (the period's and the
        /// compared period's): completeness and timeliness count a report submitted by its due day as on time,
        /// as the reporting grid does (``ReportProgress``). None: the stored values alone decide.
        public var progress: ReportProgress

        /// A request.
        public init(
            orgUnit: Int, period: Period, language: Language, preparedOn: Day, audit: Bool = true,
            campaign: CampaignResult? = nil, childAreas: [Int: [[ChartPoint]]] = [:], number: String? = nil,
            progress: ReportProgress = ReportProgress(), comparison: Comparison? = .lastYear
        ) {
            self.comparison = comparison
            self.number = number
            self.progress = progress
            self.orgUnit = orgUnit
            self.period = period
            self.language = language
            self.preparedOn = preparedOn
            self.audit = audit
            self.campaign = campaign
            self.childAreas = childAreas
        }
    }

    /// One of the report's figures, resolved.
    typealias Figure = Overview.Figure

    /// Resolves a figure named in the report settings (an indicator code or an element reference).
    func figure(_ code: String, _ language: Language) throws -> Figure {
        if let indicator = metadata.indicator(code) {
            return Figure(
                code: code, subject: .indicator(code), name: indicator.name.text(language),
                decimals: indicator.decimals,
                unit: indicator.unit, isRate: true)
        }
        guard case .reference(let reference)? = try? Expression(parsing: "#{\(code)}"),
            metadata.validate(reference) == nil, let element = metadata.element(reference.element)
        else {
            throw BulletinError(
                .unknownFigure,
                Localized(
                    zh: "简报指标“\(code)”既不是指标也不是数据项；请检查元数据的 report: 部分",
                    en:
                        "the report figure '\(code)' is neither an indicator nor a data element; check the report: section of the metadata"
                ))
        }
        var name = element.name.text(language)
        if !reference.options.isEmpty, let combo = optionNames(reference.options, language) {
            name = Label.figureOptions.text(language, name, combo)
        }
        return Figure(
            code: code, subject: .element(reference), name: name, decimals: element.valueType.isWhole ? 0 : 1,
            unit: nil, isRate: false)
    }

    func optionNames(_ options: [String], _ language: Language) -> String? {
        let names = options.compactMap { option in
            metadata.categories.lazy.flatMap(\.options).first { $0.code == option }?.name.text(language)
        }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    /// Builds the bulletin: its figures (``overview(_:settings:)``) in final texts and charts.
    public func build(_ request: Request) throws -> Bulletin {
        try build(request, from: try overview(request))
    }

    /// What the bulletin shows, as numbers at full precision, before any text: the report figures for the unit
    /// and its children against the request's comparison, the children's ranking, the monthly trend, the audit
    /// with the children's score cards, and the campaign's standing of the request. The dashboard shows the same.
    ///
    /// - Parameter settings: the figures, the one that ranks and the one of the trend (none: no trend); the
    ///   metadata's report settings when `nil`.
    /// - Throws: `BulletinError` for a report figure that names nothing; the engine's and the audit's errors.
    public func overview(_ request: Request, settings: ReportSettings? = nil) throws -> Overview {
        let language = request.language
        let root = request.orgUnit
        let period = request.period
        let comparison = request.comparison
        let settings = settings ?? metadata.reportSettings
        let figures = try settings.figures.map { try figure($0, language) }
        // Headline figures for the unit, and the same for its children.
        var top: [QueryRow] = []
        var children: [[QueryRow]] = []
        for f in figures {
            top.append(
                try engine.run(Query(subject: f.subject, period: period, orgUnit: root, comparison: comparison))[0])
            children.append(
                try engine.run(
                    Query(subject: f.subject, period: period, orgUnit: root, scope: .children, comparison: comparison)))
        }
        let childUnits = tree.children(root)
        let rankIndex = settings.rankBy.flatMap { code in figures.firstIndex { $0.code == code } } ?? 0
        let order =
            figures.isEmpty
            ? []
            : childUnits.indices.sorted {
                (children[rankIndex][$0].rank ?? .max, $0) < (children[rankIndex][$1].rank ?? .max, $1)
            }
        // The monthly trend: the twelve months up to the period's last month (against a year earlier for 同比).
        var trend: Overview.Trend?
        if let trendCode = settings.trend,
            let f = figures.first(where: { $0.code == trendCode }) ?? (try? figure(trendCode, language))
        {
            trend = try self.trend(f, root: root, period: period, yearEarlier: comparison == .lastYear)
        }
        let auditor = QualityAudit(aggregator: engine.evaluator.aggregator, progress: request.progress)
        let reports = try (
            current: self.reports(auditor, root: root, period: period),
            compared: comparison.map { try self.reports(auditor, root: root, period: $0.period(for: period)) }
        )
        var audit: AuditResult?
        var cards: [Int: [ScoreGroup: (passed: Int, applicable: Int)]] = [:]
        if request.audit {
            let result = try auditor.run(orgUnit: root, period: period, asOf: request.preparedOn)
            audit = result
            if !childUnits.isEmpty {
                cards = auditor.scoreCards(units: childUnits, findings: result.findings, scope: result.scope)
            }
        }
        return Overview(
            orgUnit: root, period: period, comparison: comparison, figures: figures, unitRows: top,
            children: childUnits, childRows: children,
            rankIndex: rankIndex, ranking: order, trend: trend, audit: audit, scoreCards: cards,
            campaign: request.campaign, childAreas: request.childAreas.filter { childUnits.contains($0.key) },
            reports: reports)
    }

    /// The reports received and expected in the subtree of `root` over `period`, over every dataset, due or not.
    func reports(_ auditor: QualityAudit, root: Int, period: Period) throws -> Overview.Reports {
        let rows = try auditor.reportingSummary(orgUnit: root, period: period, scope: .children).rows
            .filter { $0.unit == root }
        return Overview.Reports(
            received: rows.reduce(0) { $0 + $1.received }, expected: rows.reduce(0) { $0 + $1.expected })
    }

    /// The headline's warning when fewer of the period's reports have arrived than the completeness threshold
    /// (`quality.completeness`, 90% by default): how many have, and, when the compared period's share differs (the
    /// same period last year, or the previous period), that the change compares different units. Nil when enough
    /// have arrived (or none is expected).
    public static func partialPeriodNote(_ overview: Overview, threshold: Double, language: Language) -> String? {
        guard let reports = overview.reports, let share = reports.current.share, share < threshold else { return nil }
        var note = Label.partialPeriod.text(
            language, Thousands.grouped(reports.current.received), Thousands.grouped(reports.current.expected),
            NumberFormat.fixed(share * 100, decimals: 1) + "%")
        if let comparison = overview.comparison, let other = reports.compared?.share, other != share {
            let label: Label =
                switch comparison {
                case .lastYear: .partialPeriodCompared
                case .previous: .partialPeriodComparedPrevious
                }
            note += label.text(language, NumberFormat.fixed(other * 100, decimals: 1) + "%")
        }
        return note
    }

    /// The title of a change column in the ranked table (同比增减, 环比增减).
    public static func changeColumn(_ comparison: Comparison, language: Language) -> String {
        switch comparison {
        case .lastYear: Label.changeOnLastYear.text(language)
        case .previous: Label.changeOnPrevious.text(language)
        }
    }

    /// Writes the bulletin of an overview: the texts in the request's language, rounded for display, and the
    /// charts.
    func build(_ request: Request, from overview: Overview) throws -> Bulletin {
        let language = request.language
        let root = overview.orgUnit
        let period = overview.period
        let settings = metadata.reportSettings
        let figures = overview.figures
        let unitName = tree.units[root].name(language)
        let title =
            settings.title.map {
                let text = $0.text(language)
                // A title that starts with a space follows the unit's name as it is.
                return text.hasPrefix(" ") ? unitName + text : Label.unitAndTitle.text(language, unitName, text)
            }
            ?? Label.defaultTitle.text(language, unitName)
        var subtitle = [Label.period.text(language, LocalizedFormat.period(period, language))]
        if let comparison = overview.comparison {
            let label: Label =
                switch comparison {
                case .lastYear: .comparedWith
                case .previous: .comparedWithPrevious
                }
            subtitle.append(label.text(language, LocalizedFormat.period(comparison.period(for: period), language)))
        }
        if let campaign = request.campaign {
            subtitle.append(Label.campaignAsOf.text(language, LocalizedFormat.date(campaign.asOf, language)))
        }
        subtitle.append(Label.preparedOn.text(language, LocalizedFormat.date(request.preparedOn, language)))

        let top = overview.unitRows
        let children = overview.childRows
        let keyFigures = zip(figures, top).map { keyFigure($0, $1, language) }
        let sentences = Self.sentences(overview, language: language)
        let caveat = Self.partialPeriodNote(overview, threshold: metadata.quality.completeness, language: language)

        var charts: [Bulletin.Chart] = []
        var ranking: Bulletin.Table?
        var rankingNotes: [String] = []
        let childUnits = overview.children
        let rankIndex = overview.rankIndex
        if !childUnits.isEmpty, !figures.isEmpty {
            let rankFigure = figures[rankIndex]
            let order = overview.ranking
            var columns = [Label.rank.text(language), Label.unit.text(language)]
            var numeric = [true, false]
            // A change column after each figure only when there is a comparison.
            let comparison = overview.comparison
            for f in figures {
                columns.append(f.name + (f.unit.map { " (\($0))" } ?? ""))
                numeric.append(true)
                if let comparison {
                    columns.append(Self.changeColumn(comparison, language: language))
                    numeric.append(true)
                }
            }
            func cells(_ rows: [QueryRow]) -> [String] {
                zip(figures, rows).flatMap { f, row in
                    let value = row.figure.value.map { NumberFormat.fixed($0, decimals: f.decimals) } ?? "–"
                    guard comparison != nil else { return [value] }
                    return [value, row.comparison?.change.map { NumberFormat.signed($0, decimals: f.decimals) } ?? "–"]
                }
            }
            var rows = [["", Label.parentRow.text(language, unitName)] + cells(top)]
            for i in order {
                let rank = children[rankIndex][i].rank.map(String.init) ?? "–"
                rows.append([rank, tree.units[childUnits[i]].name(language)] + cells(children.map { $0[i] }))
            }
            ranking = Bulletin.Table(columns: columns, numeric: numeric, rows: rows, emphasized: [0])
            rankingNotes = [Label.rankedBy.text(language, language.insideSentence(rankFigure.name))]
            switch comparison {
            case .lastYear: rankingNotes.append(Label.changeNote.text(language))
            case .previous: rankingNotes.append(Label.changeNotePrevious.text(language))
            case nil: break
            }
            // Ranked bars of the ranking figure with the unit's own value as the reference line.
            let items = order.map { i in
                RankedBars.Item(
                    label: tree.units[childUnits[i]].name(language), value: children[rankIndex][i].figure.value,
                    display: children[rankIndex][i].figure.value.map {
                        NumberFormat.fixed($0, decimals: rankFigure.decimals)
                    })
            }
            let reference = top[rankIndex].figure.value.map {
                RankedBars.Reference(
                    value: $0,
                    label: Label.referenceLine.text(
                        language, unitName,
                        NumberFormat.fixed($0, decimals: rankFigure.decimals) + (rankFigure.unit ?? "")))
            }
            let chartTitle = Label.chartRanked.text(language, rankFigure.name)
            let bars = RankedBars(
                title: chartTitle, items: items,
                axisTitle: rankFigure.name + (rankFigure.unit.map { " (\($0))" } ?? ""), reference: reference,
                id: "ranked", style: Self.style)
            charts.append(Bulletin.Chart(id: "ranked", title: chartTitle, svg: bars.chart.svg, section: .ranking))
            if let drawn = Self.mapChart(overview, tree: tree, language: language) {
                charts.append(drawn.chart)
                if let note = drawn.note { rankingNotes.append(note) }
            }
        }

        if let trend = overview.trend {
            charts.append(try trendChart(trend, comparison: overview.comparison, language: language))
        }

        var quality: Bulletin.QualitySection?
        if let audit = overview.audit {
            let (section, heatMap) = qualitySection(
                audit, cards: overview.scoreCards, root: root, findings: settings.findings, language: language)
            quality = section
            if let heatMap { charts.append(heatMap) }
        }

        var captureRecapture: Bulletin.CaptureRecaptureSection?
        if let definition = metadata.captureRecapture {
            let auditor = QualityAudit(aggregator: engine.evaluator.aggregator, progress: request.progress)
            let rows = try auditor.captureRecapture(units: [root] + tree.children(root), period: period)
            let (table, lines) = CaptureRecaptureTable.make(
                rows, definition: definition, tree: tree, metadata: metadata, language: language)
            captureRecapture = Bulletin.CaptureRecaptureSection(
                table: table, lines: rows.isEmpty ? [Label.crNoCounts.text(language)] : lines)
        }

        var campaignSection: Bulletin.CampaignSection?
        if let result = overview.campaign {
            let (section, chart) = campaign(result, language: language)
            campaignSection = section
            if let chart { charts.append(chart) }
        }

        return Bulletin(
            language: language, title: title, subtitle: subtitle, office: settings.office?.text(language),
            number: (request.number ?? settings.number).map { IssueNumber.text($0, period: period) },
            comparison: overview.comparison, keyFigures: keyFigures, sentences: sentences,
            caveat: caveat, ranking: ranking, rankingNotes: rankingNotes, charts: charts, quality: quality,
            campaign: campaignSection,
            captureRecapture: captureRecapture)
    }

    /// The map of the ranking figure by child unit, when any child has a boundary (``Overview/childAreas``): each
    /// unit in its class's colour (quantiles, up to five classes) with its name and value as its tooltip, a unit
    /// without a value hatched as missing, a legend with the figure's unit; and a note naming the children that
    /// have no boundary. The bulletin and the dashboard draw the same map.
    ///
    /// - Returns: `nil` when no child has a boundary or there is no ranking figure.
    public static func mapChart(
        _ overview: Overview, tree: OrgUnitTree, language: Language
    ) -> (
        chart: Bulletin.Chart, note: String?
    )? {
        guard !overview.childAreas.isEmpty, let f = overview.rankFigure else { return nil }
        let rows = overview.childRows[overview.rankIndex]
        var areas: [Choropleth.Area] = []
        var without: [String] = []
        for (i, unit) in overview.children.enumerated() {
            let name = tree.units[unit].name(language)
            guard let rings = overview.childAreas[unit] else {
                without.append(name)
                continue
            }
            let value = rows[i].figure.value
            areas.append(
                Choropleth.Area(
                    id: tree.units[unit].code, name: name, rings: rings, value: value,
                    display: value.map { NumberFormat.fixed($0, decimals: f.decimals) + (f.unit ?? "") }))
        }
        let title = Label.chartMap.text(language, f.name)
        let choropleth = Choropleth(
            title: title, areas: areas, unit: f.unit ?? "", decimals: min(f.decimals, 2),
            legendTitle: f.name + (f.unit.map { " (\($0))" } ?? ""), missingLabel: Label.noData.text(language),
            labels: true, id: "map", style: Self.style)
        let note =
            without.isEmpty
            ? nil
            : Label.mapWithoutBoundary.text(
                language, String(without.count), without.joined(separator: Label.listSeparator.text(language)))
        return (Bulletin.Chart(id: "map", title: title, svg: choropleth.chart.svg, section: .ranking), note)
    }

    /// Chart sizes for an A4 page and a phone: 720 units wide, scaled by the page.
    static let style = ChartStyle(width: 720, fontSize: 13)

    func keyFigure(_ f: Figure, _ row: QueryRow, _ language: Language) -> Bulletin.KeyFigure {
        let unit = f.unit ?? ""
        let value = row.figure.value.map { NumberFormat.fixed($0, decimals: f.decimals) + unit }
        let previous = row.comparison?.figure.value.map { NumberFormat.fixed($0, decimals: f.decimals) + unit }
        let change = row.comparison?.change
        let shownChange = change.map { NumberFormat.signed($0, decimals: f.decimals) }
        let direction: Int? = shownChange.map { text in
            text.hasPrefix("+") ? 1 : text.hasPrefix("−") ? -1 : 0
        }
        return Bulletin.KeyFigure(
            name: f.name, value: value ?? Label.noData.text(language), change: shownChange, previous: previous,
            direction: direction)
    }

    /// The headline sentences of an overview, one per figure, in the bulletin's order: each figure's change on the
    /// period compared with, or, without a comparison, the figure alone. The bulletin and the dashboard say the same.
    public static func sentences(_ overview: Overview, language: Language) -> [String] {
        zip(overview.figures, overview.unitRows).map { f, row in sentence(f, row, overview.comparison, language) }
    }

    /// The headline sentence of a figure: its change on the period compared with, or, without a comparison, the
    /// figure alone.
    static func sentence(_ f: Figure, _ row: QueryRow, _ comparison: Comparison?, _ language: Language) -> String {
        let value = row.figure.value
        let previous = row.comparison?.figure.value
        if f.isRate {
            let name = Label.rateInSentence.text(language, language.insideSentence(f.name))
            guard let comparison else {
                return Headline.rate(name: name, value: value, unit: f.unit, decimals: f.decimals, language: language)
            }
            return Headline.rate(
                name: name, value: value, previous: previous, unit: f.unit, decimals: f.decimals,
                comparison: comparison, language: language)
        }
        guard let comparison else { return Headline.count(name: f.name, value: value, language: language) }
        return Headline.count(
            name: f.name, value: value, previous: previous, comparison: comparison, language: language)
    }

    /// The trend of a figure for the unit: the twelve months up to the period's last month, and, when
    /// `yearEarlier`, the same months a year earlier.
    func trend(_ f: Figure, root: Int, period: Period, yearEarlier: Bool) throws -> Overview.Trend {
        let end = period.end
        var months: [Period] = []
        for back in (0..<12).reversed() {
            let total = end.year * 12 + (end.month - 1) - back
            let month = total % 12 + 1
            months.append(try Period("\(total / 12)\(month < 10 ? "0" : "")\(month)"))
        }
        var current: [Double?] = []
        var previous: [Double?]? = yearEarlier ? [] : nil
        for month in months {
            current.append(try engine.evaluator.figures(f.subject, period: month, of: [root])[0].value)
            if yearEarlier {
                previous?.append(
                    try engine.evaluator.figures(f.subject, period: month.sameLastYear, of: [root])[0].value)
            }
        }
        return Overview.Trend(figure: f, months: months, current: current, previous: previous)
    }

    /// The trend's chart: the twelve months against a year earlier (同比); the twelve months alone, titled as
    /// showing each month against the one before (环比), or as the months alone (no comparison).
    func trendChart(_ trend: Overview.Trend, comparison: Comparison?, language: Language) throws -> Bulletin.Chart {
        let (f, months, current) = (trend.figure, trend.months, trend.current)
        let labels = months.map { LocalizedFormat.shortMonth($0.start.month, language) }
        let range = try Period("\(months.first!.identifier)..\(months.last!.identifier)")
        let title = Self.trendTitle(comparison).text(language, f.name)
        let chart = TrendLines(
            title: title, months: labels,
            current: TrendLines.Series(name: LocalizedFormat.period(range, language), values: current),
            previous: trend.previous.map {
                TrendLines.Series(name: LocalizedFormat.period(range.sameLastYear, language), values: $0)
            },
            axisTitle: f.name + (f.unit.map { " (\($0))" } ?? ""), id: "trend", style: Self.style)
        return Bulletin.Chart(id: "trend", title: title, svg: chart.chart.svg, section: .trend)
    }

    /// What the trend's title says it shows, by the comparison.
    static func trendTitle(_ comparison: Comparison?) -> Label {
        switch comparison {
        case .lastYear: .chartTrend
        case .previous: .chartTrendPrevious
        case nil: .chartTrendMonths
        }
    }

    func qualitySection(
        _ result: AuditResult, cards: [Int: [ScoreGroup: (passed: Int, applicable: Int)]], root: Int,
        findings limit: Int, language: Language
    ) -> (Bulletin.QualitySection, Bulletin.Chart?) {
        let report = AuditReport(result: result, tree: tree, metadata: metadata, language: language)
        let problems = result.findings.filter { $0.check != ScoreCheck.self }
        let listed = problems.prefix(limit).map { f in
            (
                severity: AuditReport.severity(f.severity).text(language),
                level: f.severity == .extreme ? 2 : f.severity == .moderate ? 1 : 0,
                sentence: report.sentence(f, language)
            )
        }
        let more = problems.count > limit ? Label.moreFindings.text(language, String(problems.count - limit)) : nil

        // Findings per unit one level down (a finding below a child counts for that child).
        let childUnits = tree.children(root)
        var byUnit: Bulletin.Table?
        if !childUnits.isEmpty {
            // The checks failed, by their place in the audit's order of checks.
            let order = Dictionary(
                uniqueKeysWithValues: QualityAudit.checks.enumerated().map { (ObjectIdentifier($1), $0) })
            var counts: [Int: (extreme: Int, moderate: Int, checks: Set<Int>)] = [:]
            for f in problems {
                guard let child = childUnits.first(where: { tree.subtree($0).contains(f.unit) }) else { continue }
                var c = counts[child] ?? (0, 0, [])
                if f.severity == .extreme { c.extreme += 1 } else if f.severity == .moderate { c.moderate += 1 }
                if let position = order[ObjectIdentifier(f.check)] { c.checks.insert(position) }
                counts[child] = c
            }
            let flagged = counts.keys.sorted {
                let a = counts[$0]!
                let b = counts[$1]!
                return (-a.extreme, -a.moderate, $0) < (-b.extreme, -b.moderate, $1)
            }
            if !flagged.isEmpty {
                byUnit = Bulletin.Table(
                    columns: [
                        Label.unit.text(language), language.startingSentence(Label.extreme.text(language)),
                        language.startingSentence(Label.moderate.text(language)),
                        Label.checksFailed.text(language),
                    ],
                    numeric: [false, true, true, false],
                    rows: flagged.map { u in
                        let c = counts[u]!
                        return [
                            tree.units[u].name(language), String(c.extreme), String(c.moderate),
                            c.checks.sorted().map { QualityAudit.checks[$0].title.text(language) }
                                .joined(separator: Label.listSeparator.text(language)),
                        ]
                    }, caption: Label.findingsByUnit.text(language))
            }
        }

        // Expected against reported, and the events the flagged units may have left unreported.
        var unreported: [String] = []
        for total in result.totals {
            let name = (metadata.element(total.element)?.name.text(language) ?? total.element)
            let flagged = result.underReporting(of: total.element)
            let args = [
                tree.units[root].name(language), language.insideSentence(name),
                NumberFormat.fixed(total.expected, decimals: 0), NumberFormat.fixed(total.reported, decimals: 0),
                NumberFormat.fixed(flagged.unreported, decimals: 0),
            ]
            let label: Label = flagged.units == 0 ? .unreportedNone : .unreportedEstimate
            unreported.append(label.text(language, args[0], args[1], args[2], args[3], args[4]))
        }

        // The heat map: units × groups of checks, the share passed.
        var chart: Bulletin.Chart?
        if !childUnits.isEmpty {
            let groups = ScoreGroup.allCases.filter { g in childUnits.contains { cards[$0]?[g] != nil } }
            if !groups.isEmpty {
                let values: [[Double?]] = childUnits.map { u in
                    let card = cards[u] ?? [:]
                    var row: [Double?] = groups.map { g in
                        card[g].map { Double($0.passed) / Double($0.applicable) }
                    }
                    let applicable = card.values.reduce(0) { $0 + $1.applicable }
                    let passed = card.values.reduce(0) { $0 + $1.passed }
                    row.append(applicable > 0 ? Double(passed) / Double(applicable) : nil)
                    return row
                }
                let title = Label.chartHeatMap.text(language)
                let map = HeatMap(
                    title: title, rows: childUnits.map { tree.units[$0].name(language) },
                    columns: groups.map { $0.text(language) } + [Label.groupScore.text(language)],
                    values: values, id: "quality", style: Self.style)
                chart = Bulletin.Chart(id: "quality", title: title, svg: map.chart.svg, section: .quality)
            }
        }
        let section = Bulletin.QualitySection(
            findings: listed, more: more, byUnit: byUnit, unreported: unreported,
            note: Label.scoreNote.text(language))
        return (section, chart)
    }

    func campaign(_ result: CampaignResult, language: Language) -> (Bulletin.CampaignSection, Bulletin.Chart?) {
        let c = result.campaign
        let name = c.name.text(language)
        func date(_ day: Day) -> String { LocalizedFormat.date(day, language) }
        var lines = [
            Label.campaignWindow.text(
                language, name, date(c.start), date(c.end), date(result.asOf), String(result.window.days),
                String(c.end - c.start + 1))
        ]
        let milestoneTexts = c.milestones.map { m in
            let share = NumberFormat.fixed(m.share * 100, decimals: 0) + "%"
            return Label.milestoneBy.text(language, date(m.date), share)
        }
        if !milestoneTexts.isEmpty {
            lines.append(
                Label.milestones.text(
                    language, milestoneTexts.joined(separator: Label.milestoneSeparator.text(language))))
        }
        func status(_ p: TargetProgress?) -> String { CampaignReport.status(p, language) }
        func campaignDay(_ d: CampaignDate) -> String { date(Day(ordinal: d.daysSince1970)) }
        let table: Bulletin.Table
        if case .threshold(_, let threshold) = c.measure {
            table = Bulletin.Table(
                columns: [Label.rank.text(language), Label.unit.text(language), name, Label.target.text(language)],
                numeric: [true, false, true, true],
                rows: result.rows.map { row in
                    [
                        row.rank.map(String.init) ?? "", tree.units[row.unit].name(language),
                        row.value.map { NumberFormat.fixed($0, decimals: 1) } ?? "–",
                        NumberFormat.fixed(threshold, decimals: 1),
                    ]
                }, emphasized: [0])
        } else {
            table = Bulletin.Table(
                columns: [
                    Label.rank.text(language), Label.unit.text(language), Label.target.text(language),
                    Label.achieved.text(language), Label.percentDone.text(language), Label.dueNow.text(language),
                    Label.gap.text(language), Label.status.text(language), Label.projected.text(language),
                ],
                numeric: [true, false, true, true, true, true, true, false, false],
                rows: result.rows.map { row in
                    let p = row.progress
                    return [
                        row.rank.map(String.init) ?? "", tree.units[row.unit].name(language),
                        row.target.map { NumberFormat.fixed(Double($0), decimals: 0) } ?? "–",
                        NumberFormat.fixed(row.achieved, decimals: 0),
                        p?.percent.map { NumberFormat.fixed($0, decimals: 1) + "%" } ?? "–",
                        p.map { NumberFormat.fixed(Double($0.dueNow), decimals: 0) } ?? "–",
                        p.map { NumberFormat.fixed(max($0.gap, 0), decimals: 0) } ?? "–",
                        status(p), p?.projectedDate.map(campaignDay) ?? "–",
                    ]
                }, emphasized: [0])
        }
        func lists(_ label: Label, _ l: [(parent: Int, units: [Int])]) -> [String] {
            l.filter { !$0.units.isEmpty }.map { parent, units in
                let names = units.map { tree.units[$0].name(language) }.joined(
                    separator: Label.listSeparator.text(language))
                return Label.unitsUnder.text(language, label.text(language), tree.units[parent].name(language), names)
            }
        }
        let section = Bulletin.CampaignSection(
            name: name, lines: lines, table: table, praise: lists(.praise, result.praise),
            warning: lists(.warning, result.warning))
        guard case .count = c.measure, result.rows.count > 1 else { return (section, nil) }
        let items = result.rows.dropFirst().map { row in
            ProgressBars.Item(
                label: tree.units[row.unit].name(language),
                achieved: row.target.flatMap { $0 > 0 ? row.achieved / Double($0) : nil }, status: status(row.progress))
        }
        let milestones = c.milestones.map { m in
            ProgressBars.Milestone(
                share: m.share,
                label: NumberFormat.fixed(m.share * 100, decimals: 0) + "% "
                    + LocalizedFormat.shortDate(m.date, language))
        }
        let title = Label.chartProgress.text(language, name)
        let bars = ProgressBars(title: title, items: items, milestones: milestones, id: "campaign", style: Self.style)
        return (section, Bulletin.Chart(id: "campaign", title: title, svg: bars.chart.svg, section: .campaign))
    }

}

/// A bulletin that cannot be built as asked.
public struct BulletinError: SentencedError {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// A report figure names no indicator or element.
        case unknownFigure = "unknown_figure"
    }

    /// The code.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    /// The stable code.
    public var errorCode: String { "bulletin.\(code.rawValue)" }

}

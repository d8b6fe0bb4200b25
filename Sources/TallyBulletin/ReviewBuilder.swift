public import TallyAudit
internal import TallyCharts
public import TallyCore
internal import TallyQuality
internal import TallyRender
public import TallyText

/// Turns a ``DataQualityReview`` into a ``Review`` in one language: the summary table, each domain's tables with
/// their summary rows, and charts of completeness and of consistency over time.
public struct ReviewBuilder {
    /// The review's figures.
    public let review: DataQualityReview
    /// The tree (names).
    public let tree: OrgUnitTree
    /// The metadata (names and thresholds).
    public let metadata: Metadata

    /// A builder.
    public init(review: DataQualityReview, tree: OrgUnitTree, metadata: Metadata) {
        self.review = review
        self.tree = tree
        self.metadata = metadata
    }

    /// The review in `language`, prepared on `preparedOn`.
    public func build(language: Language, preparedOn: Day) -> Review {
        let writer = Writer(builder: self, language: language)
        return writer.build(preparedOn: preparedOn)
    }

    /// The texts of one review.
    final class Writer {
        let builder: ReviewBuilder
        let language: Language
        var summary: [[String]] = []

        init(builder: ReviewBuilder, language: Language) {
            self.builder = builder
            self.language = language
        }

        var review: DataQualityReview { builder.review }
        var tree: OrgUnitTree { builder.tree }
        var metadata: Metadata { builder.metadata }
        var settings: QualitySettings { metadata.quality }

        func unit(_ u: Int) -> String { tree.units[u].name(language) }
        func element(_ code: String) -> String { metadata.element(code)?.name.text(language) ?? code }
        func reference(_ r: ElementReference) -> String {
            let name = element(r.element)
            return r.options.isEmpty ? name : "\(name) (\(r.options.joined(separator: "_")))"
        }
        func dataset(_ code: String) -> String {
            metadata.datasets.first { $0.code == code }?.name.text(language) ?? code
        }
        func percent(_ share: Double?, places: Int = 1) -> String {
            share.map { NumberFormat.fixed($0 * 100, decimals: places) + "%" } ?? "–"
        }
        func count(_ v: Double?) -> String { v.map { NumberFormat.fixed($0, decimals: 0) } ?? "–" }
        func decimal(_ v: Double?, _ places: Int = 2) -> String {
            v.map { NumberFormat.fixed($0, decimals: places) } ?? "–"
        }
        func mark(_ divergent: Bool?) -> String { divergent == true ? Label.reviewDivergentMark.text(language) : "" }
        var boundaryName: String { unit(review.boundary) }

        /// The table of a `SubunitTable`: the boundary's row, then each subunit judged.
        /// - Parameter judgeBoundary: whether the boundary's own verdict is shown (not for the outliers, whose
        ///   boundary row adds up its subunits' values).
        func table<Row>(
            _ t: SubunitTable<Int, Row>, columns: [String], numeric: [Bool], judgeBoundary: Bool = true,
            cells: (Row) -> [String]
        ) -> Bulletin.Table {
            var rows: [[String]] = []
            var emphasized: Set<Int> = []
            if let boundary = t.boundary {
                rows.append(
                    [Label.parentRow.text(language, boundaryName)] + cells(boundary)
                        + [judgeBoundary ? mark(t.boundaryIsDivergent) : ""])
                emphasized.insert(0)
            }
            for entry in t.entries { rows.append([unit(entry.unit)] + cells(entry.row) + [mark(entry.isDivergent)]) }
            return Bulletin.Table(
                columns: [Label.unit.text(language)] + columns + [Label.reviewDivergent.text(language)],
                numeric: [false] + numeric + [false],
                rows: rows, emphasized: emphasized)
        }

        /// The summary row of a table, and the subunits not judged.
        func summaryLines<Row>(_ t: SubunitTable<Int, Row>) -> [String] {
            var lines = [
                Label.reviewDivergentCount.text(
                    language, String(t.divergentCount), String(t.judgedCount), percent(t.divergentShare))
            ]
            if !t.skipped.isEmpty {
                lines.append(
                    Label.reviewSkipped.text(
                        language, t.skipped.map(unit).joined(separator: Label.listSeparator.text(language))))
            }
            return lines
        }

        /// Adds a table's line to the summary at the top.
        func summarize<Row>(_ heading: String, criterion: String, boundary: String, _ t: SubunitTable<Int, Row>) {
            summary.append([
                heading, criterion, boundary, "\(t.divergentCount) / \(t.judgedCount)", percent(t.divergentShare),
            ])
        }

        /// Bars of each subunit's figure, highest first, with a dashed line at `reference`.
        func bars(
            id: String, title: String, axis: String, items: [(unit: Int, value: Double?)], display: (Double) -> String,
            reference: (value: Double, label: String)?
        ) -> Review.Chart {
            let sorted = items.sorted { ($0.value ?? -.infinity, -$0.unit) > ($1.value ?? -.infinity, -$1.unit) }
            let chart = RankedBars(
                title: title,
                items: sorted.map {
                    RankedBars.Item(label: unit($0.unit), value: $0.value, display: $0.value.map(display))
                },
                axisTitle: axis, reference: reference.map { RankedBars.Reference(value: $0.value, label: $0.label) },
                id: id, style: BulletinBuilder.style)
            return Review.Chart(id: id, title: title, svg: chart.chart.svg)
        }

        func build(preparedOn: Day) -> Review {
            let years = review.previous.map { LocalizedFormat.period($0, language) }
                .joined(separator: Label.listSeparator.text(language))
            var subtitle = [
                Label.reviewMethod.text(language),
                Label.period.text(language, LocalizedFormat.period(review.period, language)),
                Label.reviewYears.text(language, years),
            ]
            if let asOf = review.asOf {
                subtitle.append(Label.reviewAsOf.text(language, LocalizedFormat.date(asOf, language)))
            }
            subtitle.append(Label.preparedOn.text(language, LocalizedFormat.date(preparedOn, language)))
            var domains = [domain1(), domain2(), domain3(), domain4()]
            if let cr = captureRecapture() { domains.append(cr) }
            return Review(
                language: language, title: Label.reviewTitle.text(language, boundaryName), subtitle: subtitle,
                summary: Bulletin.Table(
                    columns: [
                        Label.reviewMeasure.text(language), Label.reviewCriterion.text(language), boundaryName,
                        Label.reviewDivergentUnits.text(language),
                        Label.reviewDivergentShare.text(language),
                    ], numeric: [false, false, true, true, true], rows: summary),
                domains: domains)
        }

        // MARK: Domain 1

        func domain1() -> Review.Domain {
            var parts: [Review.Part] = []
            func below(_ share: Double) -> String { Label.reviewRuleBelow.text(language, percent(share, places: 0)) }
            let band = Label.reviewRuleBand.text(language, percent(settings.consistencyBand, places: 0))
            for r in review.reporting {
                let name = dataset(r.dataset)
                let heading = Label.reviewReporting.text(language, name)
                summarize(
                    heading, criterion: below(settings.completeness),
                    boundary: percent(r.completeness.boundary?.completeness), r.completeness)
                parts.append(
                    Review.Part(
                        heading: heading,
                        lines: [Label.reviewReportingHow.text(language), below(settings.completeness)],
                        table: table(
                            r.completeness,
                            columns: [
                                Label.reviewExpected.text(language), Label.reviewReceived.text(language),
                                Label.reviewCompleteness.text(language),
                            ],
                            numeric: [true, true, true],
                            cells: {
                                [count(Double($0.expected)), count(Double($0.received)), percent($0.completeness)]
                            }),
                        summary: summaryLines(r.completeness),
                        chart: bars(
                            id: "completeness-\(r.dataset)", title: Label.reviewChartCompleteness.text(language, name),
                            axis: "%",
                            items: r.completeness.entries.map { ($0.unit, $0.row.completeness.map { $0 * 100 }) },
                            display: { NumberFormat.fixed($0, decimals: 1) },
                            reference: (settings.completeness * 100, below(settings.completeness)))))
                let timely = Label.reviewTimeliness.text(language, name)
                summarize(
                    timely, criterion: below(settings.timeliness), boundary: percent(r.timeliness.boundary?.timeliness),
                    r.timeliness)
                parts.append(
                    Review.Part(
                        heading: timely, lines: [Label.reviewTimelinessHow.text(language), below(settings.timeliness)],
                        table: table(
                            r.timeliness,
                            columns: [
                                Label.reviewExpected.text(language), Label.reviewOnTime.text(language),
                                Label.reviewTimelinessColumn.text(language),
                            ],
                            numeric: [true, true, true],
                            cells: { [count(Double($0.expected)), count(Double($0.onTime)), percent($0.timeliness)] }),
                        summary: summaryLines(r.timeliness), chart: nil))
                let trend = Label.reviewReportingTrend.text(language, name)
                summarize(trend, criterion: band, boundary: decimal(r.consistency.boundary?.ratio), r.consistency)
                let yearly = zip(review.previous + [review.period], r.yearly).map { period, share in
                    "\(LocalizedFormat.period(period, language)) \(percent(share))"
                }.joined(separator: Label.listSeparator.text(language))
                parts.append(
                    Review.Part(
                        heading: trend,
                        lines: [
                            Label.reviewReportingTrendHow.text(language, String(review.previous.count)), band,
                            Label.reviewByYear.text(language, boundaryName, yearly),
                        ],
                        table: table(
                            r.consistency,
                            columns: [
                                Label.reviewThisPeriod.text(language), Label.reviewReference.text(language),
                                Label.reviewRatio.text(language),
                                Label.reviewRelative.text(language),
                            ], numeric: [true, true, true, true],
                            cells: {
                                [percent($0.current), percent($0.reference), decimal($0.ratio), decimal($0.relative)]
                            }), summary: summaryLines(r.consistency), chart: nil))
            }
            for v in review.values {
                let heading = Label.reviewValues.text(language, element(v.element))
                let threshold = settings.elementCompleteness
                summarize(
                    heading, criterion: below(threshold), boundary: percent(v.table.boundary?.completeness), v.table)
                parts.append(
                    Review.Part(
                        heading: heading, lines: [Label.reviewValuesHow.text(language), below(threshold)],
                        table: table(
                            v.table,
                            columns: [
                                Label.reviewValuesExpected.text(language), Label.reviewValuesPresent.text(language),
                                Label.reviewMissing.text(language),
                                Label.reviewZeros.text(language), Label.reviewCompleteness.text(language),
                            ], numeric: [true, true, true, true, true],
                            cells: {
                                [
                                    count(Double($0.expected)), count(Double($0.present)), percent($0.missingShare),
                                    percent($0.zeroShare), percent($0.completeness),
                                ]
                            }), summary: summaryLines(v.table), chart: nil))
            }
            return Review.Domain(id: "domain-1", heading: Label.reviewDomain1.text(language), parts: parts, empty: nil)
        }

        // MARK: Domain 2

        func domain2() -> Review.Domain {
            var parts: [Review.Part] = []
            let band = Label.reviewRuleBand.text(language, percent(settings.consistencyBand, places: 0))
            for o in review.outliers {
                let heading = Label.reviewOutliers.text(language, element(o.element))
                let t = o.summary.table
                summarize(
                    heading, criterion: Label.reviewRuleOutliersShort.text(language),
                    boundary: percent(o.summary.extremeShare), t)
                parts.append(
                    Review.Part(
                        heading: heading,
                        lines: [
                            Label.reviewOutliersHow.text(
                                language, decimal(settings.outlierModerate, 0),
                                decimal(settings.outlierExtreme, 0)),
                            Label.reviewOutliersShare.text(
                                language, percent(o.summary.extremeShare), percent(o.summary.moderateShare)),
                        ],
                        table: table(
                            t,
                            columns: [
                                Label.reviewValueCount.text(language), Label.reviewExtreme.text(language),
                                Label.reviewModerate.text(language),
                            ], numeric: [true, true, true], judgeBoundary: false,
                            cells: { [String($0.values), String($0.extreme), String($0.moderate)] }),
                        summary: summaryLines(t), chart: nil))
            }
            for c in review.consistency {
                let name = element(c.element)
                let heading = Label.reviewConsistency.text(language, name)
                summarize(heading, criterion: band, boundary: decimal(c.table.boundary?.ratio), c.table)
                let method =
                    c.option.trend == .constant
                    ? Label.reviewTrendConstant.text(language, String(review.previous.count))
                    : Label.reviewTrendForecast.text(language, String(review.previous.count))
                let compare =
                    c.option.compare == .boundary
                    ? Label.reviewCompareBoundary.text(language, boundaryName)
                    : Label.reviewCompareExpected.text(language)
                parts.append(
                    Review.Part(
                        heading: heading, lines: [method, compare, band],
                        table: table(
                            c.table,
                            columns: [
                                Label.reviewThisPeriod.text(language), Label.reviewReference.text(language),
                                Label.reviewRatio.text(language),
                                Label.reviewCompared.text(language), Label.reviewRelative.text(language),
                            ], numeric: [true, true, true, true, true],
                            cells: {
                                [
                                    count($0.current), decimal($0.reference, 1), decimal($0.ratio),
                                    decimal($0.comparisonRatio),
                                    decimal($0.relative),
                                ]
                            }),
                        summary: summaryLines(c.table),
                        chart: bars(
                            id: "consistency-\(c.element)", title: Label.reviewChartRelative.text(language, name),
                            axis: Label.reviewRelative.text(language),
                            items: c.table.entries.map { ($0.unit, $0.row.relative) },
                            display: { NumberFormat.fixed($0, decimals: 2) },
                            reference: (1, Label.reviewNoDifference.text(language)))))
            }
            for r in review.relations {
                let d = r.definition
                let heading = Label.reviewRelation.text(language, d.name.text(language))
                let a = reference(d.a)
                let b = reference(d.b)
                let rule: String
                let figure: String
                switch d.kind {
                case .similar:
                    rule = Label.reviewRuleSimilar.text(language, a, b, percent(d.band ?? 0.1, places: 0))
                    figure = Label.reviewRatio.text(language)
                case .atLeast:
                    rule = Label.reviewRuleAtLeast.text(language, a, b, percent(d.band ?? 0.1, places: 0))
                    figure = Label.reviewRatio.text(language)
                case .dropout:
                    rule =
                        d.band.map { Label.reviewRuleDropout.text(language, a, b, percent($0, places: 0)) }
                        ?? Label.reviewRuleDropoutNegative.text(language, a, b)
                    figure = Label.reviewDropout.text(language)
                case .sameAsBoundary:
                    rule = Label.reviewRuleSameAsBoundary.text(
                        language, a, b, boundaryName, percent(d.band ?? 0.1, places: 0))
                    figure = Label.reviewRelative.text(language)
                }
                func show(_ row: IndicatorRelation.Row) -> String {
                    d.kind == .dropout ? percent(row.figure) : decimal(row.figure)
                }
                summarize(heading, criterion: rule, boundary: r.table.boundary.map(show) ?? "–", r.table)
                parts.append(
                    Review.Part(
                        heading: heading, lines: [rule],
                        table: table(
                            r.table, columns: [a, b, figure], numeric: [true, true, true],
                            cells: { [count($0.a), count($0.b), show($0)] }),
                        summary: summaryLines(r.table), chart: nil))
            }
            return Review.Domain(id: "domain-2", heading: Label.reviewDomain2.text(language), parts: parts, empty: nil)
        }

        // MARK: Domains 3 and 4

        func domain3() -> Review.Domain {
            var parts: [Review.Part] = []
            for e in review.external {
                let d = e.definition
                let heading = Label.reviewExternal.text(language, d.name.text(language))
                let indicator = metadata.indicator(d.indicator)
                let unitText = indicator?.unit ?? ""
                let rule = Label.reviewRuleBand.text(language, percent(d.band, places: 0))
                summarize(heading, criterion: rule, boundary: decimal(e.table.boundary?.ratio), e.table)
                parts.append(
                    Review.Part(
                        heading: heading,
                        lines: [
                            Label.reviewExternalHow.text(language, indicator?.name.text(language) ?? d.indicator), rule,
                        ],
                        table: table(
                            e.table,
                            columns: [
                                Label.reviewNumerator.text(language), Label.reviewDenominator.text(language),
                                Label.reviewRoutine.text(language),
                                Label.reviewSurvey.text(language), Label.reviewRatio.text(language),
                            ], numeric: [true, true, true, true, true],
                            cells: {
                                [
                                    count($0.numerator), decimal($0.denominator, 0),
                                    decimal($0.routine, 1) + unitText, decimal($0.survey, 1) + unitText,
                                    decimal($0.ratio),
                                ]
                            }),
                        summary: summaryLines(e.table), chart: nil))
            }
            return Review.Domain(
                id: "domain-3", heading: Label.reviewDomain3.text(language), parts: parts,
                empty: parts.isEmpty ? Label.reviewNoExternal.text(language) : nil)
        }

        func domain4() -> Review.Domain {
            var parts: [Review.Part] = []
            if let t = review.populationSources, let sources = metadata.review.population {
                let a = reference(sources.a)
                let b = reference(sources.b)
                let heading = Label.reviewPopulationSources.text(language, a, b)
                let rule = Label.reviewRuleSimilar.text(language, a, b, percent(sources.band, places: 0))
                summarize(heading, criterion: rule, boundary: decimal(t.boundary?.figure), t)
                parts.append(
                    Review.Part(
                        heading: heading, lines: [rule],
                        table: table(
                            t, columns: [a, b, Label.reviewRatio.text(language)], numeric: [true, true, true],
                            cells: { [count($0.a), count($0.b), decimal($0.figure)] }),
                        summary: summaryLines(t), chart: nil))
            }
            if let trend = review.populationTrend {
                let name = element(trend.element)
                let heading = Label.reviewPopulationTrend.text(language, name)
                let band = metadata.review.population?.band ?? PopulationConsistency.defaultBand
                let rule = Label.reviewRuleBand.text(language, percent(band, places: 0))
                summarize(heading, criterion: rule, boundary: decimal(trend.table.boundary?.ratio), trend.table)
                parts.append(
                    Review.Part(
                        heading: heading,
                        lines: [Label.reviewTrendForecast.text(language, String(review.previous.count)), rule],
                        table: table(
                            trend.table,
                            columns: [
                                Label.reviewThisPeriod.text(language), Label.reviewForecast.text(language),
                                Label.reviewRatio.text(language),
                            ],
                            numeric: [true, true, true],
                            cells: { [count($0.current), count($0.reference), decimal($0.ratio)] }),
                        summary: summaryLines(trend.table), chart: nil))
            }
            return Review.Domain(
                id: "domain-4", heading: Label.reviewDomain4.text(language), parts: parts,
                empty: review.populationSources == nil ? Label.reviewNoPopulation.text(language) : nil)
        }

        func captureRecapture() -> Review.Domain? {
            guard let definition = metadata.captureRecapture else { return nil }
            let (table, lines) = CaptureRecaptureTable.make(
                review.captureRecapture, definition: definition, tree: tree, metadata: metadata, language: language)
            let heading = definition.name?.text(language) ?? Label.captureRecapture.text(language)
            return Review.Domain(
                id: "capture-recapture", heading: Label.captureRecapture.text(language),
                parts: [Review.Part(heading: heading, lines: lines, table: table, summary: [], chart: nil)],
                empty: review.captureRecapture.isEmpty ? Label.crNoCounts.text(language) : nil)
        }
    }
}

public import TallyCore
public import TallyEngine
public import TallyQuality
public import TallyText

/// The WHO Data Quality Review of a period (usually a year) for a boundary unit and its subunits: the DQR's four
/// domains as its standard tables, each with the boundary's figure, a row per subunit and the number and share of
/// subunits divergent (`SubunitTable`). Made by ``QualityAudit/review(orgUnit:period:scope:asOf:surveys:)``;
/// `tally report --dqr` writes it (docs/checks.md, "The WHO DQR annual report").
public struct DataQualityReview: Sendable {
    /// One dataset's reporting (domain 1).
    public struct Reporting: Sendable {
        /// The dataset.
        public let dataset: String
        /// Reports received ÷ expected; divergent below `quality.completeness`.
        public let completeness: SubunitTable<Int, ReportingRate>
        /// Reports on time ÷ expected; divergent below `quality.timeliness`.
        public let timeliness: SubunitTable<Int, ReportingRate>
        /// This year's completeness against the mean of the previous years' (capped at 100%), compared with the
        /// boundary's change.
        public let consistency: SubunitTable<Int, ConsistencyOverTime>
        /// The boundary's completeness in each year, the previous years first (nil where nothing was expected).
        public let yearly: [Double?]
    }

    /// The completeness of one element's data (domain 1).
    public struct Values: Sendable {
        /// The element.
        public let element: String
        /// Values present ÷ expected (zeros counted apart); divergent below `quality.element_completeness`.
        public let table: SubunitTable<Int, ValueCompleteness>
    }

    /// One element's outliers (domain 2).
    public struct Outliers: Sendable {
        /// The element.
        public let element: String
        /// Each subunit's values of the period graded within the period (the DQR's own way: mean ± 2 and 3 SD of
        /// the same values).
        public let summary: OutlierSummary<Int>
    }

    /// One element's consistency over time (domain 2).
    public struct Consistency: Sendable {
        /// The element.
        public let element: String
        /// The reference and the comparison used.
        public let option: ReviewSettings.Consistency
        /// The period's value against the reference of the previous years.
        public let table: SubunitTable<Int, ConsistencyOverTime>
        /// The boundary's value in each year, the previous years first (nil where the year does not count).
        public let yearly: [Double?]
    }

    /// Two related figures (domain 2).
    public struct Relation: Sendable {
        /// As declared.
        public let definition: ReviewSettings.Relation
        /// A and B, their figure, divergent outside the relation.
        public let table: SubunitTable<Int, IndicatorRelation.Row>
    }

    /// Routine coverage against a survey (domain 3).
    public struct External: Sendable {
        /// As declared.
        public let definition: ReviewSettings.External
        /// The routine coverage, the survey's, their ratio; divergent outside 1 ± band.
        public let table: SubunitTable<Int, ExternalComparison>
    }

    /// The period reviewed.
    public let period: Period
    /// The same period in the previous years, oldest first.
    public let previous: [Period]
    /// The boundary unit (tree index).
    public let boundary: Int
    /// The subunits, in order.
    public let subunits: [Int]
    /// Reports were expected only for periods due before this day (nil: every period).
    public let asOf: Day?
    /// Domain 1: completeness and timeliness of reporting, per dataset with reports expected.
    public let reporting: [Reporting]
    /// Domain 1: completeness of the reviewed elements' data.
    public let values: [Values]
    /// Domain 2: outliers, per reviewed element.
    public let outliers: [Outliers]
    /// Domain 2: consistency over time, per reviewed element.
    public let consistency: [Consistency]
    /// Domain 2: related indicators, as declared.
    public let relations: [Relation]
    /// Domain 3: survey comparisons, as declared.
    public let external: [External]
    /// Domain 4: the two population sources, when declared.
    public let populationSources: SubunitTable<Int, IndicatorRelation.Row>?
    /// Domain 4: the population element's own trend (the year against the forecast of the previous years).
    public let populationTrend: (element: String, table: SubunitTable<Int, ConsistencyOverTime>)?
    /// Capture–recapture of the boundary and each subunit, when declared (units missing a count are left out).
    public let captureRecapture: [(unit: Int, counts: CaptureRecaptureCounts)]
}

/// A survey value that names no declared comparison or no org unit.
public struct ReviewError: TallyError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The comparison is not declared under `review.external`.
        case unknownComparison
        /// The org unit is not in the tree.
        case unknownOrgUnit
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

    public var errorCode: String { "review.\(code.rawValue)" }

    public func message(_ language: Language) -> String { sentence(language) }

    public static func == (lhs: ReviewError, rhs: ReviewError) -> Bool {
        lhs.code == rhs.code && lhs.sentence.zh == rhs.sentence.zh && lhs.sentence.en == rhs.sentence.en
    }
}

extension QualityAudit {
    /// The WHO Data Quality Review of `orgUnit` (the boundary) and the units of `scope` below it over `period`.
    ///
    /// - Parameters:
    ///   - asOf: reports are expected only for periods due before this day (nil: every period).
    ///   - surveys: survey values by comparison code and org-unit code, added to (and replacing) those in the
    ///     metadata's `review.external`.
    /// - Throws: ``ReviewError`` for a survey value of an undeclared comparison or an unknown org unit.
    public func review(
        orgUnit: Int, period: Period, scope: Scope = .children, asOf: Day? = nil,
        surveys: [String: [String: Double]] = [:]
    ) throws -> DataQualityReview {
        let metadata = aggregator.metadata
        let tree = aggregator.tree
        let settings = metadata.quality
        let units = self.units(orgUnit: orgUnit, scope: scope)
        let subunits = Array(units.dropFirst())
        let audit = AuditRun(aggregator: aggregator, orgUnit: orgUnit, units: units, period: period, asOf: asOf)
        var previous: [Period] = []
        var p = period
        for _ in 0..<settings.consistencyYears {
            p = p.sameLastYear
            previous.insert(p, at: 0)
        }
        let earlier = previous.map {
            AuditRun(aggregator: aggregator, orgUnit: orgUnit, units: units, period: $0, asOf: asOf)
        }

        // Domain 1: reporting, and its consistency over the years.
        var reporting: [DataQualityReview.Reporting] = []
        for dataset in metadata.datasets {
            let counts = try ReportCounts(dataset, audit: audit)
            guard !counts.reporters.isEmpty else { continue }
            // A previous year in which the boundary received no report at all is a year without data (the
            // system was not in use), not a completeness of 0.
            let before = try earlier.map { try ReportCounts(dataset, audit: $0) }.map {
                $0.rate(orgUnit).received > 0 ? $0 : nil
            }
            let rates = subunits.map { (unit: $0, rate: counts.rate($0)) }
            func completeness(_ u: Int) -> (current: Double?, previous: [Double?]) {
                (counts.rate(u).completeness, before.map { $0?.rate(u).completeness })
            }
            reporting.append(
                DataQualityReview.Reporting(
                    dataset: dataset.code,
                    completeness: ReportingRate.completenessTable(rates, threshold: settings.completeness),
                    timeliness: ReportingRate.timelinessTable(rates, threshold: settings.timeliness),
                    consistency: ConsistencyOverTime.table(
                        boundary: completeness(orgUnit),
                        subunits: subunits.map { u in
                            let c = completeness(u)
                            return (u, c.current, c.previous)
                        }, reference: .meanOfPrevious, comparison: .boundary, band: settings.consistencyBand, cap: 1),
                    yearly: before.map { $0?.rate(orgUnit).completeness } + [counts.rate(orgUnit).completeness]))
        }

        // Domain 1: the reviewed elements' data.
        let reviewed = metadata.reviewedElements
        let reviewedSet = Set(reviewed)
        let values = try ValueCounts.each(audit).filter { reviewedSet.contains($0.element) }.map { entry in
            DataQualityReview.Values(
                element: entry.element,
                table: ValueCompleteness.table(
                    subunits.map { ($0, entry.counts.values($0)) }, threshold: settings.elementCompleteness))
        }

        // Domain 2: outliers within the period, per subunit, the DQR's way.
        var outliers: [DataQualityReview.Outliers] = []
        for code in reviewed {
            guard let dataset = metadata.datasets.first(where: { $0.elements.contains(code) }) else { continue }
            let periods = audit.expectedPeriods(dataset)
            guard periods.count >= 2 else { continue }
            var series = [[Double]](repeating: [], count: subunits.count)
            for q in periods {
                let totals = try aggregator.totals(ElementReference(element: code), period: q)
                for (k, u) in subunits.enumerated() { if let v = totals[u] { series[k].append(v) } }
            }
            outliers.append(
                DataQualityReview.Outliers(
                    element: code,
                    summary: OutlierSummary(
                        zip(subunits, series).map { u, values in
                            (
                                u,
                                OutlierScore.gradesWithinSeries(
                                    values, moderate: settings.outlierModerate, extreme: settings.outlierExtreme)
                            )
                        })))
        }

        // Domain 2: consistency over time, with the years that count.
        var consistency: [DataQualityReview.Consistency] = []
        for code in reviewed {
            let option = metadata.review.consistency[code] ?? ReviewSettings.Consistency()
            let now = try aggregator.totals(ElementReference(element: code), period: period)
            let years = try ReferenceYears.read(code, periods: previous, audit: audit)
            func row(_ u: Int) -> (current: Double?, previous: [Double?]) {
                (now[u], ReferenceYear.values(years.of(u)))
            }
            consistency.append(
                DataQualityReview.Consistency(
                    element: code, option: option,
                    table: ConsistencyOverTime.table(
                        boundary: row(orgUnit),
                        subunits: subunits.map { u in
                            let r = row(u)
                            return (u, r.current, r.previous)
                        },
                        reference: option.trend == .constant ? .meanOfPrevious : .forecast,
                        comparison: option.compare == .boundary ? .boundary : .expected, band: settings.consistencyBand
                    ), yearly: row(orgUnit).previous + [now[orgUnit]]))
        }

        // Domain 2: related indicators.
        var relations: [DataQualityReview.Relation] = []
        for relation in metadata.review.relations {
            let a = try aggregator.totals(relation.a, period: period)
            let b = try aggregator.totals(relation.b, period: period)
            let kind: IndicatorRelation =
                switch relation.kind {
                case .similar: .similar(band: relation.band ?? 0.10)
                case .atLeast: .atLeast(band: relation.band ?? 0.10)
                case .dropout: .dropout(maximum: relation.band)
                case .sameAsBoundary: .sameAsBoundary(band: relation.band ?? 0.10)
                }
            relations.append(
                DataQualityReview.Relation(
                    definition: relation,
                    table: kind.table(
                        boundary: (a[orgUnit], b[orgUnit]), subunits: subunits.map { ($0, a[$0], b[$0]) })))
        }

        // Domain 3: surveys.
        let declared = Set(metadata.review.external.map(\.code))
        for (code, values) in surveys {
            guard declared.contains(code) else {
                throw ReviewError(
                    .unknownComparison,
                    Localized(
                        zh: "“\(code)”不是已声明的调查比较；请在元数据的review.external中声明",
                        en: "'\(code)' is not a survey comparison; declare it under review.external in the metadata"))
            }
            for unit in values.keys where tree.index[unit] == nil {
                throw ReviewError(
                    .unknownOrgUnit,
                    Localized(
                        zh: "调查比较“\(code)”的数值所列单位“\(unit)”不存在",
                        en: "the survey value of '\(code)' names '\(unit)', which is not an org unit"))
            }
        }
        let evaluator = Evaluator(aggregator: aggregator)
        var external: [DataQualityReview.External] = []
        for comparison in metadata.review.external {
            guard let indicator = metadata.indicator(comparison.indicator) else { continue }
            for unit in comparison.survey.keys where tree.index[unit] == nil {
                throw ReviewError(
                    .unknownOrgUnit,
                    Localized(
                        zh: "review.external.\(comparison.code).survey所列单位“\(unit)”不存在",
                        en: "review.external.\(comparison.code).survey names '\(unit)', which is not an org unit"))
            }
            let survey = comparison.survey.merging(surveys[comparison.code] ?? [:]) { _, file in file }
            let figures = try evaluator.figures(.indicator(indicator.code), period: period)
            let scale = indicator.factor * (indicator.annualized ? Evaluator.annualization(period) : 1)
            func row(_ u: Int) -> (Double?, Double?, Double?) {
                (figures[u].numerator, figures[u].denominator, survey[tree.units[u].code])
            }
            external.append(
                DataQualityReview.External(
                    definition: comparison,
                    table: ExternalComparison.table(
                        boundary: row(orgUnit),
                        subunits: subunits.map { u in
                            let r = row(u)
                            return (u, r.0, r.1, r.2)
                        }, band: comparison.band, scale: scale)))
        }

        // Domain 4: population.
        var populationSources: SubunitTable<Int, IndicatorRelation.Row>?
        if let sources = metadata.review.population {
            let a = try aggregator.totals(sources.a, period: period)
            let b = try aggregator.totals(sources.b, period: period)
            populationSources = PopulationConsistency.sourcesTable(
                boundary: (a[orgUnit], b[orgUnit]), subunits: subunits.map { ($0, a[$0], b[$0]) }, band: sources.band)
        }
        var populationTrend: (element: String, table: SubunitTable<Int, ConsistencyOverTime>)?
        if let code = settings.population ?? metadata.review.population?.a.element {
            let now = try aggregator.totals(ElementReference(element: code), period: period)
            let years = try ReferenceYears.read(code, periods: previous, audit: audit)
            func row(_ u: Int) -> (current: Double?, previous: [Double?]) {
                (now[u], ReferenceYear.values(years.of(u)))
            }
            populationTrend = (
                code,
                PopulationConsistency.trendTable(
                    boundary: row(orgUnit),
                    subunits: subunits.map { u in
                        let r = row(u)
                        return (u, r.current, r.previous)
                    }, band: metadata.review.population?.band ?? PopulationConsistency.defaultBand)
            )
        }

        let estimates = try CaptureRecaptureCounts.of(units, period: period, aggregator: aggregator)
        return DataQualityReview(
            period: period, previous: previous, boundary: orgUnit, subunits: subunits, asOf: asOf,
            reporting: reporting, values: values, outliers: outliers, consistency: consistency, relations: relations,
            external: external, populationSources: populationSources, populationTrend: populationTrend,
            captureRecapture: units.compactMap { u in estimates[u].map { (u, $0) } })
    }
}

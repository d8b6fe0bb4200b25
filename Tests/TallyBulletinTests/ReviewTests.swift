import TallyAudit
import TallyBulletin
import TallyCore
import TallyEngine
import TallyIO
import TallyQuality
import TallyRender
import TallyText
import Testing

/// The WHO data quality review (`tally report --dqr`) of 2025 for a county C with two towns T and U reporting
/// monthly (due 10 days after the month, all stored on time), worked by hand:
///
/// | | 2022–2024, a month | 2025 |
/// |---|---|---|
/// | T births | 10 (120 a year) | 10 a month, but 60 in July: 170 |
/// | T registrations | – | 8 a month: 96 |
/// | U births | 20 (240 a year) | 10 a month, nothing in November and December: 100 |
/// | U registrations | – | 10 a month, nothing in November and December: 100 |
///
/// - Domain 1: reports T 12 of 12, U 10 of 12 (83.3%, below 90%: divergent), C 22 of 24; the same on time; the
///   values of births and registrations T 12 of 12, U 10 of 12 (divergent); timeliness 83.3% is above 75%.
/// - Outliers (the DQR's way): T's July, (60 − 14.17) ÷ 14.43 = 3.18 SD from its year's mean: extreme, so T is
///   divergent; C: 1 of 22 values extreme (4.5%).
/// - Consistency of births over time (mean of 2022–2024, against C): C 270 ÷ 360 = 0.75; T 170 ÷ 120 = 1.417,
///   relative 1.889; U 100 ÷ 240 = 0.417, relative 0.556: both outside 1 ± 33%. Registrations have no previous
///   year, so no unit is judged.
/// - Dropout births → registrations (band 10%): C 74 ÷ 270 = 27.4%; T 74 ÷ 170 = 43.5% (divergent); U 0.
/// - Registration coverage (registrations ÷ births × 100) against a survey (T 60 in the metadata, U 70 from a file):
///   T 56.47 ÷ 60 = 0.941; U 100 ÷ 70 = 1.429 (outside 1 ± 33%: divergent).
@Suite struct ReviewTests {
    static let yaml = """
        elements:
          births: {name: {en: Live births, zh: 活产数}, aggregation: sum}
          registered: {name: {en: Registrations, zh: 登记数}, aggregation: sum}
        indicators:
          reg_cov: {name: {en: Registration coverage, zh: 出生登记率}, numerator: "#{registered}", denominator: "#{births}", factor: 100, unit: "%"}
        datasets:
          monthly: {name: {en: Monthly report, zh: 月报}, period: monthly, level: 2, due_days: 10, elements: [births, registered]}
        review:
          relations:
            unregistered: {name: {en: Births not registered, zh: 未登记出生}, a: births, b: registered, type: dropout, band: 10%}
          external:
            survey: {name: {en: Household survey, zh: 入户调查}, indicator: reg_cov, survey: {T: 60}}
        """
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "县", parentCode: nil, translations: ["en": "County"]),
        OrgUnit(code: "T", name: "甲镇", parentCode: "C", translations: ["en": "Jia"]),
        OrgUnit(code: "U", name: "乙镇", parentCode: "C", translations: ["en": "Yi"]),
    ])

    static var audit: QualityAudit {
        let metadata = try! MetadataParser().parse(yaml)
        var s = InMemoryValueSource()
        func month(_ y: Int, _ m: Int) -> Period { try! Period("\(y)\(m < 10 ? "0" : "")\(m)") }
        for y in 2022...2024 {
            for m in 1...12 {
                s.add("births", unit: 1, period: month(y, m), value: 10)
                s.add("births", unit: 2, period: month(y, m), value: 20)
            }
        }
        for m in 1...12 {
            s.add("births", unit: 1, period: month(2025, m), value: m == 7 ? 60 : 10)
            s.add("registered", unit: 1, period: month(2025, m), value: 8)
            if m <= 10 {
                s.add("births", unit: 2, period: month(2025, m), value: 10)
                s.add("registered", unit: 2, period: month(2025, m), value: 10)
            }
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
    }

    static func review() throws -> DataQualityReview {
        try audit.review(
            orgUnit: 0, period: try Period("2025"), asOf: Day(year: 2026, month: 6, day: 1),
            surveys: ["survey": ["U": 70]])
    }

    func row<Row>(_ t: SubunitTable<Int, Row>, _ code: String) -> SubunitTable<Int, Row>.Entry? {
        t.entries.first { Self.tree.units[$0.unit].code == code }
    }

    func divergent<Row>(_ t: SubunitTable<Int, Row>) -> [String] {
        t.entries.filter(\.isDivergent).map { Self.tree.units[$0.unit].code }
    }

    @Test func domainOne() throws {
        let r = try Self.review()
        #expect(r.previous.map(\.identifier) == ["2022", "2023", "2024"])
        let reporting = try #require(r.reporting.first)
        #expect(r.reporting.map(\.dataset) == ["monthly"])
        let c = reporting.completeness
        #expect(c.boundary == ReportingRate(expected: 24, received: 22, onTime: 22))
        #expect(row(c, "T")?.row.completeness == 1 && row(c, "U")?.row.completeness == 10.0 / 12)
        #expect(divergent(c) == ["U"] && c.divergentCount == 1 && c.judgedCount == 2)
        // On time as received: U's 83.3% is above the timeliness threshold of 75%.
        #expect(row(reporting.timeliness, "U")?.row.timeliness == 10.0 / 12 && divergent(reporting.timeliness).isEmpty)
        #expect(reporting.yearly == [1, 1, 1, 22.0 / 24])
        // Completeness over time: C 0.917 ÷ 1; T 1 ÷ 1 relative 1.091, U 0.833 relative 0.909: within 1 ± 33%.
        #expect(divergent(reporting.consistency).isEmpty)
        #expect(abs((row(reporting.consistency, "U")?.row.relative ?? 0) - (10.0 / 12) / (22.0 / 24)) < 1e-12)
        #expect(r.values.map(\.element) == ["births", "registered"])
        for v in r.values {
            #expect(row(v.table, "U")?.row.completeness == 10.0 / 12 && divergent(v.table) == ["U"])
        }
    }

    @Test func domainTwo() throws {
        let r = try Self.review()
        let births = try #require(r.outliers.first { $0.element == "births" })
        #expect(births.summary.withExtreme.map { Self.tree.units[$0].code } == ["T"])
        #expect(births.summary.extremeShare == 1.0 / 22)
        #expect(divergent(births.summary.table) == ["T"])
        #expect(r.outliers.first { $0.element == "registered" }?.summary.withExtreme.isEmpty == true)

        let consistency = try #require(r.consistency.first { $0.element == "births" })
        #expect(consistency.table.boundary?.ratio == 0.75)
        let t = try #require(row(consistency.table, "T")?.row)
        #expect(t.reference == 120 && t.current == 170 && abs(t.relative - 170.0 / 120 / 0.75) < 1e-12)
        #expect(abs((row(consistency.table, "U")?.row.relative ?? 0) - 100.0 / 240 / 0.75) < 1e-12)
        #expect(divergent(consistency.table) == ["T", "U"])
        #expect(r.consistency.first { $0.element == "registered" }?.table.judgedCount == 0)

        let dropout = try #require(r.relations.first?.table)
        #expect(abs((dropout.boundary?.figure ?? 0) - 74.0 / 270) < 1e-12)
        #expect(abs((row(dropout, "T")?.row.figure ?? 0) - 74.0 / 170) < 1e-12)
        #expect(row(dropout, "U")?.row.figure == 0 && divergent(dropout) == ["T"])
    }

    @Test func domainThreeTakesTheFilesValueOverTheMetadatas() throws {
        let r = try Self.review()
        let e = try #require(r.external.first?.table)
        let t = try #require(row(e, "T")?.row)
        #expect(t.survey == 60 && abs(t.routine - 9600.0 / 170) < 1e-12 && abs(t.ratio - 9600.0 / 170 / 60) < 1e-12)
        #expect(abs((row(e, "U")?.row.ratio ?? 0) - 100.0 / 70) < 1e-12)
        #expect(divergent(e) == ["U"])
        #expect(r.populationSources == nil && r.populationTrend == nil && r.captureRecapture.isEmpty)
    }

    @Test func surveysNamingWhatIsNotDeclaredAreRefused() {
        #expect(throws: ReviewError.self) {
            try Self.audit.review(orgUnit: 0, period: try Period("2025"), surveys: ["other": ["T": 50]])
        }
        do {
            _ = try Self.audit.review(orgUnit: 0, period: try Period("2025"), surveys: ["survey": ["Q": 50]])
            Issue.record("an unknown unit is refused")
        } catch let error as ReviewError {
            #expect(error.code == .unknownOrgUnit && error.message(.zh).contains("Q"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func thePageInBothLanguages() throws {
        let figures = try Self.review()
        let metadata = Self.audit.aggregator.metadata
        let day = Day(year: 2026, month: 6, day: 2)!
        let en = ReviewBuilder(review: figures, tree: Self.tree, metadata: metadata).build(
            language: .en, preparedOn: day)
        let zh = ReviewBuilder(review: figures, tree: Self.tree, metadata: metadata).build(
            language: .zh, preparedOn: day)
        #expect(en.domains.map(\.id) == ["domain-1", "domain-2", "domain-3", "domain-4"])
        // One summary row per table: 3 of reporting, 2 of values, 2 outliers, 2 over time, 1 relation, 1 survey.
        #expect(en.summary.rows.count == 11 && zh.summary.rows.count == 11)
        let reporting = try #require(en.summary.rows.first)
        #expect(reporting[2] == "91.7%" && reporting[3] == "1 / 2" && reporting[4] == "50.0%")
        let markdown = ReviewMarkdown.render(en) { "\($0.id).svg" }
        #expect(markdown.contains("| Yi | 12 | 10 | 83.3% |"), "\(markdown)")
        #expect(markdown.contains("Subunits divergent: 1 of 2 (50.0%)."))
        #expect(markdown.contains("43.5%") && markdown.contains("1.43"))
        let html = ReviewHTML.render(zh)
        #expect(html.contains("<html lang=\"zh-Hans\">") && html.contains("乙镇") && html.contains(zh.title))
        #expect(!html.contains("<script"))
        #expect(ReviewJSON.render(en).pretty.contains("\"domain-3\""))
        #expect(Set(en.charts.map(\.id)).count == en.charts.count)
    }
}

/// The review's other options on a second county worked by hand (the same towns, monthly births and registrations,
/// and yearly populations from two sources):
///
/// | | 2022 | 2023 | 2024 | 2025 |
/// |---|---|---|---|---|
/// | T births (a month) | 8 | 9 | 10 | 11: 132 |
/// | U births (a month) | 20 | 18 | 16 | 10, none in Nov–Dec: 100 |
/// | T, U registrations 2025 | | | | 96, 100 |
/// | T population (census) | 940 | 960 | 980 | 1,000 (1,050) |
/// | U population (census) | 2,000 | 2,000 | 2,000 | 2,000 (1,500) |
///
/// - Births over time, `trend: increasing, compare: expected`: the linear trend of 96, 108, 120 one year on is 132,
///   so T's ratio is 1.00; U's trend of 240, 216, 192 gives 168 and 100 ÷ 168 = 0.595: divergent (against 1).
/// - `similar` births and registrations (band 10%): T 132 ÷ 96 = 1.375 divergent, U 1.00; `at_least` births ≥
///   registrations: neither below 1; `same_as_boundary` registrations ÷ births against C's 196 ÷ 232 = 0.845: T
///   0.727 ÷ 0.845 = 0.861 and U 1 ÷ 0.845 = 1.184, both within 1 ± 33%.
/// - Population sources: T 1,000 ÷ 1,050 = 0.952, U 2,000 ÷ 1,500 = 1.333 (divergent), C 3,000 ÷ 2,550 = 1.176.
///   Its own trend: T 940, 960, 980 → 1,000, U 2,000 → 2,000: ratios 1.
@Suite struct ReviewOptionsTests {
    static let yaml = """
        elements:
          births: {name: Live births, aggregation: sum}
          registered: {name: Registrations, aggregation: sum}
          population: {name: Population, aggregation: average_sum_org_unit}
          census: {name: Census population, aggregation: average_sum_org_unit}
        datasets:
          monthly: {name: Monthly report, period: monthly, level: 2, due_days: 10, elements: [births, registered]}
        review:
          elements: [births]
          consistency:
            births: {trend: increasing, compare: expected}
          relations:
            similar: {a: births, b: registered, type: similar}
            at_least: {a: births, b: registered, type: at_least, band: 0}
            boundary: {a: registered, b: births, type: same_as_boundary, band: 33%}
          population: {a: population, b: census}
        """

    static func review() throws -> DataQualityReview {
        let metadata = try MetadataParser().parse(yaml)
        var s = InMemoryValueSource()
        func month(_ y: Int, _ m: Int) -> Period { try! Period("\(y)\(m < 10 ? "0" : "")\(m)") }
        for (k, y) in (2022...2024).enumerated() {
            for m in 1...12 {
                s.add("births", unit: 1, period: month(y, m), value: Double(8 + k))
                s.add("births", unit: 2, period: month(y, m), value: Double(20 - 2 * k))
            }
            s.add("population", unit: 1, period: try Period("\(y)"), value: Double(940 + 20 * k))
            s.add("population", unit: 2, period: try Period("\(y)"), value: 2000)
        }
        for m in 1...12 {
            s.add("births", unit: 1, period: month(2025, m), value: 11)
            s.add("registered", unit: 1, period: month(2025, m), value: 8)
            if m <= 10 {
                s.add("births", unit: 2, period: month(2025, m), value: 10)
                s.add("registered", unit: 2, period: month(2025, m), value: 10)
            }
        }
        for (u, population, census) in [(1, 1000.0, 1050.0), (2, 2000, 1500)] {
            s.add("population", unit: u, period: try Period("2025"), value: population)
            s.add("census", unit: u, period: try Period("2025"), value: census)
        }
        let audit = QualityAudit(aggregator: Aggregator(metadata: metadata, tree: ReviewTests.tree, source: s))
        return try audit.review(orgUnit: 0, period: try Period("2025"), asOf: Day(year: 2026, month: 6, day: 1))
    }

    func entry<Row>(_ t: SubunitTable<Int, Row>, _ code: String) -> SubunitTable<Int, Row>.Entry? {
        t.entries.first { ReviewTests.tree.units[$0.unit].code == code }
    }

    @Test func theTrendAgainstWhatIsExpected() throws {
        let r = try Self.review()
        let births = try #require(r.consistency.first { $0.element == "births" })
        #expect(births.option == ReviewSettings.Consistency(trend: .increasing, compare: .expected))
        let t = try #require(entry(births.table, "T")?.row)
        #expect(abs(t.reference - 132) < 1e-9 && abs(t.ratio - 1) < 1e-9 && t.comparisonRatio == 1)
        let u = try #require(entry(births.table, "U"))
        #expect(abs(u.row.reference - 168) < 1e-9 && abs(u.row.relative - 100.0 / 168) < 1e-9 && u.isDivergent)
        #expect(entry(births.table, "T")?.isDivergent == false)
    }

    @Test func relatedIndicatorsOfEveryKind() throws {
        let r = try Self.review()
        #expect(r.relations.map(\.definition.code) == ["similar", "at_least", "boundary"])
        let similar = r.relations[0].table
        #expect(entry(similar, "T")?.row.figure == 132.0 / 96 && entry(similar, "T")?.isDivergent == true)
        #expect(entry(similar, "U")?.row.figure == 1 && entry(similar, "U")?.isDivergent == false)
        #expect(r.relations[1].table.divergentCount == 0)
        let boundary = r.relations[2].table
        let c = 196.0 / 232
        #expect(abs((entry(boundary, "T")?.row.figure ?? 0) - 96.0 / 132 / c) < 1e-12)
        #expect(abs((entry(boundary, "U")?.row.figure ?? 0) - 1 / c) < 1e-12)
        #expect(boundary.divergentCount == 0)
    }

    @Test func populationFromTwoSourcesAndItsTrend() throws {
        let r = try Self.review()
        let sources = try #require(r.populationSources)
        #expect(abs((sources.boundary?.figure ?? 0) - 3000.0 / 2550) < 1e-12)
        #expect(abs((entry(sources, "T")?.row.figure ?? 0) - 1000.0 / 1050) < 1e-12)
        #expect(entry(sources, "U")?.row.figure == 2000.0 / 1500 && entry(sources, "U")?.isDivergent == true)
        let trend = try #require(r.populationTrend)
        #expect(trend.element == "population")
        #expect(abs((entry(trend.table, "T")?.row.reference ?? 0) - 1000) < 1e-9)
        #expect(abs((trend.table.boundary?.ratio ?? 0) - 1) < 1e-12 && trend.table.divergentCount == 0)
    }
}

/// The bulletin's capture–recapture section on BulletinFixture's county, worked by hand for 202510: towns A (its
/// villages a1 40, 30, 20 and a2 20, 20, 10: A 60 registered, 50 by hospitals, 30 on both) and B (b1 0, 0, 0).
/// A: N̂ = 61 × 51 ÷ 31 − 1 = 99.35, shares 60.4% and 50.3% (below 90%: marked !), 19.35 on neither list; B has no
/// event on both lists: no estimate; the county pools A and B: the same as A.
@Suite struct BulletinCaptureRecaptureTests {
    static func bulletin(_ language: Language) throws -> Bulletin {
        let yaml =
            BulletinFixture.yaml + """

                capture_recapture: {first: registered, second: hospital, matched: matched}
                """
        let text = yaml.replacing(
            "elements:\n",
            with: "elements:\n  registered: {name: {en: Registered births, zh: 登记出生数}}\n"
                + "  hospital: {name: {en: Hospital births, zh: 医院出生数}}\n  matched: {name: On both}\n")
        let metadata = try MetadataParser().parse(text)
        var s = InMemoryValueSource()
        let tree = BulletinFixture.tree
        let october = try Period("202510")
        for (code, n1, n2, m) in [("a1", 40.0, 30.0, 20.0), ("a2", 20, 20, 10), ("b1", 0, 0, 0)] {
            s.add("registered", unit: tree.index[code]!, period: october, value: n1)
            s.add("hospital", unit: tree.index[code]!, period: october, value: n2)
            s.add("matched", unit: tree.index[code]!, period: october, value: m)
        }
        return try BulletinBuilder(engine: QueryEngine(metadata: metadata, tree: tree, source: s), metadata: metadata)
            .build(
                BulletinBuilder.Request(
                    orgUnit: 0, period: october, language: language, preparedOn: Day(year: 2026, month: 1, day: 15)!))
    }

    @Test func theSectionHasEachTownsEstimate() throws {
        let b = try Self.bulletin(.en)
        let section = try #require(b.captureRecapture)
        #expect(b.sections.contains(.captureRecapture))
        let rows = section.table.rows
        #expect(rows.count == 3)
        #expect(rows[1] == ["Jia Town", "60", "50", "30", "99", "89–121", "60.4% !", "50.3% !", "19"])
        #expect(rows[2][1...4] == ["0", "0", "0", "no estimate"])
        #expect(
            section.lines.first
                == "Matching the two lists (Chapman's estimator), Fixture County's true total in the period is about 99 (95% interval 89–121): registered births hold 60.4% of it and hospital births 50.3%; on neither list: about 19."
        )
        let zh = try #require(try Self.bulletin(.zh).captureRecapture)
        #expect(zh.table.rows[1][0] == "甲镇" && zh.table.rows[2][4] == "无法估计")
    }
}

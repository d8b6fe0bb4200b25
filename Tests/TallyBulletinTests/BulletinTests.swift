import Foundation
import TallyBulletin
import TallyCore
import TallyEngine
import TallyIO
import TallyRender
import TallyText
import Testing

/// A small county with figures worked out by hand.
///
/// ```
/// C 县 (Fixture County)
/// ├── A 甲镇 (Jia Town): a1, a2
/// └── B 乙镇 (Yi Town):  b1
/// ```
/// Births male/female:
/// | unit | 202410 | 202411 | 202510 | 202511 |
/// |------|--------|--------|--------|--------|
/// | a1   | 1/1    | 0/1    | 1/2    | 2/0    |
/// | a2   | 3/2    | 2/2    | 5/3    | 2/4    |
/// | b1   | 2/2    | 3/1    | 4/4    | 2/1    |
/// Population (yearly): 2025 a1 1000, a2 3000, b1 2000; 2024 a1 1000, a2 2800, b1 2200.
///
/// For 202510..202511 (61 days; the year from 1 Oct 2025 has 365) against 202410..202411:
/// - births: C 30 vs 20 (+10, +50.0%); A 19 vs 12 (+7); B 11 vs 8 (+3).
/// - CBR = births ÷ population × 1000 × 365/61: C 29.918 vs 19.945 (+9.973); A 28.422 vs 18.896 (+9.527);
///   B 32.910 vs 21.759 (+11.151). B ranks first.
/// - SRB = male ÷ female × 100: C 16/14 = 114.29 vs 11/9 = 122.22 (−7.94); A 10/9 = 111.11 vs 6/6 = 100 (+11.11);
///   B 6/5 = 120 vs 5/3 = 166.67 (−46.67).
enum BulletinFixture {
    static let yaml = """
        categories:
          sex: {name: {en: Sex, zh: 性别}, options: {male: {en: Male, zh: 男}, female: {en: Female, zh: 女}}}
        elements:
          births: {name: {en: Live births, zh: 出生数}, categories: [sex]}
          population: {name: {en: Population, zh: 人口数}, aggregation: average_sum_org_unit}
        indicators:
          cbr: {name: {en: Crude birth rate, zh: 出生率}, numerator: "#{births}", denominator: "#{population}", factor: 1000, decimals: 2, unit: "‰", annualized: true}
          srb: {name: {en: Sex ratio at birth, zh: 出生性别比}, numerator: "#{births.male}", denominator: "#{births.female}", factor: 100, decimals: 1}
        report:
          figures: [births, cbr, srb]
          rank_by: cbr
          trend: births
        """

    static var metadata: Metadata { try! MetadataParser().parse(yaml) }

    static var tree: OrgUnitTree {
        try! OrgUnitTree([
            OrgUnit(code: "C", name: "县", parentCode: nil, translations: ["en": "Fixture County"]),
            OrgUnit(code: "A", name: "甲镇", parentCode: "C", translations: ["en": "Jia Town"]),
            OrgUnit(code: "a1", name: "一村", parentCode: "A"),
            OrgUnit(code: "a2", name: "二村", parentCode: "A"),
            OrgUnit(code: "B", name: "乙镇", parentCode: "C", translations: ["en": "Yi Town"]),
            OrgUnit(code: "b1", name: "三村", parentCode: "B"),
        ])
    }

    static let births: [String: [String: (Int, Int)]] = [
        "a1": ["202410": (1, 1), "202411": (0, 1), "202510": (1, 2), "202511": (2, 0)],
        "a2": ["202410": (3, 2), "202411": (2, 2), "202510": (5, 3), "202511": (2, 4)],
        "b1": ["202410": (2, 2), "202411": (3, 1), "202510": (4, 4), "202511": (2, 1)],
    ]

    static func engine(tree: OrgUnitTree = tree) -> QueryEngine {
        var s = InMemoryValueSource()
        let u = { (code: String) in tree.index[code]! }
        for (unit, byPeriod) in births {
            for (period, (male, female)) in byPeriod {
                s.add("births", combo: 0, unit: u(unit), period: try! Period(period), value: Double(male))
                s.add("births", combo: 1, unit: u(unit), period: try! Period(period), value: Double(female))
            }
        }
        for (unit, pops) in ["a1": (1000.0, 1000.0), "a2": (2800, 3000), "b1": (2200, 2000)] {
            s.add("population", unit: u(unit), period: try! Period("2024"), value: pops.0)
            s.add("population", unit: u(unit), period: try! Period("2025"), value: pops.1)
        }
        return QueryEngine(metadata: metadata, tree: tree, source: s)
    }

    static func bulletin(
        _ language: Language, tree: OrgUnitTree = tree, period: String = "202510..202511",
        comparison: Comparison? = .lastYear
    ) throws -> Bulletin {
        let engine = engine(tree: tree)
        return try BulletinBuilder(engine: engine, metadata: metadata)
            .build(
                BulletinBuilder.Request(
                    orgUnit: 0, period: try Period(period), language: language,
                    preparedOn: Day(year: 2026, month: 1, day: 15)!, comparison: comparison))
    }
}

@Suite struct BulletinTests {
    @Test func keyFiguresAndSentencesInChinese() throws {
        let b = try BulletinFixture.bulletin(.zh)
        #expect(b.title == "县统计简报")
        #expect(
            b.subtitle == [
                "统计时段：2025年10月至2025年11月", "比较对象：上年同期（2024年10月至2024年11月）", "2026年1月15日由 Tally 生成",
            ])
        #expect(b.keyFigures.map(\.name) == ["出生数", "出生率", "出生性别比"])
        #expect(b.keyFigures.map(\.value) == ["30", "29.92‰", "114.3"])
        #expect(b.keyFigures.map(\.change) == ["+10", "+9.97", "−7.9"])
        #expect(b.keyFigures.map(\.previous) == ["20", "19.95‰", "122.2"])
        #expect(b.keyFigures.map(\.direction) == [1, 1, -1])
        #expect(
            b.sentences == [
                "出生数30，比上年同期增加10，增长50.0%。", "出生率29.92‰，比上年同期上升9.97个千分点。", "出生性别比114.3，比上年同期下降7.9。",
            ])
    }

    @Test func keyFiguresAndSentencesInEnglish() throws {
        let b = try BulletinFixture.bulletin(.en)
        #expect(b.title == "Fixture County statistical bulletin")
        #expect(b.subtitle[0] == "Period: October 2025 to November 2025")
        #expect(b.subtitle[2] == "Prepared with Tally on 15 Jan 2026")
        #expect(
            b.sentences == [
                "Live births rose by 10 (+50.0%) on the same period last year, to 30.",
                "The crude birth rate rose 9.97 per-mille points on the same period last year, to 29.92‰.",
                "The sex ratio at birth fell 7.9 points on the same period last year, to 114.3.",
            ])
    }

    @Test func rankedTableIsRatioOfSumsRankedByTheRate() throws {
        let b = try BulletinFixture.bulletin(.zh)
        let table = try #require(b.ranking)
        #expect(table.columns == ["排名", "单位", "出生数", "同比增减", "出生率 (‰)", "同比增减", "出生性别比", "同比增减"])
        #expect(
            table.rows == [
                ["", "县（合计）", "30", "+10", "29.92", "+9.97", "114.3", "−7.9"],
                ["1", "乙镇", "11", "+3", "32.91", "+11.15", "120.0", "−46.7"],
                ["2", "甲镇", "19", "+7", "28.42", "+9.53", "111.1", "+11.1"],
            ])
        #expect(table.emphasized == [0])
        #expect(b.rankingNotes.first == "按出生率排名，从高到低；并列者名次相同。")
        let en = try #require(try BulletinFixture.bulletin(.en).ranking)
        #expect(en.rows.map { $0[1] } == ["Fixture County (total)", "Yi Town", "Jia Town"])
    }

    @Test func chartsCarryTheFigures() throws {
        let b = try BulletinFixture.bulletin(.zh)
        #expect(b.charts.map(\.id) == ["ranked", "trend"])
        let ranked = b.charts[0].svg
        #expect(ranked.contains("<title id=\"ranked-title\">出生率：各单位排名</title>"))
        #expect(ranked.contains(">32.91<") && ranked.contains(">28.42<"))
        #expect(ranked.contains("县：29.92‰"))
        let trend = b.charts[1].svg
        #expect(trend.contains("出生数：近12个月与上年同期逐月比较"))
        #expect(trend.contains("2024年12月至2025年11月") && trend.contains("2023年12月至2024年11月"))
    }

    /// 202511 against 202510 (环比), by hand from the fixture's births (population 2025: C 6,000, A 4,000, B 2,000):
    /// - births: C 11 vs 19 (−8, −42.1%); A (甲镇) 8 vs 11 (−3); B (乙镇) 3 vs 8 (−5).
    /// - CBR (× 365/30 for November, × 365/31 for October): C 22.306 vs 37.285 (−14.979); A 24.333 vs 32.379
    ///   (−8.046); B 18.250 vs 47.097 (−28.847). A ranks first.
    /// - SRB: C 6/5 = 120.0 vs 10/9 = 111.11 (+8.89); A 4/4 = 100 vs 6/5 = 120 (−20); B 2/1 = 200 vs 4/4 = 100 (+100).
    @Test func thePreviousPeriodComparisonByHand() throws {
        let b = try BulletinFixture.bulletin(.zh, period: "202511", comparison: .previous)
        #expect(b.comparison == .previous)
        #expect(b.subtitle == ["统计时段：2025年11月", "比较对象：上期（2025年10月）", "2026年1月15日由 Tally 生成"])
        #expect(b.keyFigures.map(\.value) == ["11", "22.31‰", "120.0"])
        #expect(b.keyFigures.map(\.change) == ["−8", "−14.98", "+8.9"])
        #expect(b.keyFigures.map(\.previous) == ["19", "37.28‰", "111.1"])
        #expect(
            b.sentences == [
                "出生数11，比上期减少8，下降42.1%。", "出生率22.31‰，比上期下降14.98个千分点。", "出生性别比120.0，比上期上升8.9。",
            ])
        let table = try #require(b.ranking)
        #expect(table.columns == ["排名", "单位", "出生数", "环比增减", "出生率 (‰)", "环比增减", "出生性别比", "环比增减"])
        #expect(
            table.rows == [
                ["", "县（合计）", "11", "−8", "22.31", "−14.98", "120.0", "+8.9"],
                ["1", "甲镇", "8", "−3", "24.33", "−8.05", "100.0", "−20.0"],
                ["2", "乙镇", "3", "−5", "18.25", "−28.85", "200.0", "+100.0"],
            ])
        #expect(b.rankingNotes.last == "增减为与上期相比（环比）；率的增减以千分点或百分点计。")
        // The trend: the twelve months alone, titled as each month against the one before.
        let trend = try #require(b.charts.first { $0.id == "trend" }?.svg)
        #expect(trend.contains("出生数：近12个月逐月走势（相邻两月相比即为环比）"))
        #expect(trend.contains("2024年12月至2025年11月") && !trend.contains("2023年12月"))
        #expect(trend.ranges(of: "<polyline").count == 1)
        // The page's cards name the period compared with; nothing speaks of last year.
        let html = BulletinHTML.render(b)
        #expect(html.contains("<div class=\"previous\">上期 19</div>"))
        #expect(!html.contains("上年同期") && !html.contains("同比"))
        let md = BulletinMarkdown.render(b, chartPath: { $0.id })
        #expect(md.contains("| 本期 | 环比增减 | 上期 |"))
        #expect(BulletinJSON.render(b).text.contains("\"comparison\":\"previous\""))

        let en = try BulletinFixture.bulletin(.en, period: "202511", comparison: .previous)
        #expect(en.subtitle[1] == "Compared with the previous period (October 2025)")
        #expect(
            en.sentences == [
                "Live births fell by 8 (−42.1%) on the previous period, to 11.",
                "The crude birth rate fell 14.98 per-mille points on the previous period, to 22.31‰.",
                "The sex ratio at birth rose 8.9 points on the previous period, to 120.0.",
            ])
        #expect(en.ranking?.columns[3] == "Change on previous period")
    }

    /// Without a comparison: the figures alone, no change columns, no compared figures, no comparison sentences.
    @Test func noComparisonShowsTheFiguresAlone() throws {
        let b = try BulletinFixture.bulletin(.zh, period: "202511", comparison: nil)
        #expect(b.subtitle == ["统计时段：2025年11月", "2026年1月15日由 Tally 生成"])
        #expect(b.keyFigures.map(\.value) == ["11", "22.31‰", "120.0"])
        #expect(b.keyFigures.allSatisfy { $0.change == nil && $0.previous == nil && $0.direction == nil })
        #expect(b.sentences == ["出生数11。", "出生率22.31‰。", "出生性别比120.0。"])
        let table = try #require(b.ranking)
        #expect(table.columns == ["排名", "单位", "出生数", "出生率 (‰)", "出生性别比"])
        #expect(table.rows[1] == ["1", "甲镇", "8", "24.33", "100.0"])
        #expect(b.rankingNotes == ["按出生率排名，从高到低；并列者名次相同。"])
        let trend = try #require(b.charts.first { $0.id == "trend" }?.svg)
        #expect(trend.contains("<title id=\"trend-title\">出生数：近12个月逐月走势</title>"))
        #expect(trend.ranges(of: "<polyline").count == 1)
        let html = BulletinHTML.render(b)
        #expect(!html.contains("增减") && !html.contains("上年同期") && !html.contains("上期"))
        let md = BulletinMarkdown.render(b, chartPath: { $0.id })
        #expect(!md.contains("增减") && !md.contains("| – |"))
        let en = try BulletinFixture.bulletin(.en, period: "202511", comparison: nil)
        #expect(
            en.sentences == [
                "Live births: 11.", "The crude birth rate was 22.31‰.", "The sex ratio at birth was 120.0.",
            ])
    }

    @Test func missingComparisonIsSaidNotZero() throws {
        // Nothing was reported a year before 202410, so 202410's comparison is missing, not zero.
        let engine = BulletinFixture.engine()
        let b = try BulletinBuilder(engine: engine, metadata: BulletinFixture.metadata)
            .build(
                BulletinBuilder.Request(
                    orgUnit: 0, period: try Period("202410"), language: .zh,
                    preparedOn: Day(year: 2026, month: 1, day: 1)!,
                    audit: false))
        #expect(b.keyFigures[0].value == "11")
        #expect(b.keyFigures[0].change == nil && b.keyFigures[0].previous == nil && b.keyFigures[0].direction == nil)
        #expect(b.sentences[0] == "出生数11，上年同期无数据。")
        #expect(b.quality == nil)
        let empty = try BulletinBuilder(engine: engine, metadata: BulletinFixture.metadata)
            .build(
                BulletinBuilder.Request(
                    orgUnit: 0, period: try Period("202301"), language: .en,
                    preparedOn: Day(year: 2026, month: 1, day: 1)!,
                    audit: false))
        #expect(empty.keyFigures.map(\.value) == ["no data", "no data", "no data"])
        #expect(empty.sentences[0] == "Live births: no data for this period.")
    }

    @Test func htmlIsOneSelfContainedPage() throws {
        let html = BulletinHTML.render(try BulletinFixture.bulletin(.zh))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-Hans\">"))
        #expect(html.contains("<h2>一、主要指标</h2>") && html.contains("<h2>二、各单位情况</h2>"))
        #expect(html.contains("<table id=\"ranking-table\">"))
        #expect(html.split(separator: "<svg ").count - 1 == 2)
        #expect(html.contains("<figcaption>图1 出生率：各单位排名</figcaption>"))
        #expect(html.contains("@media print") && html.contains("@page { size: A4"))
        // Nothing is fetched: no script, no external stylesheet, image or font.
        for forbidden in ["<script", "<link", "src=", "http://", "https://", "@import", "url("] {
            let outsideSVGNamespace = html.replacing("xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!outsideSVGNamespace.contains(forbidden), "found \(forbidden)")
        }
        let en = BulletinHTML.render(try BulletinFixture.bulletin(.en))
        #expect(en.contains("<html lang=\"en\">") && en.contains("<h2>1. Key figures</h2>"))
    }

    /// The office and the issue number of `report:` head the bulletin in HTML, Markdown and JSON; without them
    /// nothing is shown.
    @Test func officeAndNumberInTheThreeRenderings() throws {
        let yaml =
            BulletinFixture.yaml
            + "\n  office: {zh: 云溪县统计局, en: Yunxi County Statistics Bureau}\n  number: \"2025年第10期\"\n"
        let metadata = try MetadataParser().parse(yaml)
        let engine = QueryEngine(metadata: metadata, tree: BulletinFixture.tree, source: InMemoryValueSource())
        func bulletin(_ language: Language) throws -> Bulletin {
            try BulletinBuilder(engine: engine, metadata: metadata)
                .build(
                    BulletinBuilder.Request(
                        orgUnit: 0, period: try Period("202510"), language: language,
                        preparedOn: Day(year: 2026, month: 1, day: 15)!))
        }
        let zh = try bulletin(.zh)
        #expect(zh.office == "云溪县统计局" && zh.number == "2025年第10期")
        let html = BulletinHTML.render(zh)
        #expect(html.contains("<header>\n<p class=\"issuer\">云溪县统计局　2025年第10期</p>\n<h1>"))
        let md = BulletinMarkdown.render(zh) { "\($0.id).svg" }
        #expect(md.hasPrefix("# 县统计简报\n\n**云溪县统计局　2025年第10期**  \n"), "\(md.prefix(200))")
        let json = BulletinJSON.render(try bulletin(.en)).text
        #expect(json.contains("\"office\":\"Yunxi County Statistics Bureau\""), "\(json.prefix(300))")
        #expect(json.contains("\"number\":\"2025年第10期\""))
        #expect(try bulletin(.en).issuer == "Yunxi County Statistics Bureau · 2025年第10期")
        let plain = try BulletinFixture.bulletin(.zh)
        #expect(plain.issuer == nil)
        #expect(!BulletinHTML.render(plain).contains("class=\"issuer\""))
        #expect(BulletinJSON.render(plain).text.contains("\"office\":null"))
    }

    @Test func markdownHasTheSameContent() throws {
        var paths: [String] = []
        let md = BulletinMarkdown.render(try BulletinFixture.bulletin(.zh)) { chart in
            paths.append("b-\(chart.id).svg")
            return "b-\(chart.id).svg"
        }
        #expect(paths == ["b-ranked.svg", "b-trend.svg"])
        #expect(md.hasPrefix("# 县统计简报\n"))
        #expect(md.contains("| 1 | 乙镇 | 11 | +3 | 32.91 | +11.15 | 120.0 | −46.7 |"))
        #expect(md.contains("| 出生率 | 29.92‰ | +9.97 | 19.95‰ |"))
        #expect(md.contains("![图1 出生率：各单位排名](b-ranked.svg)"))
        #expect(md.contains("- 出生数30，比上年同期增加10，增长50.0%。"))
    }

    @Test func hostileNamesAreEscaped() throws {
        let tree = try OrgUnitTree([
            OrgUnit(code: "C", name: "<script>alert(1)</script>", parentCode: nil),
            OrgUnit(code: "A", name: "A & \"B\" | *x*", parentCode: "C"),
            OrgUnit(code: "a1", name: "一村", parentCode: "A"),
            OrgUnit(code: "a2", name: "二村", parentCode: "A"),
            OrgUnit(code: "B", name: "乙镇", parentCode: "C"),
            OrgUnit(code: "b1", name: "三村", parentCode: "B"),
        ])
        let b = try BulletinFixture.bulletin(.zh, tree: tree)
        let html = BulletinHTML.render(b)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("A &amp; &quot;B&quot; | *x*"))
        let md = BulletinMarkdown.render(b) { "\($0.id).svg" }
        #expect(md.contains("A \\& \"B\" \\| \\*x\\*"))
        #expect(!md.contains("<script>"))
    }

    @Test func everyLabelHasBothLanguages() {
        for label in Label.allCases {
            #expect(!label.pair.zh.isEmpty && !label.pair.en.isEmpty, "\(label)")
            // Placeholders match between the languages.
            let holders = { (s: String) in (0..<6).filter { s.contains("{\($0)}") } }
            #expect(holders(label.pair.zh) == holders(label.pair.en), "\(label)")
        }
        #expect(Label.defaultTitle.text(.zh, "云溪县") == "云溪县统计简报")
        #expect(Label.figure.text(.en, "3") == "Figure 3")
    }
}

/// A town of twenty villages: all reported October 2024, one has reported October 2025. The bulletin must not lead
/// with "births fell 95%" as if the month were complete.
@Suite struct PartialPeriodTests {
    static let yaml = """
        elements:
          births: {name: {en: Live births, zh: 出生数}}
        datasets:
          monthly: {name: Monthly, period: monthly, level: 3, due_days: 10, elements: [births]}
        report:
          figures: [births]
        """

    static func bulletin(
        _ language: Language, period: String, comparison: Comparison? = .lastYear
    ) throws -> Bulletin {
        let metadata = try MetadataParser().parse(yaml)
        let villages = (1...20).map { String(format: "v%02d", $0) }
        let tree = try OrgUnitTree(
            [OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "T", name: "镇", parentCode: "C")]
                + villages.map { OrgUnit(code: $0, name: "村\($0)", parentCode: "T") })
        var s = InMemoryValueSource()
        for v in villages { s.add("births", unit: tree.index[v]!, period: try Period("202410"), value: 1) }
        s.add("births", unit: tree.index["v01"]!, period: try Period("202510"), value: 1)
        for v in villages { s.add("births", unit: tree.index[v]!, period: try Period("202509"), value: 1) }
        let engine = QueryEngine(metadata: metadata, tree: tree, source: s)
        return try BulletinBuilder(engine: engine, metadata: metadata)
            .build(
                BulletinBuilder.Request(
                    orgUnit: tree.index["T"]!, period: try Period(period), language: language,
                    preparedOn: Day(year: 2025, month: 11, day: 2)!, audit: false, comparison: comparison))
    }

    @Test func aPartialMonthSaysSoBeforeItsFigures() throws {
        let zh = try Self.bulletin(.zh, period: "202510")
        #expect(
            zh.caveat
                == "注意：本期应报20份报表，已收到1份（5.0%），数据尚不完整，以下数字会随补报而变化。上年同期已收到100.0%的报表，两期不是同样的单位，同比变化不宜作结论。"
        )
        let en = try Self.bulletin(.en, period: "202510")
        #expect(en.caveat?.hasPrefix("Note: 1 of the 20 reports for this period have arrived (5.0%)") == true)
        let html = BulletinHTML.render(zh)
        let caveat = try #require(html.range(of: "<p class=\"caveat\" role=\"note\">注意：本期应报20份报表"))
        // Before the figures it qualifies.
        #expect(caveat.lowerBound < html.range(of: "<div class=\"cards\">")!.lowerBound)
        #expect(BulletinMarkdown.render(zh, chartPath: { $0.id }).contains("> 注意：本期应报20份报表"))
        #expect(BulletinJSON.render(zh).text.contains("注意：本期应报20份报表"))
    }

    /// Against the previous month (September, all twenty reported), the caveat names the previous period and 环比;
    /// without a comparison it says only how many have arrived.
    @Test func aPartialMonthAgainstThePreviousMonth() throws {
        let zh = try Self.bulletin(.zh, period: "202510", comparison: .previous)
        #expect(
            zh.caveat
                == "注意：本期应报20份报表，已收到1份（5.0%），数据尚不完整，以下数字会随补报而变化。上期已收到100.0%的报表，两期不是同样的单位，环比变化不宜作结论。"
        )
        #expect(zh.sentences == ["出生数1，比上期减少19，下降95.0%。"])
        let en = try Self.bulletin(.en, period: "202510", comparison: .previous)
        #expect(
            en.caveat?.hasSuffix(
                "In the previous period 100.0% of the reports had arrived, so the two periods do not cover the same units: do not read the change on the previous period as a trend."
            ) == true)
        let none = try Self.bulletin(.zh, period: "202510", comparison: nil)
        #expect(none.caveat == "注意：本期应报20份报表，已收到1份（5.0%），数据尚不完整，以下数字会随补报而变化。")
    }

    @Test func aCompleteMonthHasNoCaveat() throws {
        #expect(try Self.bulletin(.zh, period: "202509").caveat == nil)
    }
}

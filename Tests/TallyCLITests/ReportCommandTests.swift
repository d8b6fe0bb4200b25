import Foundation
import Tally
import TallyAudit
import TallyCLI
import TallyCore
import TallyEngine
import TallyRender
import TallyText
import Testing

/// `tally report` through the command line on the small county of ``Scratch``.
///
/// 202510 against 202410: births C 20 vs 14 (+6, +42.9%); A (a1 3+1, a2 2+4) 10 vs 4; B (b1 5+5) 10 vs 10.
@Suite(.serialized) struct ReportCommandTests {
    func prepared() throws -> Scratch {
        let s = try Scratch()
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        return s
    }

    @Test func writesHTMLAndMarkdownWithCharts() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let html = s.path("out/bulletin.html")
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--out", html]) == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<h1>云溪县统计简报</h1>"))
        #expect(page.contains("出生数20，比上年同期增加6，增长42.9%。"))
        #expect(page.contains("<table id=\"ranking-table\">"))
        let md = s.path("md/b.md")
        #expect(
            s.run(["report", "--db", s.db, "--period", "202510", "--lang", "en", "--format", "md", "--out", md]) == 0)
        let text = try String(contentsOfFile: md, encoding: .utf8)
        #expect(text.contains("- Live births rose by 6 (+42.9%) on the same period last year, to 20."))
        #expect(text.contains("![Figure 1 "))
        for chart in ["ranked", "trend"] {
            let svg = try String(contentsOfFile: s.path("md/b-\(chart).svg"), encoding: .utf8)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(text.contains("(b-\(chart).svg)"))
        }
    }

    /// The same bulletin as JSON for programs: formatted figures, sentences, tables and each chart's SVG.
    @Test func writesJSON() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let path = s.path("bulletin.json")
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--format", "json", "--out", path]) == 0)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let bulletin = try #require(object as? [String: Any])
        #expect(bulletin["title"] as? String == "云溪县统计简报")
        #expect(bulletin["language"] as? String == "zh")
        let figure = try #require((bulletin["key_figures"] as? [[String: Any]])?.first)
        #expect(figure["value"] as? String == "20" && figure["change"] as? String == "+6")
        #expect(figure["previous"] as? String == "14" && figure["direction"] as? Int == 1)
        #expect((bulletin["sentences"] as? [String])?.contains("出生数20，比上年同期增加6，增长42.9%。") == true)
        let rows = try #require((bulletin["ranking"] as? [String: Any])?["rows"] as? [[String]])
        #expect(rows.count == 3)
        let charts = try #require(bulletin["charts"] as? [[String: Any]])
        #expect(charts.map { $0["id"] as? String } == ["ranked", "trend", "quality"])
    }

    /// `--compare previous` (环比): 202510 against 202509, imported here — births C 20 vs 6 (+14, +233.3%); town A
    /// (青石镇) 10 vs 2 (+8), B (白沙乡) 10 vs 4 (+6). `--compare none`: the figures alone. The word `tally query
    /// --compare` takes, plus none.
    @Test func comparesWithThePeriodChosen() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write(
            "september.csv",
            """
            dataelement,period,orgunit,categoryoptioncombo,value
            births,202509,a1,male,1
            births,202509,a1,female,1
            births,202509,b1,male,2
            births,202509,b1,female,2

            """)
        #expect(s.run(["import", "--db", s.db, s.path("september.csv")]) == 0)
        let path = s.path("previous.json")
        #expect(
            s.run([
                "report", "--db", s.db, "--period", "202510", "--compare", "previous", "--format", "json", "--out",
                path,
            ]) == 0)
        let bulletin = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(bulletin["comparison"] as? String == "previous")
        #expect((bulletin["subtitle"] as? [String])?.contains("比较对象：上期（2025年9月）") == true)
        let figure = try #require((bulletin["key_figures"] as? [[String: Any]])?.first)
        #expect(figure["value"] as? String == "20" && figure["change"] as? String == "+14")
        #expect(figure["previous"] as? String == "6")
        #expect((bulletin["sentences"] as? [String])?.first == "出生数20，比上期增加14，增长233.3%。")
        let ranking = try #require(bulletin["ranking"] as? [String: Any])
        #expect((ranking["columns"] as? [String])?[3] == "环比增减")
        let rows = try #require(ranking["rows"] as? [[String]])
        #expect(Set(rows.dropFirst().map { [$0[1], $0[2], $0[3]] }) == [["青石镇", "10", "+8"], ["白沙乡", "10", "+6"]])

        let none = s.path("none.md")
        #expect(
            s.run(["report", "--db", s.db, "--period", "202510", "--compare", "none", "--format", "md", "--out", none])
                == 0)
        let text = try String(contentsOfFile: none, encoding: .utf8)
        #expect(text.contains("- 出生数20。") && !text.contains("增减") && !text.contains("比较对象"))
        // The default is the same period last year, as before.
        let html = s.path("default.html")
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--out", html]) == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("出生数20，比上年同期增加6，增长42.9%。"))
        // Refused: a word that is not a comparison, and --compare with --dqr.
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--compare", "yesterday"]) == 2)
        #expect(s.run(["report", "--db", s.db, "--dqr", "--period", "202510", "--compare", "previous"]) == 2)
    }

    @Test func refusesWhatItCannotDo() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--format", "md"]) == 2)
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--lang", "fr"]) == 2)
        #expect(s.run(["report", "--db", s.db, "--period", "2025-13"]) != 0)
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--as-of", "12/12/2025"]) == 2)
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--campaign", "nothing"]) != 0)
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--orgunit", "ZZ"]) != 0)
        let w = try Workspace.open(path: s.db)
        #expect {
            _ = try w.bulletin(
                orgUnit: 0, period: try Period("202510"), language: .en, preparedOn: Day(year: 2026, month: 1, day: 1)!,
                campaign: "nothing")
        } throws: { error in
            (error as? any TallyError)?.message == "'nothing' is not a campaign; the metadata defines none (campaigns:)"
        }
    }

    /// `--dqr`: the data quality review instead of the bulletin, in any format; its options are refused without it.
    @Test func writesTheDataQualityReview() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let path = s.path("dqr.json")
        #expect(
            s.run([
                "report", "--db", s.db, "--dqr", "--period", "202510", "--as-of", "2026-01-01", "--format", "json",
                "--out", path,
            ]) == 0)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let review = try #require(object as? [String: Any])
        #expect(review["title"] as? String == "云溪县数据质量年度评估")
        let domains = try #require(review["domains"] as? [[String: Any]])
        #expect(domains.map { $0["id"] as? String } == ["domain-1", "domain-2", "domain-3", "domain-4"])
        let html = s.path("dqr/review.html")
        #expect(s.run(["report", "--db", s.db, "--dqr", "--period", "202510", "--lang", "en", "--out", html]) == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<h1>云溪县 data quality review</h1>") && page.contains("summary-table"))
        let md = s.path("md/dqr.md")
        #expect(s.run(["report", "--db", s.db, "--dqr", "--period", "202510", "--format", "md", "--out", md]) == 0)
        #expect(try String(contentsOfFile: md, encoding: .utf8).hasPrefix("# 云溪县数据质量年度评估"))
    }

    @Test func refusesWhatTheReviewCannotDo() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        // Options that belong to the other page, or to none.
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--survey", s.path("s.csv")]) == 2)
        #expect(s.run(["report", "--db", s.db, "--period", "202510", "--level", "3"]) == 2)
        #expect(s.run(["report", "--db", s.db, "--dqr", "--period", "202510", "--campaign", "c"]) == 2)
        #expect(s.run(["report", "--db", s.db, "--dqr", "--period", "202510", "--level", "0"]) == 2)
        // A survey file that does not exist, or names a comparison the metadata does not declare.
        #expect(s.run(["report", "--db", s.db, "--dqr", "--period", "202510", "--survey", s.path("none.csv")]) == 1)
        let survey = s.path("s.csv")
        try "comparison,orgunit,value\nregistration,360121000000,95\n".write(
            toFile: survey, atomically: true, encoding: .utf8)
        #expect(s.run(["report", "--db", s.db, "--dqr", "--period", "202510", "--survey", survey]) == 1)
        let w = try Workspace.open(path: s.db)
        #expect {
            _ = try w.review(
                orgUnit: 0, period: try Period("202510"), asOf: nil, surveyFile: survey, language: .en,
                preparedOn: Day(year: 2026, month: 1, day: 1)!)
        } throws: { error in
            let message = (error as? any TallyError)?.message(.en) ?? ""
            let chinese = (error as? any TallyError)?.message(.zh) ?? ""
            return message.hasPrefix(
                "\(survey), line 2, column 'comparison': 'registration' is not a survey comparison")
                && chinese.contains("不是已声明的调查比较")
        }
    }

    /// `tally check --summary`: every unit's reporting rates, the same rows as the use case.
    @Test func checkPrintsTheReportingSummary() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let path = s.path("summary.json")
        #expect(
            s.run([
                "check", "--db", s.db, "--period", "202510", "--as-of", "2026-01-01", "--summary", "--level", "3",
                "--format", "json", "--out", path,
            ]) == 0)
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]])
        let w = try Workspace.open(path: s.db)
        let summary = try w.reportingSummary(
            orgUnit: 0, period: try Period("202510"), scope: .level(3), asOf: Day(year: 2026, month: 1, day: 1))
        #expect(!rows.isEmpty && rows.count == summary.rows.count)
        #expect(rows.map { $0["received"] as? Int } == summary.rows.map(\.received))
        #expect(rows.map { $0["expected"] as? Int } == summary.rows.map(\.expected))
        let xlsx = s.path("summary.xlsx")
        #expect(
            s.run(["check", "--db", s.db, "--period", "202510", "--summary", "--format", "xlsx", "--out", xlsx]) == 0)
        #expect(FileManager.default.fileExists(atPath: xlsx))
        #expect(s.run(["check", "--db", s.db, "--period", "202510", "--summary", "--fail-on", "extreme"]) == 2)
    }
}

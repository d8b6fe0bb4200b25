import Foundation
import Hummingbird
import HummingbirdTesting
import TallyIO
import TallyInterchange
import TallyServerTesting
import Testing

@testable import TallyServer

/// The analysis page (`/analysis`) and the downloads of its state from `GET /api/query`, on the small county:
/// January 2026 has births in 甲镇 (A1: 3 boys, 2 girls; A2: 1 boy) and 乙镇 (B1: 4 girls); December 2025 has none.
@Suite struct AnalysisPageTests {
    static let state =
        "element=births&indicator=srb&period=202601&period=202512&scope=children&rows=unit&columns=subject"

    @Test(arguments: TestBackend.available)
    func thePivotShowsTheFiguresAndMissingIsNotZero(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(
                uri: "/analysis?\(Self.state)", method: .get, headers: fixture.bearer("admin", language: "zh"))
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<html lang=\"zh-Hans\""))
            #expect(html.contains("<a href=\"/analysis\">分析</a>"))
            // Rows: unit × period; columns: births, then the sex ratio (males per 100 females).
            #expect(html.contains("<th>出生数</th>") || html.contains(">出生数</th>"))
            let rows = html.components(separatedBy: "<tr>").dropFirst(2).map { row in
                row.components(separatedBy: "<td").dropFirst().map { cell in
                    String(cell.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
                }
            }
            // 甲镇 202601: 6 births, 4 boys to 2 girls = 200.0; 202512: nothing stored, shown as missing.
            #expect(rows.count == 4)
            #expect(rows.first == ["6", "200.0"])
            #expect(rows.dropFirst().first == ["–", "–"])
            // 乙镇 202601: 4 births, all girls; no boy was entered, so the ratio's numerator, and the ratio, are missing.
            #expect(rows.dropFirst(2).first == ["4", "–"])
            #expect(html.contains("class=\"n missing-value\""))
            // The downloads keep the state; the chart is drawn (bars: no boundaries in this county).
            #expect(html.contains("id=\"download-xlsx\" href=\"/api/query?element=births&amp;indicator=srb&amp;"))
            #expect(html.contains("data-kind=\"bars\""))
        }
    }

    @Test(arguments: TestBackend.available)
    func theWorkbookAndTheCSVHoldTheJSONsFigures(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let json = try await client.execute(
                uri: "/api/query?\(Self.state)", method: .get, headers: fixture.bearer("admin"))
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]])
            let xlsx = try await client.execute(
                uri: "/api/query?\(Self.state)&format=xlsx", method: .get,
                headers: fixture.bearer("admin", language: "zh"))
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentDisposition] == "attachment; filename=\"query.xlsx\"")
            let workbook = try Workbook(bytes: Array(buffer: xlsx.body), file: "query.xlsx")
            let reader = try workbook.sheet()
            var rows: [WorksheetRow] = []
            while let row = try reader.next() { rows.append(row) }
            // Chinese headers; then, cell for cell, the JSON's figures as numbers at full precision.
            #expect(rows.first?.cells.map(\.text) == ["单位代码", "名称", "层级", "期间", "出生数", "出生性别比"])
            #expect(rows.count == objects.count + 1)
            for (row, object) in zip(rows.dropFirst(), objects) {
                let values = try #require(object["values"] as? [String: Any])
                #expect(row.cell(0)?.text == object["orgunit"] as? String)
                #expect(row.cell(3)?.text == object["period"] as? String)
                for (column, key) in [(4, "births"), (5, "srb")] {
                    let expected = (values[key] as? NSNumber)?.doubleValue
                    let cell = row.cell(column)
                    #expect(cell.map { $0.kind == .number && Double($0.text) == expected } ?? (expected == nil))
                }
            }
            // The second sheet: every column of the long table.
            let long = try workbook.textRows(sheet: "明细").map(\.fields)
            #expect(long.first?.prefix(3) == ["项目代码", "项目", "单位代码"])

            let csv = try await client.execute(
                uri: "/api/query?\(Self.state)&format=csv", method: .get, headers: fixture.bearer("admin"))
            let bytes = Array(buffer: csv.body)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(text.hasPrefix("orgunit,name,level,period,births,srb\nTA,甲镇,2,202601,6,200\nTA,甲镇,2,202512,,\n"))
            let gbk = try await client.execute(
                uri: "/api/query?\(Self.state)&format=csv&encoding=gbk", method: .get, headers: fixture.bearer("admin"))
            #expect(gbk.headers[.contentType] == "text/csv; charset=GBK")
            #expect(TextEncoding.gbk.decode(Array(buffer: gbk.body)) == text)
            let svg = try await client.execute(
                uri: "/api/query?\(Self.state)&format=svg&chart=bars", method: .get, headers: fixture.bearer("admin"))
            #expect(svg.headers[.contentType] == "image/svg+xml; charset=utf-8")
            #expect(svg.text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.text.contains("甲镇") && svg.text.contains("乙镇"))
            // No boundaries here: a map is refused with the reason.
            let map = try await client.execute(
                uri: "/api/query?indicator=srb&period=202601&scope=children&format=svg&chart=map", method: .get,
                headers: fixture.bearer("admin", language: "en"))
            #expect(map.status == .unprocessableContent)
            #expect(map.errorCode == "query.noChart")
            let wrong = try await client.execute(
                uri: "/api/query?\(Self.state)&format=xlsx&encoding=gbk", method: .get, headers: fixture.bearer("admin")
            )
            #expect(wrong.status == .badRequest)
        }
    }

    @Test(arguments: TestBackend.available)
    func unitsListsAndReportingYearsAreReadOnceAndChecked(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // A clerk has no analysis page.
            let clerk = try await client.execute(
                uri: "/analysis", method: .get, headers: fixture.bearer("clerk"))
            #expect(clerk.status == .forbidden)
            // The analyst of 甲镇 sees the form with the hint, then a chosen list of its villages.
            let empty = try await client.execute(
                uri: "/analysis?lang=en", method: .get, headers: fixture.bearer("analyst", language: "en"))
            #expect(empty.text.contains("id=\"hint\""))
            let list = try await client.execute(
                uri: "/api/query?element=births&period=202601&scope=list&units=A2,A1", method: .get,
                headers: fixture.bearer("analyst"))
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [[String: Any]])
            #expect(rows.map { $0["orgunit"] as? String } == ["A2", "A1"])
            #expect(rows.map { $0["value"] as? Int } == [1, 5])
            // A unit outside the subtree is refused, on the page in place of the table.
            let outside = try await client.execute(
                uri: "/analysis?element=births&period=202601&scope=list&units=A1,B1", method: .get,
                headers: fixture.bearer("analyst", language: "en"))
            #expect(outside.text.contains("id=\"refusal\">analyst may not see B1"))
            #expect(!outside.text.contains("id=\"pivot\""))
            // The first four months of the reporting year 2025Oct: 202510..202601.
            let months = try await client.execute(
                uri: "/api/query?element=births&year=2025Oct&months=4&orgunit=TA", method: .get,
                headers: fixture.bearer("analyst"))
            let range = try #require(try JSONSerialization.jsonObject(with: Data(months.text.utf8)) as? [[String: Any]])
            #expect(range.first?["period"] as? String == "202510..202601")
            #expect(range.first?["value"] as? Int == 6)
            let tooMany = try await client.execute(
                uri: "/api/query?element=births&year=2025Oct&months=13", method: .get,
                headers: fixture.bearer("analyst"))
            #expect(tooMany.status == .badRequest)
        }
    }

    /// A data set's attribute categories (partners) are options like any other: the page offers `births.pa`, and
    /// `GET /api/query` gives a partner's figures and the total over every partner.
    @Test(arguments: TestBackend.available)
    func attributeOptionsAreSubjects(_ backend: TestBackend) async throws {
        let metadata = FixtureCounty.metadata
            .replacingOccurrences(
                of: "elements:\n",
                with: "  partner:\n    name: {en: Partner, zh: 合作伙伴}\n    options:\n"
                    + "      pa: {en: Partner A, zh: 甲伙伴}\n      pb: {en: Partner B, zh: 乙伙伴}\nelements:\n"
            )
            .replacingOccurrences(
                of: "    elements: [births, visits]\n",
                with: "    elements: [births, visits]\n    attributes: [partner]\n")
        let data = """
            dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value
            births,202601,A1,male,pa,3
            births,202601,A1,female,pb,2
            births,202601,B1,female_pb,,4

            """
        let fixture = try Fixture.make(backend, metadata: metadata, data: data)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(uri: "/analysis", method: .get, headers: fixture.bearer("admin"))
            #expect(page.text.contains("value=\"births.pa\"") && page.text.contains("出生数 (甲伙伴)"))
            let json = try await client.execute(
                uri: "/api/query?element=births&element=births.pa&element=births.pb&period=202601&scope=children",
                method: .get, headers: fixture.bearer("admin"))
            #expect(json.status == .ok)
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]])
            // A long table: one object per subject and unit; a missing figure is null, not zero.
            var figures: [String: [String: Double]] = [:]
            for object in objects {
                guard let value = (object["value"] as? NSNumber)?.doubleValue else { continue }
                figures[object["orgunit"] as? String ?? "", default: [:]][object["subject"] as? String ?? ""] = value
            }
            #expect(figures["TA"] == ["births": 5, "births.pa": 3, "births.pb": 2])
            #expect(figures["TB"] == ["births": 4, "births.pb": 4])
        }
    }
}

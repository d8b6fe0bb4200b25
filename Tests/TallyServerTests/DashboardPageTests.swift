import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

/// The dashboard page and the bulletin show the same figures for the same unit, period and comparison (同比 by
/// default, 环比 with `compare=previous`) — key figures and their change, the sentences, the ranking, the trend's
/// months and values — because both come from one computation in Tally.
@Suite struct DashboardPageTests {
    static let villages = ["A1", "A2", "B1", "B2"]

    /// Births of every village for the 24 months up to January 2026.
    static var births: String {
        var rows: [String] = []
        for back in 0..<24 {
            let index = 2026 * 12 - back
            let month = String(format: "%04d%02d", index / 12, index % 12 + 1)
            for (v, code) in villages.enumerated() {
                for (combo, value) in [("male", 3 + (v + back) % 4), ("female", 2 + (2 * v + back) % 4)] {
                    rows.append(
                        #"{"element": "births", "combo": "\#(combo)", "orgunit": "\#(code)", "period": "\#(month)", "value": \#(value)}"#
                    )
                }
            }
        }
        return #"{"values": [\#(rows.joined(separator: ","))]}"#
    }

    /// The groups of each match of `pattern` in `text`.
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! Regex(pattern)
        return text.matches(of: regex).map { match in
            (1..<match.output.count).map { String(match.output[$0].substring ?? "") }
        }
    }

    /// The part of `text` from `start` to the next `end`.
    static func section(_ text: String, from start: String, to end: String) -> String {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex)
        else { return "" }
        return String(text[from.lowerBound..<to.upperBound])
    }

    /// A trend chart's (month, value) pairs, from its description.
    static func trend(_ svg: String) -> [[String]] {
        matches(#"(\d{1,2}月) (–|[0-9][0-9,]*(?:\.[0-9]+)?)"#, in: section(svg, from: "<desc", to: "</desc>"))
    }

    @Test(arguments: TestBackend.available)
    func theDashboardShowsTheBulletinsFigures(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let seeded = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("admin"), body: body(Self.births))
            #expect(seeded.status == .ok)
            let cases = [
                ("C", "202601", ""), ("TA", "202511..202601", ""), ("C", "202601", "&compare=previous"),
                ("TA", "202511..202601", "&compare=previous"),
            ]
            for (unit, period, compare) in cases {
                let page = try await client.execute(
                    uri: "/dashboard?orgunit=\(unit)&period=\(period)&lang=zh\(compare)", method: .get,
                    headers: fixture.bearer("admin"))
                #expect(page.status == .ok)
                let api = try await client.execute(
                    uri: "/api/bulletin?orgunit=\(unit)&period=\(period)&lang=zh\(compare)", method: .get,
                    headers: fixture.bearer("admin"))
                let bulletin = try #require(
                    try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? [String: Any])

                // Key figures: the same names and values, with the unit (‰).
                let shown = Self.matches(
                    #"<tr data-figure="[^"]*"><td>([^<]*)</td><td class="n value">([^<]*)</td>"#,
                    in: Self.section(page.text, from: "id=\"key-figures\"", to: "</table>"))
                let figures = try #require(bulletin["key_figures"] as? [[String: Any]])
                #expect(shown.map { $0[0] } == figures.compactMap { $0["name"] as? String }, "\(unit) \(period)")
                #expect(shown.map { $0[0] } == ["出生数", "出生率", "出生性别比"])
                for (row, figure) in zip(shown, figures) {
                    let value = figure["value"] as? String
                    #expect(value == row[1], "\(unit) \(period) \(row)")
                }
                // The change on the period compared with, and the same sentences.
                let changes = Self.matches(
                    #"<td class="n change">([^<]*)</td>"#,
                    in: Self.section(page.text, from: "id=\"key-figures\"", to: "</table>"))
                #expect(
                    changes.map { $0[0] } == figures.map { $0["change"] as? String ?? "–" }, "\(unit) \(period)")
                let sentences = Self.matches(
                    #"<li>([^<]*)</li>"#, in: Self.section(page.text, from: "id=\"key-sentences\"", to: "</ul>"))
                #expect(sentences.map { $0[0] } == bulletin["sentences"] as? [String], "\(unit) \(period)")
                #expect(bulletin["comparison"] as? String == (compare.isEmpty ? "last-year" : "previous"))
                let compared = compare.isEmpty ? "比上年同期" : "比上期"
                #expect(sentences.contains { $0[0].contains(compared) }, "\(unit) \(period) \(sentences)")

                // The ranking by the birth rate, the bulletin's fourth column (rank, unit, births and change, rate).
                let ranked = Self.matches(
                    #"<tr><td class="n">([^<]*)</td><td><a [^>]*>([^<]*)</a></td><td class="n">([^<]*)</td></tr>"#,
                    in: Self.section(page.text, from: "id=\"units-ranked\"", to: "</table>"))
                let table = try #require((bulletin["ranking"] as? [String: Any])?["rows"] as? [[String]])
                #expect(!ranked.isEmpty)
                // A unit without a figure has no rank: the page leaves the cell empty, the bulletin writes "–".
                #expect(
                    ranked.map { [$0[0].isEmpty ? "–" : $0[0], $0[1], $0[2]] }
                        == table.dropFirst().map { [$0[0], $0[1], $0[4]] }, "\(unit) \(period)")

                // The trend: the same twelve months and values this year and last.
                let charts = try #require(bulletin["charts"] as? [[String: Any]])
                let bulletinTrend = try #require(charts.first { $0["id"] as? String == "trend" }?["svg"] as? String)
                let pageTrend = Self.section(page.text, from: "<svg", to: "</svg>")
                // 同比: this year's twelve months and last year's; 环比: the twelve months alone.
                #expect(Self.trend(bulletinTrend).count == (compare.isEmpty ? 24 : 12))
                #expect(Self.trend(pageTrend) == Self.trend(bulletinTrend), "\(unit) \(period)")
            }
        }
    }
}

/// The dashboard draws the bulletin's map when the children have boundaries, and none without.
@Suite struct DashboardMapTests {
    /// 甲镇 and 乙镇 as two squares sharing an edge.
    static let boundaries = """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"code": "TA"}, "geometry": {"type": "Polygon",
            "coordinates": [[[115.90, 28.50], [115.92, 28.50], [115.92, 28.52], [115.90, 28.52], [115.90, 28.50]]]}},
          {"type": "Feature", "properties": {"code": "TB"}, "geometry": {"type": "Polygon",
            "coordinates": [[[115.92, 28.50], [115.94, 28.50], [115.94, 28.52], [115.92, 28.52], [115.92, 28.50]]]}}
        ]}
        """

    /// The `<svg …>…</svg>` of the map (the chart whose id is `map`), or nil.
    static func map(_ html: String) -> String? {
        guard let label = html.range(of: #"aria-labelledby="map-title""#),
            let start = html.range(of: "<svg", options: .backwards, range: html.startIndex..<label.lowerBound),
            let end = html.range(of: "</svg>", range: label.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test(arguments: TestBackend.available)
    func theDashboardShowsTheBulletinsMap(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let rows = [("A1", 1200, 3), ("A2", 800, 2), ("B1", 1000, 4), ("B2", 1000, 1)].flatMap {
                code, people, born in
                [
                    #"{"element": "population", "orgunit": "\#(code)", "period": "2025", "value": \#(people)}"#,
                    #"{"element": "births", "combo": "male", "orgunit": "\#(code)", "period": "202510", "value": \#(born)}"#,
                ]
            }
            let seeded = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"values": [\#(rows.joined(separator: ","))]}"#))
            #expect(seeded.status == .ok)
            let dashboard = "/dashboard?orgunit=C&period=202510&lang=zh"
            let before = try await client.execute(uri: dashboard, method: .get, headers: fixture.bearer("admin"))
            #expect(before.status == .ok)
            #expect(!before.text.contains("data-unit="))

            let file = fixture.directory.appendingPathComponent("towns.geojson").path
            try Self.boundaries.write(toFile: file, atomically: true, encoding: .utf8)
            _ = try Workspace.open(path: fixture.location).importBoundaries(file: file)

            let page = try await client.execute(uri: dashboard, method: .get, headers: fixture.bearer("admin"))
            #expect(page.status == .ok)
            let map = try #require(Self.map(page.text))
            #expect(map.components(separatedBy: "data-unit=").count - 1 == 2)
            // 甲镇: 5 births in 2,000 people in October, a year's rate (× 365/31) per thousand.
            let ta = 5.0 / 2000 * 1000 * 365 / 31
            #expect(map.contains("<title>甲镇: \(String(format: "%.2f", ta))‰</title>"))
            #expect(map.contains("出生率 (‰)"))
            // The same map as the bulletin's page for the same unit and period.
            let bulletin = try await client.execute(
                uri: "/bulletin?orgunit=C&period=202510&lang=zh", method: .get, headers: fixture.bearer("admin"))
            #expect(Self.map(bulletin.text) == map)

            // A damaged stored boundary is the server's problem (500), named with what to do.
            try Workspace.open(path: fixture.location).store.saveBoundaries(["TB": "g1:!"])
            let damaged = try await client.execute(uri: dashboard, method: .get, headers: fixture.bearer("admin"))
            #expect(damaged.status == .internalServerError)
            #expect(damaged.text.contains("请重新导入边界"))
        }
    }
}

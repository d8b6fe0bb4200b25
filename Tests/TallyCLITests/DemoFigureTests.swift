import Foundation
import Tally
import TallyBulletin
import TallyCLI
import TallyCore
import TallyDemo
import TallyEngine
import TallyRender
import TallyStore
import TallyText
import Testing

/// The demo's summary figures against a separate computation from the generator's raw rows.
@Suite(.serialized) struct DemoFigureTests {
    struct Independent {
        var births: [String: Double] = [:]  // by town code, and "" for the county
        var male = 0.0
        var female = 0.0
        var order3 = 0.0
        var population = 0.0  // day-weighted mean, summed over villages
    }

    /// Plain loops over the generated rows: no Tally code involved.
    static func independent(
        _ demo: DemoCounty, months: Set<String>, firstYear: String, secondYear: String, daysInFirst: Double,
        days: Double
    ) -> Independent {
        let town = Dictionary(uniqueKeysWithValues: demo.orgUnits.map { ($0.code, $0.parentCode ?? "") })
        var result = Independent()
        var population: [String: [String: Double]] = [:]
        demo.forEachDataRow { row in
            let v = Double(row.value)
            if row.element.code == "population" {
                population[row.orgUnit, default: [:]][row.period] = v
                return
            }
            guard months.contains(row.period) else { return }
            switch row.element.code {
            case "births":
                result.births["", default: 0] += v
                result.births[town[row.orgUnit]!, default: 0] += v
                if row.categoryOptionCombo == "male" { result.male += v } else { result.female += v }
            case "births_order3":
                result.order3 += v
            default:
                break
            }
        }
        for (_, years) in population {
            guard let a = years[firstYear], let b = years[secondYear] else { continue }
            result.population += (a * daysInFirst + b * (days - daysInFirst)) / days
        }
        return result
    }

    @Test func summaryFiguresMatchAnIndependentComputation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(TallyCommand.runMain(["demo", "--dir", dir.path]) == 0)
        let w = try Workspace.open(path: dir.appendingPathComponent("tally.sqlite").path)
        let demo = DemoCounty()
        // The demo's boundaries are written and imported: every unit has one, and the bulletin maps the towns.
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("boundaries.geojson").path))
        #expect(try w.store.boundaryCount() == w.tree.count)
        let page = try String(contentsOf: dir.appendingPathComponent("bulletin.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "data-unit=").count - 1 == w.tree.children(try w.unit(nil)).count)
        let now = Self.independent(
            demo, months: ["202510", "202511", "202512", "202601"], firstYear: "2025", secondYear: "2026",
            daysInFirst: 92, days: 123)
        let then = Self.independent(
            demo, months: ["202410", "202411", "202412", "202501"], firstYear: "2024", secondYear: "2025",
            daysInFirst: 92, days: 123)
        let period = try Period("202510..202601")
        let root = try w.unit(nil)
        func figure(_ subject: Subject) throws -> QueryRow {
            try w.engine.run(Query(subject: subject, period: period, orgUnit: root, comparison: .lastYear))[0]
        }
        let births = try figure(.element(ElementReference(element: "births")))
        #expect(births.figure.value == now.births[""])
        #expect(births.comparison?.figure.value == then.births[""])
        let cbr = try figure(.indicator("cbr"))
        let expected = now.births[""]! / now.population * 1000 * 365 / 123
        let expectedLast = then.births[""]! / then.population * 1000 * 365 / 123
        #expect(abs(cbr.figure.value! - expected) < 1e-9)
        #expect(abs(cbr.comparison!.change! - (expected - expectedLast)) < 1e-9)
        #expect(abs(try figure(.indicator("srb")).figure.value! - now.male / now.female * 100) < 1e-9)
        #expect(abs(try figure(.indicator("order3_share")).figure.value! - now.order3 / now.births[""]! * 100) < 1e-9)
        // Each town's births.
        let towns = try w.engine.run(
            Query(
                subject: .element(ElementReference(element: "births")), period: period, orgUnit: root, scope: .children)
        )
        for row in towns {
            #expect(row.figure.value == now.births[w.tree.units[row.unit].code])
        }
        // The sentence uses the same figures.
        let text = try SituationReportText.render(w, period: period)
        let change = Int(now.births[""]! - then.births[""]!)
        #expect(text.contains("Births \(change < 0 ? "fell" : "rose") by \(abs(change))"))
        // The bulletin shows the same figures, rounded only for display.
        for language in [Language.zh, .en] {
            let bulletin = try w.bulletin(
                orgUnit: root, period: period, language: language, preparedOn: Day(year: 2026, month: 11, day: 29)!)
            let values = bulletin.keyFigures.map(\.value)
            #expect(values[0] == NumberFormat.fixed(now.births[""]!, decimals: 0))
            #expect(values[1] == NumberFormat.fixed(expected, decimals: 2) + "‰")
            #expect(values[2] == NumberFormat.fixed(now.male / now.female * 100, decimals: 1))
            #expect(values[3] == NumberFormat.fixed(now.order3 / now.births[""]! * 100, decimals: 2) + "%")
            #expect(bulletin.keyFigures[0].change == NumberFormat.signed(Double(change), decimals: 0))
            #expect(bulletin.keyFigures[1].change == NumberFormat.signed(expected - expectedLast, decimals: 2))
            let table = try #require(bulletin.ranking)
            #expect(table.rows.count == 13)
            for row in table.rows.dropFirst() {
                let code = w.tree.units.first { $0.name(language) == row[1] }!.code
                #expect(row[2] == NumberFormat.fixed(now.births[code]!, decimals: 0), "\(row[1])")
            }
        }
        // The demo wrote the Chinese bulletin as HTML and as Markdown with its four charts.
        let html = try String(contentsOf: dir.appendingPathComponent("bulletin.html"), encoding: .utf8)
        #expect(html.contains("<h1>云溪县出生与妇幼服务统计简报</h1>"))
        #expect(html.contains("出生数\(NumberFormat.fixed(now.births[""]!, decimals: 0))，比上年同期"))
        for chart in ["ranked", "trend", "quality", "campaign"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bulletin-\(chart).svg").path))
        }
    }
}

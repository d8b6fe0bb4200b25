import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyDemo
import TallyEngine
import TallyStore
import TallyTargets
import Testing

@Suite(.serialized) struct TargetsCommandTests {
    @Test func demoCampaignHasASensibleTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-campaign-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(TallyCommand.runMain(["demo", "--dir", dir.path]) == 0)
        let db = dir.appendingPathComponent("tally.sqlite").path
        #expect(
            TallyCommand.runMain(["targets", "--db", db, "service_month", "--as-of", "2025-12-12", "--format", "json"])
                == 0)
        let w = try Workspace.open(path: db)
        let campaign = try #require(w.metadata.campaign("service_month"))
        var explicit: [Int: Int] = [:]
        for (code, target) in try w.store.targets(campaign: "service_month") { explicit[w.tree.index[code]!] = target }
        let analysis = CampaignAnalysis(aggregator: w.engine.evaluator.aggregator)
        let result = try analysis.run(
            campaign, explicit: explicit, asOf: Day(year: 2025, month: 12, day: 12)!, orgUnit: try w.unit(nil))
        let towns = result.rows.dropFirst()
        #expect(towns.count == 12)
        // Targets add up exactly to the county's, and the county seat keeps its own.
        #expect(towns.compactMap(\.target).reduce(0, +) == DemoCounty.campaignTarget)
        #expect(result.rows.first { w.tree.units[$0.unit].code == "360121100000" }?.target == DemoCounty.seatTownTarget)
        // Some ahead, some on track, some behind; the stalled town is at risk and on the warning list.
        let statuses = Set(towns.compactMap { $0.progress?.status })
        #expect(statuses == [.ahead, .onTrack, .behind])
        let stalled = try w.unit("360121106000")
        #expect(towns.first { $0.unit == stalled }?.progress?.atRisk == true)
        #expect(result.warning.first?.units.count == 3 && result.warning.first?.units.contains(stalled) == true)
        #expect(result.praise.first?.units.count == 3)
        // The county's achieved count is the sum of the daily reports from 21 November to 12 December.
        var expected = 0.0
        for line in try String(contentsOfFile: dir.appendingPathComponent("campaign.csv").path, encoding: .utf8).split(
            separator: "\n"
        ).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields[1] <= "20251212" { expected += Double(fields[4])! }
        }
        #expect(result.rows[0].achieved == expected)
    }

    @Test func importRefusesContradictionsAndKeepsTheOldTargets() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write(
            "tally.yaml",
            """
            elements:
              visits: {name: Visits}
              population: {name: Population, aggregation: average_sum_org_unit}
            datasets:
              daily: {name: Daily, period: daily, level: 3, due_days: 1, elements: [visits]}
            campaigns:
              month: {element: visits, start: 2025-12-01, end: 2025-12-20, level: 3, milestones: {2025-12-10: 50%, 2025-12-20: 100%}}
            """)
        #expect(s.initialize() == 0)
        try s.write("good.csv", "orgunit,target\nC,100\n")
        try s.write("bad.csv", "orgunit,target\nA,10\na1,8\na2,5\n")
        #expect(s.run(["targets", "--db", s.db, "month", "--import", s.path("good.csv")]) == 0)
        #expect(s.run(["targets", "--db", s.db, "month", "--import", s.path("bad.csv")]) == 1)
        #expect(try Workspace.open(path: s.db).store.targets(campaign: "month") == ["C": 100])
        // Usage errors: no action, unknown campaign. Data errors: as-of before the start, a bad date.
        #expect(s.run(["targets", "--db", s.db, "month"]) == 2)
        #expect(s.run(["targets", "--db", s.db, "nothing", "--as-of", "2025-12-05"]) == 2)
        #expect(s.run(["targets", "--db", s.db, "month", "--as-of", "2025-11-30"]) == 1)
        #expect(s.run(["targets", "--db", s.db, "month", "--as-of", "2025-12-32"]) == 2)
        #expect(s.run(["targets", "--db", s.db, "month", "--as-of", "2025-12-05"]) == 0)
    }

    @Test func dailyAndWeeklyDataEndToEnd() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write(
            "tally.yaml",
            """
            elements:
              visits: {name: Visits}
              checks: {name: Checks}
            datasets:
              daily: {name: Daily, period: daily, level: 3, due_days: 1, elements: [visits]}
              weekly: {name: Weekly, period: weekly, level: 3, due_days: 3, elements: [checks]}
            """)
        #expect(s.initialize() == 0)
        try s.write(
            "days.csv",
            """
            dataelement,period,orgunit,value
            visits,20251130,a1,4
            visits,20251201,a1,1
            visits,20251231,a1,2
            visits,20260101,b1,8
            checks,2025W49,a1,10
            checks,2025W01,a2,3
            checks,2026W01,a2,5

            """)
        #expect(s.run(["import", "--db", s.db, s.path("days.csv")]) == 0)
        let w = try Workspace.open(path: s.db)
        func total(_ element: String, _ unit: String, _ period: String) throws -> Double? {
            try w.engine.run(
                Query(
                    subject: .element(ElementReference(element: element)), period: try Period(period),
                    orgUnit: try w.unit(unit)))[0].figure.value
        }
        #expect(try total("visits", "C", "202512") == 3)
        #expect(try total("visits", "C", "2025Q4") == 7)
        #expect(try total("visits", "C", "20251201..20260101") == 11)
        // 2025W49 starts on 1 December; 2026W01 starts on 29 December 2025 and so counts in December.
        #expect(try total("checks", "C", "202512") == 15)
        // 2025W01 starts on 30 December 2024, so it counts in 2024, not in 2025.
        #expect(try total("checks", "A", "2025") == 15)
        #expect(try total("checks", "A", "2024") == 3)
        #expect(try total("checks", "C", "2025W01") == 3)
        // A weekly period for a daily element is refused.
        try s.write("wrong.csv", "dataelement,period,orgunit,value\nvisits,2025W49,a1,1\n")
        #expect(s.run(["import", "--db", s.db, s.path("wrong.csv")]) == 1)
    }
}

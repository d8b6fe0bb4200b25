import Foundation
import Tally
import TallyCore
import TallyEngine
import TallyIO
import TallyServerTesting
import TallyStore
import TallyTargets
import TallyText
import Testing

/// `campaignStanding` and `importTargets`: the one computation of a campaign's standing and the one loading of its
/// targets, with one error type, on SQLite and PostgreSQL.
@Suite struct CampaignUseCaseTests {
    /// Daily home visits in the small county's villages, and a campaign over the first 20 days of December 2025.
    static let metadata = """
        elements:
          visits: {name: {en: Home visits, zh: 访视人数}}
        datasets:
          daily: {name: {en: Daily report, zh: 日报}, period: daily, level: 3, due_days: 1, elements: [visits]}
        campaigns:
          month: {element: visits, start: 2025-12-01, end: 2025-12-20, level: 3, milestones: {2025-12-10: 50%, 2025-12-20: 100%}}

        """

    /// Up to 5 December: A1 10 + 5, A2 20 (甲镇 35), B1 8 (乙镇 8); B2's 30 on 15 December comes later.
    static let data = """
        dataelement,period,orgunit,value
        visits,20251201,A1,10
        visits,20251205,A1,5
        visits,20251203,A2,20
        visits,20251204,B1,8
        visits,20251215,B2,30

        """

    @Test(arguments: TestBackend.available)
    func targetsSplitDownTheTreeAndTheStandingCountsTheDays(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        // Without targets a count campaign has no standing.
        let none = thrown(CampaignError.self) {
            try w.campaignStanding("month", asOf: Day(year: 2025, month: 12, day: 5)!, orgUnit: try w.unit(nil))
        }
        #expect(none?.code == .noTargets)
        #expect(none?.errorCode == "campaign.noTargets")

        // 100 for the county: 50 for each town, 25 for each village (equal shares, no weight).
        let loaded = try w.importTargets(
            campaign: "month", file: try county.file("targets.csv", "orgunit,target\nC,100\n"))
        #expect(loaded.entries.map(\.orgUnit) == ["C"])
        #expect(loaded.topUnit == w.tree.index["C"] && loaded.topTarget == 100)
        #expect(try w.store.targets(campaign: "month") == ["C": 100])

        let standing = try w.campaignStanding(
            "month", asOf: Day(year: 2025, month: 12, day: 5)!, orgUnit: try w.unit(nil))
        #expect(standing.rows.map { w.tree.units[$0.unit].code } == ["C", "TA", "TB"])
        #expect(standing.rows.map(\.target) == [100, 50, 50])
        #expect(standing.rows.map(\.achieved) == [43, 35, 8])
        #expect(standing.rows.map(\.rank) == [nil, 1, 2])
        // Every village, as of the 20th: B2's 30 now counts.
        let villages = try w.campaignStanding(
            "month", asOf: Day(year: 2025, month: 12, day: 20)!, orgUnit: try w.unit(nil), scope: .level(3))
        let achieved = Dictionary(uniqueKeysWithValues: villages.rows.map { (w.tree.units[$0.unit].code, $0.achieved) })
        #expect(achieved == ["C": 73, "A1": 15, "A2": 20, "B1": 8, "B2": 30])
        #expect(villages.rows.dropFirst().allSatisfy { $0.target == 25 })
    }

    @Test(arguments: TestBackend.available)
    func everyRefusalIsACampaignError(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let day = Day(year: 2025, month: 12, day: 5)!
        let unknown = thrown(CampaignError.self) { try w.campaignStanding("nothing", asOf: day, orgUnit: 0) }
        #expect(unknown?.code == .unknownCampaign)
        #expect(unknown?.errorCode == "campaign.unknown")
        #expect(unknown?.message == "'nothing' is not a campaign; expected one of: month")
        #expect(
            thrown(CampaignError.self) {
                try w.importTargets(campaign: "nothing", file: try county.file("t.csv", "orgunit,target\nC,1\n"))
            }?.code == .unknownCampaign)
        #expect(
            thrown(CampaignError.self) {
                try w.bulletin(
                    orgUnit: 0, period: try Period("202512"), language: .en, preparedOn: day, campaign: "nothing")
            }?.code == .unknownCampaign)

        _ = try w.importTargets(campaign: "month", file: try county.file("good.csv", "orgunit,target\nC,100\n"))
        // Children that add up to more than their town: refused, and the stored targets stay.
        let contradiction = thrown(CampaignError.self) {
            try w.importTargets(
                campaign: "month", file: try county.file("bad.csv", "orgunit,target\nTA,10\nA1,8\nA2,5\n"))
        }
        #expect(contradiction?.code == .targets(.contradiction))
        #expect(contradiction?.errorCode == "targets.contradiction")
        #expect(contradiction?.message.contains("甲镇") == true)
        #expect(try w.store.targets(campaign: "month") == ["C": 100])
        // A day before the campaign starts.
        let early = thrown(CampaignError.self) {
            try w.campaignStanding("month", asOf: Day(year: 2025, month: 11, day: 30)!, orgUnit: 0)
        }
        #expect(early?.code == .targets(.asOfBeforeStart))
        #expect(
            early?.message
                == "the as-of date 2025-11-30 is before the campaign 'month' starts (2025-12-01); choose a date from 2025-12-01 on"
        )
        // A bad line of the file is the file's error, naming the line.
        #expect(
            thrown(TargetFileError.self) {
                try w.importTargets(campaign: "month", file: try county.file("x.csv", "orgunit,target\nZZ,1\n"))
            }?.message.hasSuffix("line 2, column 'orgunit': 'ZZ' is not an org unit code") == true)
    }
}

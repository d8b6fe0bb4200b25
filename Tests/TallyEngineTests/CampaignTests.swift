import TallyCore
import TallyEngine
import TallyTargets
import Testing

/// A campaign over the fixture's tree (C > A(a1, a2), B(b1)), worked by hand.
///
/// Window 2025-12-01 … 2025-12-20 (20 days); milestones 25% by 12-05, 50% by 12-10, 100% by 12-20.
/// County target 100, split by 2025 population (a1 1000, a2 3000, b1 2000): A 4000/6000 → 66.67, B 33.33
/// → largest remainders: A 67, B 33. A's 67 by 1000:3000 → 16.75 and 50.25 → a1 17, a2 50; b1 33.
/// Visits: a1 1 a day from 12-01; a2 5 a day 12-01 … 12-04, then nothing; b1 weekly: 2025W49 (12-01 … 12-07)
/// 14 and 2025W50 (12-08 … 12-14) 7 — a weekly value counts from the first day of its week.
@Suite struct CampaignTests {
    static let metadata: Metadata = {
        let visits = DataElement(code: "visits", name: "Visits")
        let population = DataElement(code: "population", name: "Population", aggregation: .averageSumOrgUnit)
        let rate = Indicator(
            code: "rate", name: "Visits per 1,000", numerator: try! Expression(parsing: "#{visits}"),
            denominator: try! Expression(parsing: "#{population}"), factor: 1000)
        return Metadata(categories: [], elements: [visits, population], indicators: [rate], datasets: [])
    }()

    static let campaign = CampaignDefinition(
        code: "month", name: "Month", measure: .count(ElementReference(element: "visits")),
        start: Day(year: 2025, month: 12, day: 1)!, end: Day(year: 2025, month: 12, day: 20)!, level: 3,
        weight: .element(ElementReference(element: "population"), try! Period("2025")),
        milestones: [
            .init(date: Day(year: 2025, month: 12, day: 5)!, share: 0.25),
            .init(date: Day(year: 2025, month: 12, day: 10)!, share: 0.5),
            .init(date: Day(year: 2025, month: 12, day: 20)!, share: 1),
        ], praise: 1, warning: 1)

    static var analysis: CampaignAnalysis {
        var s = InMemoryValueSource()
        let u = Fixture.u
        for (unit, pop) in [("a1", 1000.0), ("a2", 3000), ("b1", 2000)] {
            s.add("population", unit: u(unit), period: try! Period("2025"), value: pop)
        }
        for day in 1...20 {
            let p = try! Period("202512\(day < 10 ? "0" : "")\(day)")
            s.add("visits", unit: u("a1"), period: p, value: 1)
            if day <= 4 { s.add("visits", unit: u("a2"), period: p, value: 5) }
        }
        s.add("visits", unit: u("b1"), period: try! Period("2025W49"), value: 14)
        s.add("visits", unit: u("b1"), period: try! Period("2025W50"), value: 7)
        return CampaignAnalysis(aggregator: Aggregator(metadata: metadata, tree: Fixture.tree, source: s))
    }

    static let asOf = Day(year: 2025, month: 12, day: 10)!

    func row(_ result: CampaignResult, _ code: String) -> CampaignRow {
        result.rows.first { Fixture.tree.units[$0.unit].code == code }!
    }

    @Test func targetsSplitByPopulationAddUp() throws {
        let targets = try Self.analysis.targets(Self.campaign, explicit: [Fixture.u("C"): 100])
        #expect(targets == [100, 67, 17, 50, 33, 33])
    }

    @Test func progressOfEachUnit() throws {
        let result = try Self.analysis.run(
            Self.campaign, explicit: [Fixture.u("C"): 100], asOf: Self.asOf, orgUnit: Fixture.u("C"), scope: .level(3))
        #expect(result.window.identifier == "20251201..20251210")
        // Ranked among siblings: a1 58.8% before a2 40% under A; b1 alone under B.
        #expect(result.rows.map { Fixture.tree.units[$0.unit].code } == ["C", "a1", "b1", "a2"])
        let a1 = row(result, "a1").progress!
        #expect(a1.target == 17 && a1.achieved == 10 && a1.dueNow == 8 && a1.nextDue == 17)
        #expect(a1.status == .onTrack && !a1.atRisk)
        #expect(a1.projectedDate == CampaignDate(year: 2025, month: 12, day: 17))
        let a2 = row(result, "a2").progress!
        #expect(a2.achieved == 20 && a2.dueNow == 25 && a2.status == .behind && a2.atRisk)
        #expect(a2.projectedDate == CampaignDate(year: 2025, month: 12, day: 25))
        let b1 = row(result, "b1").progress!
        #expect(b1.achieved == 21 && b1.dueNow == 16 && b1.status == .onTrack && !b1.atRisk)
        #expect(b1.projectedDate == CampaignDate(year: 2025, month: 12, day: 16))
        let c = row(result, "C").progress!
        #expect(
            c.achieved == 51 && c.dueNow == 50 && c.status == .onTrack
                && c.projectedDate == CampaignDate(year: 2025, month: 12, day: 20))
        // Ranks among siblings by share achieved: b1 is alone under B.
        #expect(row(result, "a1").rank == 1 && row(result, "a2").rank == 2 && row(result, "b1").rank == 1)
    }

    @Test func townsRankedWithPraiseAndWarning() throws {
        let result = try Self.analysis.run(
            Self.campaign, explicit: [Fixture.u("C"): 100], asOf: Self.asOf, orgUnit: Fixture.u("C"))
        // A: 30 of 67 (44.8%), behind (due 33) and at risk (30/10 × 20 = 60 < 67); B: 21 of 33 (63.6%).
        let a = row(result, "A")
        #expect(a.progress?.status == .behind && a.progress?.atRisk == true && a.rank == 2)
        #expect(row(result, "B").rank == 1)
        #expect(result.praise.map { $0.units } == [[Fixture.u("B")]])
        #expect(result.warning.map { $0.units } == [[Fixture.u("A")]])
    }

    @Test func explicitTargetsAtTheLeavesAddUp() throws {
        let result = try Self.analysis.run(
            Self.campaign, explicit: [Fixture.u("a1"): 10, Fixture.u("a2"): 30, Fixture.u("b1"): 20], asOf: Self.asOf,
            orgUnit: Fixture.u("C"))
        #expect(row(result, "C").target == 60)
        #expect(row(result, "A").target == 40)
    }

    @Test func errors() throws {
        #expect(throws: TargetError.self) {
            _ = try Self.analysis.run(
                Self.campaign, explicit: [Fixture.u("C"): 100], asOf: Day(year: 2025, month: 11, day: 30)!,
                orgUnit: Fixture.u("C"))
        }
        #expect {
            _ = try Self.analysis.targets(
                Self.campaign, explicit: [Fixture.u("A"): 10, Fixture.u("a1"): 8, Fixture.u("a2"): 5])
        } throws: { error in
            (error as? TargetError)?.code == .contradiction && "\(error)".contains("甲镇")
        }
    }

    @Test func thresholdCampaign() throws {
        var coverage = Self.campaign
        coverage.measure = .threshold(indicator: "rate", threshold: 8)
        let result = try Self.analysis.run(coverage, explicit: [:], asOf: Self.asOf, orgUnit: Fixture.u("A"))
        // a1: 10 visits per 1,000 people; a2: 20 per 3,000 = 6.67 → below 8.
        let expected: [Double?] = [30.0 / 4000 * 1000, 10, 20.0 / 3000 * 1000]
        #expect(result.rows.map(\.value) == expected)
        #expect(result.rows.map(\.passes) == [false, true, false])
        #expect(result.below == [Fixture.u("a2")])
    }
}

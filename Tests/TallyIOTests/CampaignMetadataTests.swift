import TallyCore
import TallyIO
import Testing

@Suite struct CampaignMetadataTests {
    static let base = """
        elements:
          visits: {name: Visits}
          population: {name: Population, aggregation: average_sum_org_unit}
          registrations: {name: Registrations}
          births: {name: Births}
        indicators:
          coverage: {name: Coverage, numerator: "#{registrations}", denominator: "#{births}", factor: 100, unit: "%"}
        campaigns:

        """

    func parse(_ campaign: String) throws(MetadataError) -> Metadata {
        try MetadataParser(file: "t.yaml").parse(Self.base + campaign)
    }

    @Test func countCampaign() throws {
        let m = try parse(
            """
              month:
                name: {en: Service month, zh: 服务月}
                element: visits
                start: 2025-11-21
                end: 2026-01-05
                level: 3
                weight: {element: population, period: "2025"}
                milestones: {2025-12-05: 60%, 2025-12-15: 0.8, 2026-01-05: 100%}
                praise: 2
            """)
        let c = try #require(m.campaign("month"))
        #expect(c.measure == .count(ElementReference(element: "visits")))
        #expect(c.start == Day(year: 2025, month: 11, day: 21))
        #expect(c.milestones.map(\.share) == [0.6, 0.8, 1])
        #expect(c.weight == .element(ElementReference(element: "population"), try Period("2025")))
        #expect(c.praise == 2 && c.warning == 3 && c.level == 3)
        #expect(try c.window.identifier == "20251121..20260105")
        #expect(try c.window(upTo: Day(year: 2025, month: 12, day: 12)!).days == 22)
        // Without milestones, the whole target is due at the end.
        let plain = try #require(
            try parse("  p: {element: visits, start: 2025-01-01, end: 2025-01-31}\n").campaign("p"))
        #expect(plain.milestones == [CampaignDefinition.Milestone(date: Day(year: 2025, month: 1, day: 31)!, share: 1)])
    }

    @Test func thresholdCampaign() throws {
        let m = try parse("  reg: {indicator: coverage, threshold: 85, start: 2025-10-01, end: 2026-09-30, level: 2}\n")
        #expect(m.campaign("reg")?.measure == .threshold(indicator: "coverage", threshold: 85))
    }

    func refused(_ yaml: String, _ path: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(yaml)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.keyPath == path, sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func badCampaigns() {
        let head = "  m:\n    element: visits\n    start: 2025-11-21\n    end: 2026-01-05\n"
        refused(
            head + "    milestones: {2025-12-15: 60%, 2025-12-05: 80%, 2026-01-05: 100%}\n",
            "campaigns.m.milestones.2025-12-05", "dates must increase")
        refused(
            head + "    milestones: {2025-12-05: 80%, 2025-12-15: 60%, 2026-01-05: 100%}\n",
            "campaigns.m.milestones.2025-12-15", "shares must increase")
        refused(
            head + "    milestones: {2025-12-05: 60%, 2026-01-05: 120%}\n", "campaigns.m.milestones.2026-01-05",
            "between 0 and 100%")
        refused(
            head + "    milestones: {2025-12-05: 60%, 2025-12-25: 90%}\n", "campaigns.m.milestones",
            "the last milestone must be 100%, not 90%")
        refused(
            head + "    milestones: {2025-11-01: 60%, 2026-01-05: 100%}\n", "campaigns.m.milestones.2025-11-01",
            "outside the campaign")
        refused(
            head + "    milestones: {2026-02-01: 100%}\n", "campaigns.m.milestones.2026-02-01", "outside the campaign")
        refused(head + "    milestones: {2025-12-05: lots}\n", "campaigns.m.milestones.2025-12-05", "is not a share")
        refused(
            "  m: {element: visits, start: 2026-01-05, end: 2025-11-21}\n", "campaigns.m.end",
            "ends (2025-11-21) before it starts")
        refused(
            "  m: {element: visitz, start: 2025-01-01, end: 2025-01-31}\n", "campaigns.m.element",
            "'visitz' is not a data element")
        refused(
            "  m: {element: visits, indicator: coverage, threshold: 1, start: 2025-01-01, end: 2025-01-31}\n",
            "campaigns.m", "not both")
        refused(
            "  m: {indicator: coverage, start: 2025-01-01, end: 2025-01-31}\n", "campaigns.m", "'threshold' is required"
        )
        refused("  m: {element: visits, start: 2025-02-30, end: 2025-03-31}\n", "campaigns.m.start", "is not a date")
        refused(
            "  m: {element: visits, start: 2025-01-01, end: 2025-01-31, weight: {element: population}}\n",
            "campaigns.m.weight", "'period' is required")
        refused(
            "  m: {element: visits, start: 2025-01-01, end: 2025-01-31, weight: heavy}\n", "campaigns.m.weight",
            "is not a weight")
    }
}

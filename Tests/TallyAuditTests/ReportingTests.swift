import TallyAudit
import TallyCore
import TallyEngine
import Testing

/// Reporting completeness and timeliness over 2025Q1 for four towns (the reporting level 2), monthly
/// reports due 10 days after the month, worked by hand:
/// - T: January, February, March, each stored the day after the month ends → 3 of 3, all on time;
/// - U: January on time; February stored on 20 March 09:00 (due 10 March) → late by 10 days; March on time;
/// - V: only March, on time; W: nothing.
/// Received 3 + 3 + 1 + 0 = 7 of 12 (58.3%); on time 3 + 2 + 1 + 0 = 6 of 12 (50%).
@Suite struct ReportingTests {
    static let metadata = Metadata(
        categories: [], elements: [DataElement(code: "r", name: "Reported")], indicators: [],
        datasets: [
            DataSet(code: "m", name: "Monthly report", periodType: .monthly, level: 2, dueDays: 10, elements: ["r"])
        ])

    static func seconds(_ y: Int, _ m: Int, _ d: Int, hour: Int = 9) -> Int64 {
        Int64(Day(year: y, month: m, day: d)!.ordinal) * 86_400 + Int64(hour) * 3600
    }

    static var audit: QualityAudit {
        var s = InMemoryValueSource()
        let u = QualityAuditTests.tree.index
        let stored: [(String, String, Int64)] = [
            ("T", "202501", seconds(2025, 2, 1)), ("T", "202502", seconds(2025, 3, 1)),
            ("T", "202503", seconds(2025, 4, 1)),
            ("U", "202501", seconds(2025, 2, 5)), ("U", "202502", seconds(2025, 3, 20)),
            ("U", "202503", seconds(2025, 4, 10, hour: 23)),
            ("V", "202503", seconds(2025, 4, 2)),
        ]
        for (unit, period, time) in stored {
            s.add("r", unit: u[unit]!, period: try! Period(period), value: 1, created: time)
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: QualityAuditTests.tree, source: s))
    }

    func find<Check: AuditCheck>(
        _ r: AuditResult, _ check: Check.Type, _ code: String
    ) -> (
        finding: Finding, payload: Check.Payload
    )? {
        r.findings(of: check).first { QualityAuditTests.tree.units[$0.finding.unit].code == code }
    }

    @Test func completenessAndTimeliness() throws {
        let r = try Self.audit.run(orgUnit: 0, period: try Period("2025Q1"), asOf: Day(year: 2025, month: 5, day: 1))
        let county = try #require(find(r, CompletenessCheck.self, "C"))
        #expect(
            county.payload.reports == 7 && county.payload.expected == 12 && county.payload.share == 7.0 / 12
                && county.finding.severity == .extreme)
        #expect(county.payload.dataset == "m" && county.payload.threshold == 0.9)
        #expect(find(r, CompletenessCheck.self, "T") == nil && find(r, CompletenessCheck.self, "U") == nil)
        #expect(find(r, CompletenessCheck.self, "V")?.payload.share == 1.0 / 3)
        #expect(find(r, CompletenessCheck.self, "W")?.payload.share == 0)
        let timely = try #require(find(r, TimelinessCheck.self, "C"))
        #expect(timely.payload.reports == 6 && timely.payload.share == 0.5 && timely.finding.severity == .extreme)
        #expect(
            find(r, TimelinessCheck.self, "U")?.payload.share == 2.0 / 3
                && find(r, TimelinessCheck.self, "U")?.finding.severity == .moderate)
        #expect(find(r, TimelinessCheck.self, "T") == nil)
        // The missing reports, listed per unit.
        #expect(find(r, MissingReportCheck.self, "V")?.payload.missing.map(\.identifier) == ["202501", "202502"])
        #expect(
            find(r, MissingReportCheck.self, "W")?.payload.missing.map(\.identifier) == ["202501", "202502", "202503"])
        #expect(find(r, MissingReportCheck.self, "W")?.payload.expected == 3)
        // U's February report: due 10 March, stored 20 March → 10 days late; the March one stored on its due day is on time.
        let late = r.findings(of: LateReportCheck.self)
        #expect(late.count == 1)
        #expect(
            late.first?.payload.daysLate == 10 && late.first?.finding.period.identifier == "202502"
                && late.first?.payload.due == Day(year: 2025, month: 3, day: 10))
        #expect(
            late.first?.payload.stored == Self.seconds(2025, 3, 20)
                && late.first?.payload.reportPeriod == late.first?.finding.period)
    }

    @Test func reportsNotYetDueAreNotExpected() throws {
        // On 15 March only January and February are due: 8 expected, T 2 + U 2 + V 0 + W 0 received.
        let r = try Self.audit.run(orgUnit: 0, period: try Period("2025Q1"), asOf: Day(year: 2025, month: 3, day: 15))
        #expect(find(r, CompletenessCheck.self, "C")?.payload.expected == 8)
        #expect(find(r, CompletenessCheck.self, "C")?.payload.reports == 4)
        #expect(find(r, MissingReportCheck.self, "V")?.payload.missing.map(\.identifier) == ["202501", "202502"])
    }

    @Test func datasetDatesLimitExpectations() throws {
        var metadata = Self.metadata
        metadata = Metadata(
            categories: [], elements: metadata.elements, indicators: [],
            datasets: [
                DataSet(
                    code: "m", name: "Monthly report", periodType: .monthly, level: 2, dueDays: 10, elements: ["r"],
                    start: Day(year: 2025, month: 3, day: 1))
            ])
        let audit = QualityAudit(
            aggregator: Aggregator(
                metadata: metadata, tree: QualityAuditTests.tree, source: Self.audit.aggregator.source))
        let r = try audit.run(orgUnit: 0, period: try Period("2025Q1"), asOf: Day(year: 2025, month: 5, day: 1))
        // Only March is expected: T, U, V sent it; W did not → 3 of 4 = 75%.
        #expect(find(r, CompletenessCheck.self, "C")?.payload.share == 0.75)
        #expect(find(r, MissingReportCheck.self, "V") == nil)
        #expect(find(r, MissingReportCheck.self, "W")?.payload.missing.map(\.identifier) == ["202503"])
    }
}

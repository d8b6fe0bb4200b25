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

    func find(_ r: AuditResult, _ check: Finding.Check, _ code: String) -> Finding? {
        r.findings.first { $0.check == check && QualityAuditTests.tree.units[$0.unit].code == code }
    }

    @Test func completenessAndTimeliness() throws {
        let r = try Self.audit.run(orgUnit: 0, period: try Period("2025Q1"), asOf: Day(year: 2025, month: 5, day: 1))
        let county = try #require(find(r, .completeness, "C"))
        #expect(county.value == 7 && county.expected == 12 && county.score == 7.0 / 12 && county.severity == .extreme)
        #expect(find(r, .completeness, "T") == nil && find(r, .completeness, "U") == nil)
        #expect(find(r, .completeness, "V")?.score == 1.0 / 3)
        #expect(find(r, .completeness, "W")?.score == 0)
        let timely = try #require(find(r, .timeliness, "C"))
        #expect(timely.value == 6 && timely.score == 0.5 && timely.severity == .extreme)
        #expect(find(r, .timeliness, "U")?.score == 2.0 / 3 && find(r, .timeliness, "U")?.severity == .moderate)
        #expect(find(r, .timeliness, "T") == nil)
        // The missing reports, listed per unit.
        #expect(find(r, .missingReport, "V")?.periods.map(\.identifier) == ["202501", "202502"])
        #expect(find(r, .missingReport, "W")?.periods.map(\.identifier) == ["202501", "202502", "202503"])
        // U's February report: due 10 March, stored 20 March → 10 days late; the March one stored on its due day is on time.
        let late = r.findings.filter { $0.check == .lateReport }
        #expect(late.count == 1)
        #expect(
            late.first?.value == 10 && late.first?.period.identifier == "202502"
                && late.first?.due == Day(year: 2025, month: 3, day: 10))
    }

    @Test func reportsNotYetDueAreNotExpected() throws {
        // On 15 March only January and February are due: 8 expected, T 2 + U 2 + V 0 + W 0 received.
        let r = try Self.audit.run(orgUnit: 0, period: try Period("2025Q1"), asOf: Day(year: 2025, month: 3, day: 15))
        #expect(find(r, .completeness, "C")?.expected == 8)
        #expect(find(r, .completeness, "C")?.value == 4)
        #expect(find(r, .missingReport, "V")?.periods.map(\.identifier) == ["202501", "202502"])
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
        #expect(find(r, .completeness, "C")?.score == 0.75)
        #expect(find(r, .missingReport, "V") == nil)
        #expect(find(r, .missingReport, "W")?.periods.map(\.identifier) == ["202503"])
    }
}

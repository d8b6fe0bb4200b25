import TallyCore
import TallyEngine
import TallyRender
import Testing

@testable import TallyAudit

/// The reporting-rate summary (`tally check --summary`) and the office's time zone, on `ReportingTests`' fixture
/// worked by hand: four towns, monthly reports due 10 days after the month, 2025Q1.
@Suite struct ReportingSummaryTests {
    static let asOf = Day(year: 2025, month: 5, day: 1)

    func rows(_ s: ReportingSummary) -> [String: ReportingSummary.Row] {
        Dictionary(uniqueKeysWithValues: s.rows.map { (QualityAuditTests.tree.units[$0.unit].code, $0) })
    }

    @Test func everyUnitHasItsCountsAndRates() throws {
        let s = try ReportingTests.audit.reportingSummary(orgUnit: 0, period: try Period("2025Q1"), asOf: Self.asOf)
        // The county first, then every town — those at 100% too, not only those below a threshold.
        #expect(s.units.map { QualityAuditTests.tree.units[$0].code } == ["C", "T", "U", "V", "W"])
        #expect(s.rows.count == 5 && s.rows.allSatisfy { $0.dataset == "m" })
        let r = rows(s)
        let counts = ["C", "T", "U", "V", "W"].map { code in r[code].map { [$0.expected, $0.received, $0.onTime] } }
        // T 3 of 3 on time; U 3 received, February 10 days late; V only March; W nothing; the county their sums.
        #expect(counts == [[12, 7, 6], [3, 3, 3], [3, 3, 2], [3, 1, 1], [3, 0, 0]])
        #expect(r["C"]?.completeness == 7.0 / 12 && r["C"]?.timeliness == 0.5)
        #expect(r["U"]?.timeliness == 2.0 / 3 && r["W"]?.completeness == 0)
        // Nothing was submitted (the audit was given no submissions): none submitted, none approved.
        #expect(s.rows.allSatisfy { $0.submitted == 0 && $0.approved == 0 })
        // Without coverage_thresholds the marks are the completeness threshold alone.
        #expect(s.thresholds == [0.9] && s.timelinessThreshold == 0.75)
        #expect(r["T"]?.completenessReached(s.thresholds) == 0.9 && r["C"]?.completenessReached(s.thresholds) == nil)
    }

    @Test func theSameCountsAsTheCompletenessCheck() throws {
        let period = try Period("2025Q1")
        let s = try ReportingTests.audit.reportingSummary(orgUnit: 0, period: period, asOf: Self.asOf)
        let audit = try ReportingTests.audit.run(orgUnit: 0, period: period, asOf: Self.asOf)
        for (finding, payload) in audit.findings(of: CompletenessCheck.self) {
            let row = try #require(s.rows.first { $0.unit == finding.unit })
            #expect(row.received == payload.reports && row.expected == payload.expected)
        }
    }

    @Test func marksAgainstSeveralThresholds() throws {
        // 85% and 90%: 7 of 8 (87.5%) reaches 85% only; 8 of 8 reaches 90%; 6 of 8 (75%) reaches neither.
        let row = { (received: Int) in
            ReportingSummary.Row(
                unit: 0, dataset: "m", expected: 8, received: received, onTime: received, submitted: nil, approved: nil)
        }
        #expect(row(7).completenessReached([0.85, 0.9]) == 0.85)
        #expect(row(8).completenessReached([0.85, 0.9]) == 0.9)
        #expect(row(6).completenessReached([0.85, 0.9]) == nil)
        let nothing = ReportingSummary.Row(
            unit: 0, dataset: "m", expected: 0, received: 0, onTime: 0, submitted: nil, approved: nil)
        #expect(nothing.completeness == nil && nothing.completenessReached([0.85]) == nil)
    }

    @Test func theCSVHasEveryRowAtFullPrecision() throws {
        let s = try ReportingTests.audit.reportingSummary(orgUnit: 0, period: try Period("2025Q1"), asOf: Self.asOf)
        let report = ReportingSummaryReport(summary: s, tree: QualityAuditTests.tree, metadata: ReportingTests.metadata)
        let lines = report.render(.csv).split(separator: "\n").map(String.init)
        #expect(lines.first == ReportingSummaryReport.columns.joined(separator: ","))
        #expect(lines.count == 6)
        // The county: 7 of 12 (0.58333…), below 90%; 6 of 12 on time, below 75%.
        // The partner column is empty: the data set has no attribute categories.
        #expect(lines[1] == "C,县,1,m,,12,7,6,0,0,\(7.0 / 12),,0.5,true")
        #expect(lines[2] == "T,甲镇,2,m,,3,3,3,0,0,1,0.9,1,false")
        let table = report.render(.table)
        #expect(table.contains("58.3%") && table.contains("< 90%") && table.contains("≥ 90%"))
    }

    /// U's March report was stored at 23:00 UTC on 10 April, its due day: on time in UTC, but 07:00 on 11 April in
    /// an office at UTC+8, a day late.
    @Test func dueDaysAreTheOfficesDays() throws {
        var metadata = ReportingTests.metadata
        metadata.timeZone = OfficeTimeZone(identifier: "UTC+8", fixedSecondsFromUTC: 8 * 3600)
        let utc = ReportingTests.audit
        let audit = QualityAudit(
            aggregator: Aggregator(metadata: metadata, tree: utc.aggregator.tree, source: utc.aggregator.source))
        let s = try audit.reportingSummary(orgUnit: 0, period: try Period("2025Q1"), asOf: Self.asOf)
        #expect(rows(s)["U"]?.onTime == 1 && rows(s)["C"]?.onTime == 5)
        let late = try audit.run(orgUnit: 0, period: try Period("2025Q1"), asOf: Self.asOf)
            .findings(of: LateReportCheck.self)
        let march = try #require(late.first { $0.finding.period.identifier == "202503" })
        #expect(march.payload.daysLate == 1)
        #expect(march.payload.storedOn == Day(year: 2025, month: 4, day: 11))
    }

    @Test func theEndOfAnOfficeDay() {
        // 10 April 2025 ends at 16:00 UTC in Beijing: the last second is 15:59:59 UTC.
        let beijing = OfficeTimeZone(identifier: "UTC+8", fixedSecondsFromUTC: 8 * 3600)
        let day = Day(year: 2025, month: 4, day: 10)!
        let midnightUTC = Int64(Day(year: 2025, month: 4, day: 11)!.ordinal) * 86_400
        #expect(beijing.endOfDay(day) == midnightUTC - 8 * 3600 - 1)
        #expect(OfficeTimeZone.utc.endOfDay(day) == midnightUTC - 1)
        #expect(beijing.day(of: midnightUTC - 8 * 3600) == Day(year: 2025, month: 4, day: 11))
        #expect(beijing.day(of: midnightUTC - 8 * 3600 - 1) == day)
        // A zone that moves its clocks: UTC−5 until 9 March 2025 02:00, UTC−4 after (New York). 9 March ends at
        // midnight UTC−4, 04:00 UTC on 10 March.
        let switchAt = Int64(Day(year: 2025, month: 3, day: 9)!.ordinal) * 86_400 + 7 * 3600
        let newYork = OfficeTimeZone(identifier: "America/New_York") { $0 < switchAt ? -5 * 3600 : -4 * 3600 }
        let tenth = Int64(Day(year: 2025, month: 3, day: 10)!.ordinal) * 86_400
        #expect(newYork.endOfDay(Day(year: 2025, month: 3, day: 9)!) == tenth + 4 * 3600 - 1)
        #expect(newYork.endOfDay(Day(year: 2025, month: 3, day: 8)!) == tenth - 86_400 + 5 * 3600 - 1)
    }
}

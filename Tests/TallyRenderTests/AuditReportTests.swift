import TallyCore
import TallyEngine
import TallyIO
import TallyRender
import Testing

@Suite struct AuditReportTests {
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "云溪县", parentCode: nil), OrgUnit(code: "B", name: "白沙乡", parentCode: "C"),
    ])
    static let metadata = Metadata(
        categories: [],
        elements: [
            DataElement(
                code: "births", name: LocalizedText(translations: ["en": "Live births", "zh": "出生数"]),
                referenceRate: 8.8),
            DataElement(code: "anc", name: "Antenatal first visits", verifiedBy: "anc_v"),
        ], indicators: [], datasets: [])

    func sentence(_ f: Finding) -> String {
        AuditReport(
            result: AuditResult(period: f.period, units: [0, 1], findings: [f], totals: []), tree: Self.tree,
            metadata: Self.metadata
        ).sentence(f)
    }

    @Test func sentences() throws {
        let p = try Period("202510..202601")
        let under = Finding(
            check: .expectedVsReported, severity: .moderate, unit: 1, period: p, element: "births", value: 50,
            expected: 69.42, low: 37.11, high: 65.92, score: 50 / 69.42, unreported: 19.42)
        #expect(
            sentence(under)
                == "白沙乡 reported 50 live births in 202510..202601; its population and the reference rate (8.8‰) imply 69 (95% interval of the report 37–66): about 19 live births may be unreported."
        )
        var withGap = under
        withGap.rateGap = -2.66
        #expect(
            sentence(withGap).hasSuffix(
                "may be unreported. The reported rate is 2.7 per-mille points below the reference."))
        let over = Finding(
            check: .expectedVsReported, severity: .moderate, unit: 1, period: p, element: "births", value: 138,
            expected: 104.4, low: 115.9, high: 163.2, score: 138 / 104.4, unreported: -33.6)
        #expect(
            sentence(over)
                == "白沙乡 reported 138 live births in 202510..202601; its population and the reference rate (8.8‰) imply only 104 (95% interval of the report 116–163): check for double counting or a wrong population."
        )
        let verified = Finding(
            check: .verification, severity: .extreme, unit: 1, period: p, element: "anc", value: 86, expected: 63,
            low: 0.9, high: 1.1, score: 63.0 / 86, unreported: nil)
        #expect(
            sentence(verified)
                == "白沙乡 reported 86 antenatal first visits in 202510..202601, but only 63 were verified (verification factor 0.73, expected 0.90–1.10): the reports exceed what could be verified."
        )
        let none = Finding(
            check: .verification, severity: .extreme, unit: 1, period: p, element: "anc", value: 12, expected: 0,
            low: 0.9, high: 1.1, score: nil, unreported: nil)
        #expect(
            sentence(none) == "白沙乡 reported 12 antenatal first visits in 202510..202601, but none could be verified.")
        let more = Finding(
            check: .verification, severity: .moderate, unit: 1, period: p, element: "anc", value: 100, expected: 115,
            low: 0.9, high: 1.1, score: 1.15, unreported: nil)
        #expect(
            sentence(more).hasSuffix(
                "and 115 were verified (verification factor 1.15, expected 0.90–1.10): more were verified than reported, so reports are missing."
            ))
    }
}

@Suite struct AuditReportCSVTests {
    @Test func headerMatchesTheRows() throws {
        let p = try Period("2025Oct")
        let f = Finding(
            check: .outlier, severity: .extreme, unit: 1, period: p, element: "anc", value: 130, expected: 13, low: 6,
            high: 19, score: 36.9, unreported: nil)
        let report = AuditReport(
            result: AuditResult(period: p, units: [0, 1], findings: [f], totals: []), tree: AuditReportTests.tree,
            metadata: AuditReportTests.metadata)
        let lines = report.render(.csv).split(separator: "\n").map { CSVReader.parseLine(String($0)) }
        #expect(lines[0] == AuditReport.columns)
        #expect(lines[1].count == AuditReport.columns.count)
        #expect(lines[1][0] == "outlier" && lines[1][6] == "130")
    }
}

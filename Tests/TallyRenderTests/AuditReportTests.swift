import TallyCore
import TallyEngine
import TallyIO
import TallyRender
import Testing

@testable import TallyAudit

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
        func expected(
            _ reported: Double, _ expected: Double, _ low: Double, _ high: Double, gap: Double? = nil
        ) -> Finding {
            Finding(
                severity: .moderate, unit: 1, period: p,
                payload: ExpectedVsReportedCheck.Payload(
                    element: "births", reported: reported, expected: expected,
                    interval: NumberRange(low: low, high: high), confidence: 0.95, ratePerThousand: 8.8,
                    unreported: expected - reported, rateGap: gap))
        }
        func verification(_ reported: Double, _ verified: Double, _ factor: Double?) -> Finding {
            Finding(
                severity: .moderate, unit: 1, period: p,
                payload: VerificationCheck.Payload(
                    element: "anc", reported: reported, verified: verified, factor: factor,
                    accepted: NumberRange(low: 0.9, high: 1.1), reportingUnits: 1, recountedUnits: verified > 0 ? 1 : 0)
            )
        }
        let under = expected(50, 69.42, 37.11, 65.92)
        #expect(
            sentence(under)
                == "白沙乡 reported 50 live births in 202510..202601; its population and the reference rate (8.8‰) imply 69 (95% interval of the report 37–66): about 19 live births may be unreported."
        )
        let withGap = expected(50, 69.42, 37.11, 65.92, gap: -2.66)
        #expect(
            sentence(withGap).hasSuffix(
                "may be unreported. The reported rate is 2.7 per-mille points below the reference."))
        let over = expected(138, 104.4, 115.9, 163.2)
        #expect(
            sentence(over)
                == "白沙乡 reported 138 live births in 202510..202601; its population and the reference rate (8.8‰) imply only 104 (95% interval of the report 116–163): check for double counting or a wrong population."
        )
        let verified = verification(86, 63, 63.0 / 86)
        #expect(
            sentence(verified)
                == "白沙乡 reported 86 antenatal first visits in 202510..202601, but only 63 were verified (verification factor 0.73, expected 0.90–1.10): the reports exceed what could be verified."
        )
        let none = verification(12, 0, nil)
        #expect(
            sentence(none) == "白沙乡 reported 12 antenatal first visits in 202510..202601, but none could be verified.")
        let more = verification(100, 115, 1.15)
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
            severity: .extreme, unit: 1, period: p,
            payload: OutlierCheck.Payload(
                element: "anc", value: 130,
                reason: .unusual(median: 13, usual: NumberRange(low: 6, high: 19), zScore: 36.9, probability: nil)))
        let report = AuditReport(
            result: AuditResult(period: p, units: [0, 1], findings: [f], totals: []), tree: AuditReportTests.tree,
            metadata: AuditReportTests.metadata)
        let lines = report.render(.csv).split(separator: "\n").map { CSVReader.parseLine(String($0)) }
        #expect(lines[0] == AuditReport.columns)
        #expect(lines[1].count == AuditReport.columns.count)
        #expect(lines[1][0] == "outlier" && lines[1][6] == "130")
    }
}

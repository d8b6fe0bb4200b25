import TallyAudit
import TallyCore
import TallyEngine
import TallyQuality
import Testing

/// Four towns under a county; 2025 population 10,000 each; births and a verified service, worked by hand.
///
/// Births in 2025 (reference rate 9‰ → expected 9 ÷ 1000 × 10,000 × 365 ÷ 365 = 90 per town):
/// T 50 (Garwood 95% interval of 50 is 37.1–65.9: 90 lies above → under-reported, and above the 99.9%
/// interval too → extreme), U 85 (67.9–105.1: fine), V 120 (99.5–143.5: 90 lies below → over-reported,
/// inside the 99.9% interval → moderate), W 90.
/// Service (verified_by service_v), reported / verified: T 100/95 (0.95 fine), U 100/85 (0.85: moderate,
/// more than 0.10 off but not 0.20), V 100/115 (1.15: moderate, under-reporting), W 10/none (extreme).
@Suite struct QualityAuditTests {
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "T", name: "甲镇", parentCode: "C"),
        OrgUnit(code: "U", name: "乙镇", parentCode: "C"), OrgUnit(code: "V", name: "丙镇", parentCode: "C"),
        OrgUnit(code: "W", name: "丁镇", parentCode: "C"),
    ])
    static let metadata = Metadata(
        categories: [],
        elements: [
            DataElement(code: "births", name: "Live births", referenceRate: 9),
            DataElement(code: "population", name: "Population", aggregation: .averageSumOrgUnit),
            DataElement(code: "service", name: "Visits", verifiedBy: "service_v"),
            DataElement(code: "service_v", name: "Visits (verified)"),
        ],
        indicators: [], datasets: [], quality: QualitySettings(population: "population"))

    static var audit: QualityAudit {
        var s = InMemoryValueSource()
        let year = try! Period("2025")
        for (code, births, reported, verified) in [
            ("T", 50.0, 100.0, 95.0), ("U", 85, 100, 85), ("V", 120, 100, 115), ("W", 90, 10, nil),
        ] {
            let u = tree.index[code]!
            s.add("population", unit: u, period: year, value: 10_000)
            s.add("births", unit: u, period: try! Period("202506"), value: births)
            s.add("service", unit: u, period: try! Period("202506"), value: reported)
            if let verified { s.add("service_v", unit: u, period: try! Period("202506"), value: verified) }
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
    }

    func finding<Check: AuditCheck>(
        _ result: AuditResult, _ check: Check.Type, _ code: String
    ) -> (
        finding: Finding, payload: Check.Payload
    )? {
        result.findings(of: check).first { Self.tree.units[$0.finding.unit].code == code }
    }

    @Test func expectedVsReported() throws {
        let result = try Self.audit.run(orgUnit: 0, period: try Period("2025"))
        let (tFinding, t) = try #require(finding(result, ExpectedVsReportedCheck.self, "T"))
        let interval = PoissonInterval.garwood(count: 50)
        #expect(t.expected == 90 && t.reported == 50 && t.unreported == 40)
        #expect(t.interval.low == interval.low && t.interval.high == interval.high)
        #expect(abs(interval.low - 37.1) < 0.05 && abs(interval.high - 65.9) < 0.05)
        #expect(tFinding.severity == .extreme)
        #expect(t.ratio == 50.0 / 90)
        #expect(t.ratePerThousand == 9 && t.confidence == 0.95 && t.element == "births")
        // The reported rate is 50 ÷ 10,000 × 1000 = 5‰: 4 per-mille points below the reference of 9‰.
        #expect(t.rateGap == -4)
        #expect(finding(result, ExpectedVsReportedCheck.self, "U") == nil)
        #expect(finding(result, ExpectedVsReportedCheck.self, "W") == nil)
        let (vFinding, v) = try #require(finding(result, ExpectedVsReportedCheck.self, "V"))
        #expect(vFinding.severity == .moderate && v.unreported == -30)
        // The county: 345 reported against 360 expected; Garwood(345) = 309.7–383.3 holds 360: no finding.
        #expect(finding(result, ExpectedVsReportedCheck.self, "C") == nil)
        #expect(result.totals.map(\.reported) == [345] && result.totals.map(\.expected) == [360])
    }

    @Test func verificationFactor() throws {
        let result = try Self.audit.run(orgUnit: 0, period: try Period("2025"))
        #expect(finding(result, VerificationCheck.self, "T") == nil)
        let u = try #require(finding(result, VerificationCheck.self, "U"))
        #expect(u.payload.factor == 0.85 && u.finding.severity == .moderate && u.payload.verified == 85)
        #expect(u.payload.reported == 100 && u.payload.accepted == NumberRange(low: 0.9, high: 1.1))
        let v = try #require(finding(result, VerificationCheck.self, "V"))
        #expect(v.payload.factor == 1.15 && v.finding.severity == .moderate)
        let w = try #require(finding(result, VerificationCheck.self, "W"))
        #expect(w.payload.factor == nil && w.finding.severity == .extreme && w.payload.verified == 0)
        // The county: 310 reported, 295 verified → 0.952: no finding.
        #expect(finding(result, VerificationCheck.self, "C") == nil)
        // The most serious first.
        #expect(result.findings.first?.severity == .extreme)
    }
}

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
            DataElement(code: "population", name: "Population", aggregation: .average),
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

    func finding(_ result: AuditResult, _ check: Finding.Check, _ code: String) -> Finding? {
        result.findings.first { $0.check == check && Self.tree.units[$0.unit].code == code }
    }

    @Test func expectedVsReported() throws {
        let result = try Self.audit.run(orgUnit: 0, period: try Period("2025"))
        let t = try #require(finding(result, .expectedVsReported, "T"))
        let interval = PoissonInterval.garwood(count: 50)
        #expect(t.expected == 90 && t.value == 50 && t.unreported == 40)
        #expect(t.low == interval.low && t.high == interval.high)
        #expect(abs(interval.low - 37.1) < 0.05 && abs(interval.high - 65.9) < 0.05)
        #expect(t.severity == .extreme)
        #expect(t.score == 50.0 / 90)
        // The reported rate is 50 ÷ 10,000 × 1000 = 5‰: 4 per-mille points below the reference of 9‰.
        #expect(t.rateGap == -4)
        #expect(finding(result, .expectedVsReported, "U") == nil)
        #expect(finding(result, .expectedVsReported, "W") == nil)
        let v = try #require(finding(result, .expectedVsReported, "V"))
        #expect(v.severity == .moderate && v.unreported == -30)
        // The county: 345 reported against 360 expected; Garwood(345) = 309.7–383.3 holds 360: no finding.
        #expect(finding(result, .expectedVsReported, "C") == nil)
        #expect(result.totals.map(\.reported) == [345] && result.totals.map(\.expected) == [360])
    }

    @Test func verificationFactor() throws {
        let result = try Self.audit.run(orgUnit: 0, period: try Period("2025"))
        #expect(finding(result, .verification, "T") == nil)
        let u = try #require(finding(result, .verification, "U"))
        #expect(u.score == 0.85 && u.severity == .moderate && u.expected == 85)
        let v = try #require(finding(result, .verification, "V"))
        #expect(v.score == 1.15 && v.severity == .moderate)
        let w = try #require(finding(result, .verification, "W"))
        #expect(w.score == nil && w.severity == .extreme && w.expected == 0)
        // The county: 310 reported, 295 verified → 0.952: no finding.
        #expect(finding(result, .verification, "C") == nil)
        // The most serious first.
        #expect(result.findings.first?.severity == .extreme)
    }
}

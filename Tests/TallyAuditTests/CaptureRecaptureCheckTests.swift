import TallyAudit
import TallyCore
import TallyEngine
import TallyQuality
import TallyRender
import TallyText
import Testing

/// The `capture_recapture` check on four towns worked by hand (births registered `reg`, births reported by
/// hospitals `hosp`, found on both `both`, June 2025):
/// - T: 60, 50, 30 → N̂ = 61 × 51 ÷ 31 − 1 = 99.355, Var = 61·51·30·20 ÷ (31²·32) = 60.70; completeness 60.4% and
///   50.3%, far below 90%: extreme; missed by both 99.355 − 80 = 19.35.
/// - U: 100, 95, 92 → N̂ = 101 × 96 ÷ 93 − 1 = 103.258; 96.8% and 92.0%: passes.
/// - V: 10, 12, 0 → no event on both: the estimate is undefined (moderate).
/// - W: 15, 30, 20 → 20 matched but only 15 on the first list: impossible (extreme).
/// - X: 40 and 35 but no matched count: not judged (missing is not zero).
/// The county would pool its towns' lists, 225, 222 and 142 on both — X's 75 events without their matches, which
/// would make N̂ = 226 × 223 ÷ 143 − 1 = 351.43 too high —, so it is not judged either; without X it pools 185, 187
/// and 142: N̂ = 186 × 188 ÷ 143 − 1 = 243.53, 76.0% and 76.8%: moderate.
@Suite struct CaptureRecaptureCheckTests {
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "T", name: "甲镇", parentCode: "C"),
        OrgUnit(code: "U", name: "乙镇", parentCode: "C"), OrgUnit(code: "V", name: "丙镇", parentCode: "C"),
        OrgUnit(code: "W", name: "丁镇", parentCode: "C"), OrgUnit(code: "X", name: "戊镇", parentCode: "C"),
    ])

    static var audit: QualityAudit {
        var metadata = Metadata(
            categories: [],
            elements: [
                DataElement(code: "reg", name: "Births registered"),
                DataElement(code: "hosp", name: "Hospital births"), DataElement(code: "both", name: "On both"),
            ], indicators: [], datasets: [])
        metadata.captureRecapture = CaptureRecaptureDefinition(
            first: ElementReference(element: "reg"), second: ElementReference(element: "hosp"),
            matched: ElementReference(element: "both"))
        var s = InMemoryValueSource()
        let june = try! Period("202506")
        let counts: [(Int, Double, Double, Double?)] = [
            (1, 60, 50, 30), (2, 100, 95, 92), (3, 10, 12, 0), (4, 15, 30, 20), (5, 40, 35, nil),
        ]
        for (u, n1, n2, m) in counts {
            s.add("reg", unit: u, period: june, value: n1)
            s.add("hosp", unit: u, period: june, value: n2)
            if let m { s.add("both", unit: u, period: june, value: m) }
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
    }

    func found() throws -> [String: (finding: Finding, payload: CaptureRecaptureCheck.Payload)] {
        let r = try Self.audit.run(orgUnit: 0, period: try Period("202506"))
        return Dictionary(
            uniqueKeysWithValues: r.findings(of: CaptureRecaptureCheck.self).map {
                (Self.tree.units[$0.finding.unit].code, $0)
            })
    }

    @Test func eachUnitIsJudgedOnItsLists() throws {
        let f = try found()
        #expect(Set(f.keys) == ["T", "V", "W"])
        let t = try #require(f["T"])
        #expect(t.finding.severity == .extreme)
        guard case .estimate(let r) = t.payload.counts.outcome else {
            Issue.record("T has an estimate")
            return
        }
        #expect(abs(r.total - (61.0 * 51 / 31 - 1)) < 1e-12)
        #expect(abs(r.variance - 61.0 * 51 * 30 * 20 / (31 * 31 * 32)) < 1e-12)
        #expect(abs(r.variance - 60.6985) < 1e-4)
        #expect(abs(r.firstCompleteness - 60 / 99.354_838_709_677_42) < 1e-12)
        #expect(abs(r.missedByBoth - 19.354_838_709_677_42) < 1e-12)
        #expect(t.finding.columns.expected == r.total && t.finding.columns.unreported == r.missedByBoth)
        #expect(abs((t.finding.columns.score ?? 0) - 50 / 99.354_838_709_677_42) < 1e-12)
        // The county is not judged while X has lists without a matched count.
        #expect(f["C"] == nil)
    }

    @Test func theCountyPoolsItsTownsLists() throws {
        // Without X's lists the county's counts are complete: 185, 187, 142.
        var s = InMemoryValueSource()
        let june = try Period("202506")
        for (u, n1, n2, m) in [(1, 60.0, 50.0, 30.0), (2, 100, 95, 92), (3, 10, 12, 0), (4, 15, 30, 20)] {
            s.add("reg", unit: u, period: june, value: n1)
            s.add("hosp", unit: u, period: june, value: n2)
            s.add("both", unit: u, period: june, value: m)
        }
        let audit = QualityAudit(
            aggregator: Aggregator(metadata: Self.audit.aggregator.metadata, tree: Self.tree, source: s))
        let county = try #require(
            try audit.run(orgUnit: 0, period: june).findings(of: CaptureRecaptureCheck.self).first {
                $0.finding.unit == 0
            })
        #expect(county.payload.counts.first == 185 && county.payload.counts.second == 187)
        #expect(county.payload.counts.matched == 142)
        #expect(abs((county.finding.columns.expected ?? 0) - (186.0 * 188 / 143 - 1)) < 1e-12)
        #expect(abs((county.finding.columns.score ?? 0) - 185 / (186.0 * 188 / 143 - 1)) < 1e-12)
        #expect(county.finding.severity == .moderate)
    }

    @Test func noMatchIsUndefinedAndImpossibleCountsAreNamed() throws {
        let f = try found()
        let v = try #require(f["V"])
        #expect(v.payload.counts.outcome == .undefined && v.finding.severity == .moderate)
        #expect(v.finding.columns.expected == nil)
        let w = try #require(f["W"])
        #expect(w.finding.severity == .extreme)
        guard case .impossible(let error) = w.payload.counts.outcome else {
            Issue.record("W's counts are impossible")
            return
        }
        #expect(error.message(.en) == "the matched count (20) exceeds the first list's 15, which cannot be")
        #expect(error.message(.zh) == "两来源均有的数（20）大于第一来源数（15），不可能成立")
        let report = AuditReport(
            result: try Self.audit.run(orgUnit: 0, period: try Period("202506")), tree: Self.tree,
            metadata: Self.audit.aggregator.metadata)
        #expect(report.sentence(v.finding).contains("cannot be estimated"))
        #expect(report.sentence(w.finding, .zh).contains("不能成立"))
    }

    @Test func negativeCountsAreRefused() {
        let counts = CaptureRecaptureCounts(first: 10, second: -1, matched: 0)
        guard case .impossible(let error) = counts.outcome else {
            Issue.record("a negative count is refused")
            return
        }
        #expect(error.message(.en).contains("cannot be negative") && error.message(.zh).contains("不能为负"))
        let fraction = CaptureRecaptureCounts(first: 10.5, second: 4, matched: 2)
        #expect(fraction.outcome != .undefined)
        if case .estimate = fraction.outcome { Issue.record("a fractional count is refused") }
    }

    @Test func withoutADeclarationNothingIsJudged() throws {
        var metadata = Self.audit.aggregator.metadata
        metadata.captureRecapture = nil
        let audit = QualityAudit(
            aggregator: Aggregator(metadata: metadata, tree: Self.tree, source: Self.audit.aggregator.source))
        #expect(
            try audit.run(orgUnit: 0, period: try Period("202506")).findings(of: CaptureRecaptureCheck.self).isEmpty)
        #expect(try audit.captureRecapture(units: [0, 1], period: try Period("202506")).isEmpty)
    }
}

import TallyAudit
import TallyCore
import TallyEngine
import Testing

/// Validation rules, completeness of indicator data and the score, over the four towns of
/// `QualityAuditTests.tree` for 202501 (a monthly dataset `m` of elements a and b, reported by level 2):
/// T a=5 b=3 (a > b: the rule a <= b fails), U a=2 b=4, V a=1 (b missing), W nothing.
@Suite struct RulesAndScoreTests {
    static func audit(_ missing: ValidationRule.MissingValueStrategy) -> QualityAudit {
        let rule = ValidationRule(
            code: "a_le_b", name: "a ≤ b", left: try! Expression(parsing: "#{a}"), op: .lessOrEqual,
            right: try! Expression(parsing: "#{b}"), missing: missing)
        let metadata = Metadata(
            categories: [], elements: [DataElement(code: "a", name: "A"), DataElement(code: "b", name: "B")],
            indicators: [],
            datasets: [
                DataSet(code: "m", name: "Monthly", periodType: .monthly, level: 2, dueDays: 10, elements: ["a", "b"])
            ],
            validationRules: [rule])
        var s = InMemoryValueSource()
        let u = QualityAuditTests.tree.index
        let p = try! Period("202501")
        for (unit, element, value) in [("T", "a", 5.0), ("T", "b", 3), ("U", "a", 2), ("U", "b", 4), ("V", "a", 1)] {
            s.add(element, unit: u[unit]!, period: p, value: value)
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: QualityAuditTests.tree, source: s))
    }

    static let asOf = Day(year: 2025, month: 3, day: 1)

    func units(_ r: AuditResult, _ check: any AuditCheck.Type) -> [String] {
        r.findings.filter { $0.check == check }.map { QualityAuditTests.tree.units[$0.unit].code }.sorted()
    }

    @Test func validationRulesWithEachMissingValueStrategy() throws {
        let any = try Self.audit(.skipIfAnyMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf)
        #expect(units(any, ValidationCheck.self) == ["T"])
        let t = try #require(any.findings(of: ValidationCheck.self).first)
        #expect(
            t.payload.left == 5 && t.payload.right == 3 && t.payload.rule == "a_le_b"
                && t.finding.period.identifier == "202501")
        #expect(t.payload.element == "a" && t.finding.severity == .moderate)
        // V's missing b counts as 0 (1 <= 0 fails); W, with both missing, is skipped.
        #expect(
            units(
                try Self.audit(.skipIfAllMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf),
                ValidationCheck.self) == ["T", "V"])
        // Never skip: W's 0 <= 0 holds.
        #expect(
            units(
                try Self.audit(.neverSkip).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf),
                ValidationCheck.self) == ["T", "V"])
    }

    @Test func completenessOfIndicatorData() throws {
        let r = try Self.audit(.skipIfAnyMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf)
        let county = r.findings(of: ElementCompletenessCheck.self).filter { $0.finding.unit == 0 }
        // a: 3 of 4 values (75%, moderate); b: 2 of 4 (50%, extreme).
        #expect(county.map(\.payload.element).sorted() == ["a", "b"])
        let a = try #require(county.first { $0.payload.element == "a" })
        #expect(a.payload.share == 0.75 && a.finding.severity == .moderate)
        #expect(a.payload.present == 3 && a.payload.expected == 4 && a.payload.zeros == 0)
        let b = try #require(county.first { $0.payload.element == "b" })
        #expect(b.payload.share == 0.5 && b.finding.severity == .extreme)
        // Reporting: 3 of 4 reports (75%, flagged below 90%); all received on time (75%, not below 75%).
        #expect(units(r, CompletenessCheck.self) == ["C", "W"])
        #expect(r.findings(of: CompletenessCheck.self).first { $0.finding.unit == 0 }?.payload.share == 0.75)
        #expect(!units(r, TimelinessCheck.self).contains("C"))
    }

    @Test func scoreIsTheShareOfChecksPassed() throws {
        let r = try Self.audit(.skipIfAnyMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf)
        func score(_ code: String) -> Double? {
            r.findings(of: ScoreCheck.self).first { QualityAuditTests.tree.units[$0.finding.unit].code == code }?
                .payload.share
        }
        // Five checks apply (completeness, timeliness, element a, element b, the rule).
        // T fails only the rule: 4/5. The county fails completeness, both elements and the rule: 1/5.
        // W fails completeness, timeliness and both elements: 1/5. U passes all.
        #expect(score("T") == 0.8)
        #expect(score("C") == 0.2)
        #expect(score("W") == 0.2)
        #expect(score("U") == 1)
        #expect(r.findings.first { $0.check == ScoreCheck.self }?.severity == .info)
    }
}

/// Consistency over time for four towns; births 2022–2024 are 100 a year in every town; in 2025 T has 200
/// and the others 100. County: 500 ÷ 400 = 1.25; T: 200 ÷ 100 = 2.0, relative 1.6 (outside 1 ± 0.33; the
/// 200 is far beyond the 125 the county's change predicts) → moderate (0.6 is within twice the band);
/// U, V, W: 1.0 ÷ 1.25 = 0.8, inside the band.
@Suite struct ConsistencyTests {
    @Test func unitOutOfLineWithItsParent() throws {
        let metadata = Metadata(
            categories: [], elements: [DataElement(code: "births", name: "Births")], indicators: [], datasets: [])
        var s = InMemoryValueSource()
        for (code, unit) in QualityAuditTests.tree.index where code != "C" {
            for year in 2022...2025 {
                s.add(
                    "births", unit: unit, period: try Period("\(year)06"),
                    value: year == 2025 && code == "T" ? 200 : 100)
            }
        }
        let audit = QualityAudit(aggregator: Aggregator(metadata: metadata, tree: QualityAuditTests.tree, source: s))
        let r = try audit.run(orgUnit: 0, period: try Period("2025"))
        let findings = r.findings(of: ConsistencyCheck.self)
        #expect(findings.count == 1)
        let t = try #require(findings.first)
        #expect(QualityAuditTests.tree.units[t.finding.unit].code == "T")
        #expect(
            t.payload.unitRatio == 2 && t.payload.comparisonRatio == 1.25 && t.payload.relative == 1.6
                && t.finding.severity == .moderate)
        #expect(t.payload.band == 0.33 && t.payload.element == "births")
    }
}

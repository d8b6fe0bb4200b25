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

    func units(_ r: AuditResult, _ check: Finding.Check) -> [String] {
        r.findings.filter { $0.check == check }.map { QualityAuditTests.tree.units[$0.unit].code }.sorted()
    }

    @Test func validationRulesWithEachMissingValueStrategy() throws {
        let any = try Self.audit(.skipIfAnyMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf)
        #expect(units(any, .validation) == ["T"])
        let t = try #require(any.findings.first { $0.check == .validation })
        #expect(t.value == 5 && t.expected == 3 && t.rule == "a_le_b" && t.period.identifier == "202501")
        // V's missing b counts as 0 (1 <= 0 fails); W, with both missing, is skipped.
        #expect(
            units(
                try Self.audit(.skipIfAllMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf),
                .validation) == ["T", "V"])
        // Never skip: W's 0 <= 0 holds.
        #expect(
            units(
                try Self.audit(.neverSkip).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf), .validation)
                == ["T", "V"])
    }

    @Test func completenessOfIndicatorData() throws {
        let r = try Self.audit(.skipIfAnyMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf)
        let county = r.findings.filter { $0.check == .elementCompleteness && $0.unit == 0 }
        // a: 3 of 4 values (75%, moderate); b: 2 of 4 (50%, extreme).
        #expect(county.map(\.element).sorted() == ["a", "b"])
        #expect(
            county.first { $0.element == "a" }?.score == 0.75
                && county.first { $0.element == "a" }?.severity == .moderate)
        #expect(
            county.first { $0.element == "b" }?.score == 0.5 && county.first { $0.element == "b" }?.severity == .extreme
        )
        // Reporting: 3 of 4 reports (75%, flagged below 90%); all received on time (75%, not below 75%).
        #expect(units(r, .completeness) == ["C", "W"])
        #expect(r.findings.first { $0.check == .completeness && $0.unit == 0 }?.score == 0.75)
        #expect(!units(r, .timeliness).contains("C"))
    }

    @Test func scoreIsTheShareOfChecksPassed() throws {
        let r = try Self.audit(.skipIfAnyMissing).run(orgUnit: 0, period: try Period("202501"), asOf: Self.asOf)
        func score(_ code: String) -> Double? {
            r.findings.first { $0.check == .score && QualityAuditTests.tree.units[$0.unit].code == code }?.score
        }
        // Five checks apply (completeness, timeliness, element a, element b, the rule).
        // T fails only the rule: 4/5. The county fails completeness, both elements and the rule: 1/5.
        // W fails completeness, timeliness and both elements: 1/5. U passes all.
        #expect(score("T") == 0.8)
        #expect(score("C") == 0.2)
        #expect(score("W") == 0.2)
        #expect(score("U") == 1)
        #expect(r.findings.first { $0.check == .score }?.severity == .info)
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
        let findings = r.findings.filter { $0.check == .consistency }
        #expect(findings.count == 1)
        let t = try #require(findings.first)
        #expect(QualityAuditTests.tree.units[t.unit].code == "T")
        #expect(t.value == 2 && t.expected == 1.25 && t.score == 1.6 && t.severity == .moderate)
    }
}

import TallyCore
import Testing

/// A rule's decision on the totals of its references, worked by hand: `#{a} - #{b.male} <= #{a} / 2`, references
/// `a`, `b.male` (left) and `a` (right).
@Suite struct ValidationRuleTests {
    static func rule(_ missing: ValidationRule.MissingValueStrategy) throws -> ValidationRule {
        ValidationRule(
            code: "r", name: LocalizedText("r"), left: try Expression(parsing: "#{a} - #{b.male}"),
            op: .lessOrEqual, right: try Expression(parsing: "#{a} / 2"), missing: missing)
    }

    @Test func theReferencesAndTheElementsNamed() throws {
        let rule = try Self.rule(.skipIfAnyMissing)
        #expect(
            rule.sideReferences == [
                ElementReference(element: "a"), ElementReference(element: "b", options: ["male"]),
                ElementReference(element: "a"),
            ])
        #expect(rule.namedElements == ["a", "b"])
    }

    @Test func theSidesOfABreakAndWhatTheStrategiesSkip() throws {
        let references = try Self.rule(.skipIfAnyMissing).sideReferences
        // a 10, b.male 2: left 10 − 2 = 8 > right 10 / 2 = 5: broken.
        #expect(try Self.rule(.skipIfAnyMissing).sidesIfBroken(references, totals: [10, 2, 10])! == (8, 5))
        // a 10, b.male 6: left 4 ≤ 5: holds.
        #expect(try Self.rule(.neverSkip).sidesIfBroken(references, totals: [10, 6, 10]) == nil)
        // b.male missing: skipped when any is missing; otherwise it counts as 0: left 10 > right 5.
        #expect(try Self.rule(.skipIfAnyMissing).sidesIfBroken(references, totals: [10, nil, 10]) == nil)
        #expect(try Self.rule(.skipIfAllMissing).sidesIfBroken(references, totals: [10, nil, 10])! == (10, 5))
        // All missing: skipped unless never skipped; never skipped, 0 ≤ 0 holds.
        #expect(try Self.rule(.skipIfAllMissing).sidesIfBroken(references, totals: [nil, nil, nil]) == nil)
        #expect(try Self.rule(.neverSkip).sidesIfBroken(references, totals: [nil, nil, nil]) == nil)
        // Only b.male given, never skipped: left 0 − 3 = −3 ≤ 0 holds; a given as 4 and b.male 3: 1 ≤ 2 holds.
        #expect(try Self.rule(.neverSkip).sidesIfBroken(references, totals: [nil, 3, nil]) == nil)
        #expect(try Self.rule(.neverSkip).sidesIfBroken(references, totals: [4, 3, 4]) == nil)
    }
}

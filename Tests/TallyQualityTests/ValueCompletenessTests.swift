import TallyQuality
import Testing

@Suite("ValueCompleteness")
struct ValueCompletenessTests {
    /// Three villages' monthly values of an element with two combos (24 expected), and one not reporting it.
    static let villages: [(unit: String, values: ValueCompleteness)] = [
        ("a", ValueCompleteness(expected: 24, present: 24, zeros: 6)),
        ("b", ValueCompleteness(expected: 24, present: 20, zeros: 0)),
        ("c", ValueCompleteness(expected: 24, present: 22, zeros: 2)),
        ("d", ValueCompleteness(expected: 0, present: 0, zeros: 0)),
    ]

    @Test("Missing and zero values apart")
    func shares() {
        let a = Self.villages[0].values
        #expect(a.completeness == 1 && a.missing == 0 && a.zeroShare == 0.25 && a.nonZeroCompleteness == 0.75)
        let c = Self.villages[2].values
        #expect(c.completeness == 22.0 / 24 && c.missing == 2 && c.missingShare == 2.0 / 24)
        #expect(c.nonZeroCompleteness == 20.0 / 24)
        #expect(Self.villages[3].values.completeness == nil && Self.villages[3].values.zeroShare == nil)
        // Defences: negative counts are 0; zeros at most the values present; more present than expected.
        #expect(
            ValueCompleteness(expected: -3, present: -1, zeros: -1)
                == ValueCompleteness(expected: 0, present: 0, zeros: 0))
        #expect(ValueCompleteness(expected: 10, present: 4, zeros: 9).zeros == 4)
        #expect(ValueCompleteness(expected: 10, present: 12, zeros: 0).missing == 0)
    }

    @Test("The table: zeros are values (1 of 3 divergent), or counted as missing (3 of 3)")
    func table() {
        let table = ValueCompleteness.table(Self.villages)
        #expect(table.divergent == ["b"] && table.judgedCount == 3 && table.skipped == ["d"])
        #expect(table.divergentShare == 1.0 / 3)
        // The county: 66 of 72 present, 8 zeros, 6 missing.
        let county = table.boundary
        #expect(county == ValueCompleteness(expected: 72, present: 66, zeros: 8))
        #expect(county?.completeness == 66.0 / 72 && county?.missing == 6)
        #expect(table.boundaryIsDivergent == false)
        // Zeros as missing (DHIS2's unstored zeros): a 75%, b 83.3%, c 83.3%: all below 90%.
        let strict = ValueCompleteness.table(Self.villages, zerosCountAsMissing: true)
        #expect(strict.divergent == ["a", "b", "c"] && strict.boundaryIsDivergent == true)
        #expect(ValueCompleteness.table(Self.villages, threshold: 0.8).divergentCount == 0)
    }
}

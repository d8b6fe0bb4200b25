import TallyQuality
import Testing

@Suite("ConsistencyRatio")
struct ConsistencyRatioTests {
    @Test("Value over the mean of the previous three")
    func ratio() {
        // Mean of 90, 100, 110 is 100 (the oldest value, 500, is outside the window).
        #expect(ConsistencyRatio.ratio(value: 120, previous: [500, 90, 100, 110]) == 1.2)
        #expect(ConsistencyRatio.ratio(value: 120, previous: [90, 100, 110]) == 1.2)
        // Fewer than three: the mean of what there is, (40 + 60)/2 = 50.
        #expect(ConsistencyRatio.ratio(value: 75, previous: [40, 60]) == 1.5)
        #expect(ConsistencyRatio.ratio(value: 75, previous: [25]) == 3)
        // 100 / ((1 + 2 + 4)/3) = 300/7.
        #expect(isClose(ConsistencyRatio.ratio(value: 100, previous: [1, 2, 4]), 300.0 / 7))
        #expect(ConsistencyRatio.ratio(value: 10, previous: [1, 2, 3, 4, 5], window: 2) == 10 / 4.5)
    }

    @Test("No previous values or a zero mean")
    func undefined() {
        #expect(ConsistencyRatio.ratio(value: 5, previous: []) == nil)
        #expect(ConsistencyRatio.ratio(value: 5, previous: [0, 0, 0]) == nil)
        #expect(ConsistencyRatio.ratio(value: 5, previous: [9, 0, 0, 0]) == nil)
        #expect(ConsistencyRatio.ratio(value: 0, previous: [4, 0, 2]) == 0)
    }

    @Test("Relative to the parent's ratio")
    func relativeToParent() throws {
        let same = try #require(ConsistencyRatio.relativeToParent(unitRatio: 1.1, parentRatio: 1.1))
        #expect(same.relative == 1 && !same.isFlagged && same.tolerance == 0.33)
        let high = try #require(ConsistencyRatio.relativeToParent(unitRatio: 1.5, parentRatio: 1.0))
        #expect(high.relative == 1.5 && high.isFlagged)
        let low = try #require(ConsistencyRatio.relativeToParent(unitRatio: 0.6, parentRatio: 1.0))
        #expect(low.isFlagged)
        let inside = try #require(ConsistencyRatio.relativeToParent(unitRatio: 1.3, parentRatio: 1.0))
        #expect(!inside.isFlagged)
        let custom = try #require(ConsistencyRatio.relativeToParent(unitRatio: 1.3, parentRatio: 1.0, tolerance: 0.2))
        #expect(custom.isFlagged)
        #expect(ConsistencyRatio.relativeToParent(unitRatio: 1.2, parentRatio: 0) == nil)
    }

    @Test("The reference: the mean of the years present, or their trend one year on")
    func reference() {
        #expect(ConsistencyRatio.reference([19, 21, 20], method: .meanOfPrevious) == 20)
        #expect(ConsistencyRatio.reference([nil, 30, 40], method: .meanOfPrevious) == 35)
        #expect(ConsistencyRatio.reference([nil, nil], method: .meanOfPrevious) == nil)
        #expect(ConsistencyRatio.reference([], method: .meanOfPrevious) == nil)
        // 100, 110, 120 → 130; with the middle year left out the line is the same.
        #expect(isClose(ConsistencyRatio.reference([100, 110, 120], method: .forecast), 130))
        #expect(isClose(ConsistencyRatio.reference([100, nil, 120], method: .forecast), 130))
        #expect(ConsistencyRatio.reference([nil, 120, nil], method: .forecast) == nil)
        // 10, 5, 1: slope −4.5, mean 16/3 at step 1; at step 3: 16/3 − 9 < 0 → 0.
        #expect(ConsistencyRatio.reference([10, 5, 1], method: .forecast) == 0)
        // Rates capped at 1: 0.9, 0.95, 1.0 → 1.05 → 1; a mean of 1.1 → 1.
        #expect(ConsistencyRatio.reference([0.9, 0.95, 1.0], method: .forecast, cap: 1) == 1)
        #expect(isClose(ConsistencyRatio.reference([0.9, 0.95, 1.0], method: .forecast), 1.05))
        #expect(ConsistencyRatio.reference([1.2, 1.0], method: .meanOfPrevious, cap: 1) == 1)
    }

    @Test("A count against reference × comparison ratio: a drop to zero has P = e⁻²⁰")
    func countTest() {
        // Higher-order births about 20 a year (19, 21, 20), now 0; the county holds steady (ratio 1).
        let drop = ConsistencyRatio.countTest(value: 0, reference: 20, comparisonRatio: 1)
        #expect(drop.expected == 20 && drop.ratio == 0 && drop.relative == 0)
        #expect(drop.tail.side == .below && drop.tail.count == 0)
        #expect(isClose(drop.tail.probability, 2.061153622438558e-09))
        // The county grew by a quarter: 16 before → 20 expected.
        let grown = ConsistencyRatio.countTest(value: 0, reference: 16, comparisonRatio: 1.25)
        #expect(grown.expected == 20 && isClose(grown.tail.probability, 2.061153622438558e-09))
        // Above: 150 against 100 → P(X ≥ 150 | 100) = 1.88e-6 (SciPy 1.8842104660386844e-06).
        let rise = ConsistencyRatio.countTest(value: 150, reference: 100, comparisonRatio: 1)
        #expect(rise.tail.side == .above && isClose(rise.tail.probability, 1.8842104660386844e-06, tolerance: 1e-10))
        #expect(rise.ratio == 1.5 && rise.relative == 1.5)
        // The old prediction, value ÷ unit ratio × parent ratio, is 0/0 for a count of 0: never flagged.
        let unitRatio = 0.0 / 20
        #expect(PoissonTail.beyond(0, mean: 0 / unitRatio * 1).probability.isNaN)
        // No reference: no ratio, the test still runs.
        let none = ConsistencyRatio.countTest(value: 3, reference: 0, comparisonRatio: 1)
        #expect(none.ratio == nil && none.relative == nil && none.tail.probability == 0)
        #expect(ConsistencyRatio.countTest(value: 3, reference: 2, comparisonRatio: 0).relative == nil)
    }
}

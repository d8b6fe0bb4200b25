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
}

import TallyQuality
// Reference lines in ReferenceValues.swift: numpy.polyfit(x, y, 1) over the present points, by
// reference/make_reference.py. Compared with a relative tolerance of 1e-12 (absolute 1e-12 near 0).
import Testing

@Suite("LinearTrend")
struct LinearTrendTests {
    @Test("Lines match numpy.polyfit", arguments: Reference.trends)
    func matchesNumPy(_ row: Reference.Trend) throws {
        let trend = try #require(LinearTrend(row.values))
        #expect(abs(trend.slope - row.slope) <= 1e-12 * max(1, abs(row.slope)), "\(trend.slope)")
        #expect(abs(trend.intercept - row.intercept) <= 1e-12 * max(1, abs(row.intercept)))
        #expect(abs(trend.forecast - row.forecast) <= 1e-12 * max(1, abs(row.forecast)))
        #expect(trend.count == row.values.count)
    }

    @Test("Hand-worked lines")
    func handWorked() throws {
        // 100, 110, 120: slope 10, intercept 100, 130 at step 3.
        let rising = try #require(LinearTrend([100, 110, 120]))
        #expect(rising.slope == 10 && rising.intercept == 100 && rising.forecast == 130)
        #expect(rising.value(at: 1.5) == 115)
        // A zero is a value (the DQR app drops it): 0, 0, 10 → slope 5, mean 10/3 at step 1 → 40/3 at step 3.
        let fromZero = try #require(LinearTrend([0, 0, 10]))
        #expect(fromZero.slope == 5 && isClose(fromZero.forecast, 40.0 / 3))
        // A missing year keeps its place: nil, 80, 60 → slope −20, 40 at step 3.
        let falling = try #require(LinearTrend([nil, 80, 60]))
        #expect(falling.slope == -20 && falling.forecast == 40 && falling.count == 3)
    }

    @Test("No line through fewer than two values or through values that are not numbers")
    func undefined() {
        #expect(LinearTrend([]) == nil)
        #expect(LinearTrend([5]) == nil)
        #expect(LinearTrend([nil, 5, nil]) == nil)
        #expect(LinearTrend([1, .infinity]) == nil)
        #expect(LinearTrend([1, .nan, 3]) == nil)
    }
}

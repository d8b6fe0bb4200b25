import TallyQuality
// Reference values in ReferenceValues.swift were computed independently by reference/make_reference.py with
// NumPy 2.4.6 (SciPy 1.17.1 installed, Python 3.11.7): mean and std(ddof=1) with NumPy, the median with
// numpy.median, MAD = median(|xᵢ − median|) and the scores written out by hand in Python, not by Tally code.
// Compared with a relative tolerance of 1e-12.
import Testing

@Suite("OutlierScore")
struct OutlierScoreTests {
    @Test("Scores and statistics match NumPy", arguments: Reference.outliers)
    func matchesNumPy(_ row: Reference.Outlier) throws {
        #expect(isClose(OutlierScore.zScore(row.x, reference: row.reference), row.z))
        #expect(isClose(OutlierScore.modifiedZScore(row.x, reference: row.reference), row.modifiedZ))
        let summary = try #require(OutlierScore.summary(row.x, reference: row.reference))
        #expect(summary.value == row.x)
        #expect(summary.referenceCount == row.reference.count)
        #expect(isClose(summary.mean, row.mean))
        #expect(isClose(summary.standardDeviation, row.sd))
        #expect(isClose(summary.median, row.median))
        #expect(isClose(summary.medianAbsoluteDeviation, row.mad))
        #expect(isClose(summary.zScore, row.z))
        #expect(isClose(summary.modifiedZScore, row.modifiedZ))
        #expect(isClose(OutlierScore.median(row.reference), row.median))
        #expect(isClose(OutlierScore.medianAbsoluteDeviation(row.reference), row.mad))
        #expect(isClose(OutlierScore.sampleStandardDeviation(row.reference), row.sd))
    }

    @Test("Hand-computed scores")
    func handComputed() throws {
        // Reference 10, 12, 14: mean 12, s = 2, median 12, MAD = median(2, 0, 2) = 2.
        let reference = [10.0, 14.0, 12.0]
        #expect(OutlierScore.zScore(18, reference: reference) == 3)
        #expect(OutlierScore.zScore(8, reference: reference) == -2)
        #expect(OutlierScore.modifiedZScore(18, reference: reference) == 0.6745 * 6 / 2)
        let summary = try #require(OutlierScore.summary(18, reference: reference))
        #expect(summary.severity == .extreme)
        #expect(summary.isModifiedZOutlier == false)  // 2.0235 ≤ 3.5
        let range = try #require(summary.expectedRange)
        #expect(range.low == 8 && range.high == 16)
        let robust = summary.robustExpectedRange
        #expect(isClose(robust.low, 12 - 3.5 * 2 / 0.6745))
        #expect(isClose(robust.high, 12 + 3.5 * 2 / 0.6745))
        // 0.6745 · |40 − 12| / 2 = 9.443 > 3.5.
        #expect(try #require(OutlierScore.summary(40, reference: reference)).isModifiedZOutlier)
    }

    @Test("Median of an even count is the mean of the two middle values")
    func evenMedian() {
        #expect(OutlierScore.median([4, 1, 3, 2]) == 2.5)
        #expect(OutlierScore.median([7]) == 7)
        #expect(OutlierScore.median([]) == nil)
        // |xᵢ − 2.5| = 1.5, 0.5, 0.5, 1.5 → MAD = 1.
        #expect(OutlierScore.medianAbsoluteDeviation([4, 1, 3, 2]) == 1)
    }

    @Test("Degenerate references")
    func degenerate() throws {
        #expect(OutlierScore.zScore(5, reference: []) == nil)
        #expect(OutlierScore.zScore(5, reference: [3]) == nil)
        #expect(OutlierScore.zScore(5, reference: [3, 3, 3]) == nil)
        #expect(OutlierScore.modifiedZScore(5, reference: []) == nil)
        #expect(OutlierScore.modifiedZScore(1_000, reference: [3, 3, 3, 4]) == 0)
        #expect(OutlierScore.summary(5, reference: []) == nil)
        let single = try #require(OutlierScore.summary(5, reference: [3]))
        #expect(single.standardDeviation == nil && single.zScore == nil && single.expectedRange == nil)
        #expect(single.severity == .none && single.modifiedZScore == 0)
        let flat = try #require(OutlierScore.summary(9, reference: [3, 3]))
        #expect(flat.standardDeviation == 0 && flat.zScore == nil)
        #expect(flat.robustExpectedRange.low == 3 && flat.robustExpectedRange.high == 3)
    }

    @Test(
        "WHO severity grades",
        arguments: [
            (0.0, OutlierScore.Severity.none), (1.999, .none), (2, .moderate), (-2, .moderate),
            (2.999, .moderate), (3, .extreme), (-7.5, .extreme), (.nan, .none),
        ]
    )
    func severity(_ z: Double, _ expected: OutlierScore.Severity) {
        #expect(OutlierScore.severity(z: z) == expected)
    }

    @Test("Constants")
    func constants() {
        #expect(OutlierScore.modifiedZThreshold == 3.5)
        #expect(OutlierScore.madScale == 0.6745)
        #expect(OutlierScore.Severity.none < .moderate && OutlierScore.Severity.moderate < .extreme)
    }
}

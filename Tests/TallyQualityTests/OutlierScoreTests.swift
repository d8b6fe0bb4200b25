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
        #expect(isClose(summary.meanAbsoluteDeviation, row.meanAD))
        #expect(isClose(OutlierScore.meanAbsoluteDeviation(row.reference), row.meanAD))
        #expect(isClose(OutlierScore.robustZScore(row.x, reference: row.reference)?.value, row.robustZ))
        #expect(isClose(summary.robustZScore?.value, row.robustZ))
    }

    @Test("When MAD = 0 the robust score falls back to the mean absolute deviation")
    func robustFallback() throws {
        // 22 zeros, 5 ones and 8 twos: median 0, MAD 0, MeanAD = (5 + 16)/35 = 0.6.
        let reference =
            [Double](repeating: 0, count: 22) + [Double](repeating: 1, count: 5)
            + [Double](repeating: 2, count: 8)
        #expect(OutlierScore.medianAbsoluteDeviation(reference) == 0)
        #expect(isClose(OutlierScore.meanAbsoluteDeviation(reference), 0.6))
        #expect(OutlierScore.modifiedZScore(40, reference: reference) == 0)  // DHIS2's rule: blind
        let robust = try #require(OutlierScore.robustZScore(40, reference: reference))
        #expect(robust.spread == .meanAbsoluteDeviation)
        // √(2/π) · 40 / 0.6 = 53.19…
        #expect(isClose(robust.value, (2 / Double.pi).squareRoot() * 40 / 0.6))
        #expect(isClose(OutlierScore.meanDeviationScale, 1 / (Double.pi / 2).squareRoot()))
        // With a MAD the score is the modified z-score: reference 10, 12, 14 (MAD 2), 0.6745 · 28 / 2.
        let plain = try #require(OutlierScore.robustZScore(40, reference: [10, 14, 12]))
        #expect(plain.spread == .medianAbsoluteDeviation && plain.value == 0.6745 * 28 / 2)
        // The score is an absolute value on either side.
        #expect(OutlierScore.robustZScore(-16, reference: [10, 14, 12])?.value == plain.value)
        // A constant reference has no robust score.
        #expect(OutlierScore.robustZScore(60, reference: [5, 5, 5]) == nil)
        #expect(OutlierScore.robustZScore(60, reference: []) == nil)
        #expect(OutlierScore.meanAbsoluteDeviation([]) == nil)
    }

    @Test("Grades within a series, the DQR app's way (the value in its own reference)")
    func gradesWithinSeries() {
        // Mean 12.5, s = √(825/11) = 8.660; 40 is 27.5/8.660 = 3.175 s out: (n − 1)/√n, the most 12 values allow.
        let spike: [Double] = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 40]
        #expect(OutlierScore.gradesWithinSeries(spike) == Array(repeating: .none, count: 11) + [.extreme])
        // Mean 10, s = √(84/11) = 2.763; 16 and 4 are 2.171 s out: moderate.
        let pair: [Double] = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 16, 4]
        let grades = OutlierScore.gradesWithinSeries(pair)
        #expect(grades[10] == .moderate && grades[11] == .moderate)
        #expect(grades.prefix(10).allSatisfy { $0 == .none })
        // Bounds are strict and are parameters: 2.171 s is not beyond 2.171… with a limit of 2.2.
        #expect(OutlierScore.gradesWithinSeries(pair, moderate: 2.2, extreme: 3).allSatisfy { $0 == .none })
        #expect(OutlierScore.gradesWithinSeries(pair, moderate: 1, extreme: 2)[10] == .extreme)
        // No spread, one value or none: nothing graded.
        #expect(OutlierScore.gradesWithinSeries([5, 5, 5]) == [.none, .none, .none])
        #expect(OutlierScore.gradesWithinSeries([5]) == [.none])
        #expect(OutlierScore.gradesWithinSeries([]).isEmpty)
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

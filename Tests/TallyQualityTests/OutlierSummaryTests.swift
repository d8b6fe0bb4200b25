import TallyQuality
import Testing

@Suite("OutlierSummary")
struct OutlierSummaryTests {
    @Test("% of values extreme; subunits with ≥ 1 extreme or ≥ 2 moderate")
    func summary() {
        let none = [OutlierScore.Severity](repeating: .none, count: 10)
        let summary = OutlierSummary<String>([
            ("a", none + [.extreme, .moderate]),
            ("b", none + [.moderate, .moderate]),
            ("c", none + [.moderate, .none]),
            ("d", []),
        ])
        #expect(summary.table.boundary == OutlierSummary<String>.Row(values: 36, extreme: 1, moderate: 4))
        #expect(summary.extremeShare == 1.0 / 36 && summary.moderateShare == 4.0 / 36)
        #expect(summary.withExtreme == ["a"] && summary.withModerates == ["b"])
        #expect(summary.table.divergent == ["a", "b"] && summary.table.skipped == ["d"])
        #expect(summary.table.divergentShare == 2.0 / 3)
        #expect(summary.table.boundaryIsDivergent == true)
    }

    @Test("From the DQR app's grading within a year")
    func fromGrades() {
        let summary = OutlierSummary<Int>([
            (1, OutlierScore.gradesWithinSeries([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 40])),
            (2, OutlierScore.gradesWithinSeries([10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 16, 4])),
            (3, OutlierScore.gradesWithinSeries([7, 7, 7])),
        ])
        #expect(summary.withExtreme == [1] && summary.withModerates == [2])
        #expect(summary.extremeShare == 1.0 / 27 && summary.moderateShare == 2.0 / 27)
    }

    @Test("No values")
    func empty() {
        let summary = OutlierSummary<Int>([(1, [])])
        #expect(summary.extremeShare == nil && summary.moderateShare == nil && summary.table.boundary == nil)
        #expect(summary.table.divergentShare == nil && summary.table.skipped == [1])
    }
}

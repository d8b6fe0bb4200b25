import TallyQuality
// Reference estimates in ReferenceValues.swift: Chapman's estimate and Seber's variance in exact fractions,
// z from scipy.stats.norm.ppf, the Wald and Chao log-normal intervals by their definitions (Var/f² from the
// two exact rationals), by reference/make_reference.py. Compared with a relative tolerance of 1e-12.
import Testing

@Suite("CaptureRecapture")
struct CaptureRecaptureTests {
    @Test("Estimates match the independent computation", arguments: Reference.captureRecapture)
    func matchesReference(_ row: Reference.Capture) throws {
        let estimate = try CaptureRecapture.estimate(
            first: Double(row.first), second: Double(row.second), matched: Double(row.matched),
            confidence: row.confidence)
        guard case .estimate(let result) = estimate else {
            Issue.record("no estimate for \(row.first), \(row.second), \(row.matched)")
            return
        }
        #expect(isClose(result.total, row.total))
        #expect(isClose(result.variance, row.variance))
        #expect(isClose(result.z, row.z))
        #expect(isClose(result.normalInterval.low, row.normalLow))
        #expect(isClose(result.normalInterval.high, row.normalHigh))
        #expect(isClose(result.logNormalInterval.low, row.chaoLow))
        #expect(isClose(result.logNormalInterval.high, row.chaoHigh))
        #expect(isClose(result.missedByBoth, row.missed))
        #expect(isClose(result.firstCompleteness, row.firstCompleteness))
        #expect(isClose(result.secondCompleteness, row.secondCompleteness))
        #expect(result.logNormalInterval.low >= Double(result.observed))
    }

    @Test("Hand-computed: 60 registered, 50 in hospital, 30 on both")
    func handComputed() throws {
        guard case .estimate(let r) = try CaptureRecapture.estimate(first: 60, second: 50, matched: 30) else {
            Issue.record("no estimate")
            return
        }
        // N̂ = 61 · 51 / 31 − 1 = 3080/31 = 99.355.
        #expect(isClose(r.total, 3080.0 / 31))
        // Var = 61 · 51 · 30 · 20 / (31² · 32) = 1,866,600 / 30,752 = 60.698.
        #expect(isClose(r.variance, 1_866_600.0 / 30_752))
        #expect(isClose(r.standardError, (1_866_600.0 / 30_752).squareRoot()))
        #expect(r.observed == 80)
        // Missed by both: 30 · 20 / 31 = 19.35 = N̂ − 80.
        #expect(isClose(r.missedByBoth, 600.0 / 31))
        #expect(isClose(r.missedByBoth, r.total - 80))
        // Completeness: 60 / N̂ = 1860/3080, 50 / N̂ = 1550/3080, together 80 · 31/3080.
        #expect(isClose(r.firstCompleteness, 1860.0 / 3080))
        #expect(isClose(r.secondCompleteness, 1550.0 / 3080))
        #expect(isClose(r.combinedCompleteness, 2480.0 / 3080))
        #expect(r.confidence == 0.95 && isClose(r.z, 1.959963984540054))
        #expect(r.first == 60 && r.second == 50 && r.matched == 30)
    }

    @Test("One list holding every match: no one is missed, the interval is a point")
    func completeList() throws {
        guard case .estimate(let r) = try CaptureRecapture.estimate(first: 10, second: 25, matched: 10) else {
            Issue.record("no estimate")
            return
        }
        #expect(r.total == 25 && r.variance == 0 && r.missedByBoth == 0)
        #expect(r.normalInterval == (25, 25) && r.logNormalInterval == (25, 25))
        #expect(r.firstCompleteness == 0.4 && r.secondCompleteness == 1)
    }

    @Test("No match: the estimate is undefined, not a number")
    func undefined() throws {
        #expect(try CaptureRecapture.estimate(first: 12, second: 9, matched: 0) == .undefined(first: 12, second: 9))
        #expect(try CaptureRecapture.estimate(first: 0, second: 0, matched: 0) == .undefined(first: 0, second: 0))
    }

    @Test(
        "Impossible counts are refused with their reason",
        arguments: [
            (-1.0, 5.0, 0.0, CaptureRecapture.InputError.negative(.first, -1)),
            (5, -2, 0, .negative(.second, -2)),
            (5, 5, -1, .negative(.matched, -1)),
            (5.5, 5, 1, .notWhole(.first, 5.5)),
            (5, 5, 0.25, .notWhole(.matched, 0.25)),
            (.nan, 5, 1, .notFinite(.first, .nan)),
            (5, .infinity, 1, .notFinite(.second, .infinity)),
            (1e300, 5, 1, .tooLarge(.first, 1e300)),
            (4, 10, 6, .matchedExceedsFirst(matched: 6, first: 4)),
            (10, 5, 6, .matchedExceedsSecond(matched: 6, second: 5)),
            (-1, 5, 7, .negative(.first, -1)),  // the first problem found is reported
        ]
    )
    func refused(_ first: Double, _ second: Double, _ matched: Double, _ error: CaptureRecapture.InputError) {
        let result = Result { () throws(CaptureRecapture.InputError) in
            try CaptureRecapture.estimate(first: first, second: second, matched: matched)
        }
        guard case .failure(let failure) = result else {
            Issue.record("accepted \(first), \(second), \(matched)")
            return
        }
        // NaN is not equal to itself: the code and the sentence say the same.
        #expect(failure.code == error.code)
        #expect(failure.description == error.description)
        if !first.isNaN { #expect(failure == error) }
    }

    @Test("Stable codes and sentences name the count and the value")
    func messages() {
        #expect(CaptureRecapture.InputError.negative(.second, -2).code == "captureRecapture.negative")
        #expect(
            CaptureRecapture.InputError.matchedExceedsFirst(matched: 6, first: 4).description
                == "matched is 6.0, more than the 4.0 events of the first list")
        #expect(CaptureRecapture.InputError.notWhole(.matched, 0.25).description.hasPrefix("matched is 0.25"))
        #expect(CaptureRecapture.Count.allCases.map(\.rawValue) == ["first", "second", "matched"])
    }
}

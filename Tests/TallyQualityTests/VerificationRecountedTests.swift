import TallyQuality
import Testing

@Suite("VerificationFactor over the recounted units")
struct VerificationRecountedTests {
    @Test("Three villages recounted at 0.961 and one never recounted: 0.961 passes, not 0.858")
    func recountedOnly() throws {
        // Reported 90, 80, 88 (258), verified 87, 76, 85 (248); the fourth village reported 31, never recounted.
        let units: [(reported: Double?, verified: Double?)] = [(90, 87), (80, 76), (88, 85), (31, nil)]
        let town = VerificationFactor.recounted(units)
        #expect(town.recountedUnits == 3 && town.reportingUnits == 4 && town.recountedWithoutReport == 0)
        #expect(town.recountedReported == 258 && town.verified == 248 && town.totalReported == 289)
        #expect(town.factor == 248.0 / 258)  // 0.961
        #expect(town.flag == nil)
        // The old mixing: 248 / 289 = 0.858, over-reporting.
        let mixed = VerificationFactor(reported: 289, verified: 248)
        #expect(isClose(mixed.factor, 0.858_131_487_889_273_4) && mixed.flag == .overReported)
    }

    @Test("A recount of a unit whose report is missing is counted apart")
    func withoutReport() {
        let town = VerificationFactor.recounted([(100, 95), (nil, 12), (nil, nil)])
        #expect(town.recountedUnits == 1 && town.recountedWithoutReport == 1 && town.reportingUnits == 1)
        #expect(town.factor == 0.95 && town.flag == nil)
    }

    @Test("Flags over the recounted units, and nothing recounted")
    func flags() {
        // Recounted 100 → 80 and 50 → 45: 125/150 = 0.833, over-reporting.
        let over = VerificationFactor.recounted([(100, 80), (50, 45), (70, nil)])
        #expect(isClose(over.factor, 125.0 / 150) && over.flag == .overReported)
        let under = VerificationFactor.recounted([(40, 52), (10, 11)], lowerThreshold: 0.9, upperThreshold: 1.2)
        #expect(isClose(under.factor, 63.0 / 50) && under.flag == .underReported)
        // Nothing recounted: the total reported with no verified count.
        let none = VerificationFactor.recounted([(10, nil), (20, nil)])
        #expect(none.recountedUnits == 0 && none.verified == nil && none.factor == nil)
        #expect(none.totalReported == 30 && none.flag == .reportsWithoutVerification)
        // Recounted, all zero on both sides: no factor, no flag.
        let zero = VerificationFactor.recounted([(0, 0)])
        #expect(zero.factor == nil && zero.flag == nil && zero.recountedUnits == 1)
        let empty = VerificationFactor.recounted([])
        #expect(empty.reportingUnits == 0 && empty.flag == nil && empty.factor == nil)
        // The thresholds travel to the check.
        let strict = VerificationFactor.recounted([(100, 96)], lowerThreshold: 0.97, upperThreshold: 1.03)
        #expect(strict.flag == .overReported && strict.check.lowerThreshold == 0.97)
    }
}

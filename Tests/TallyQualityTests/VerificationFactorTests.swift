import TallyQuality
import Testing

@Suite("VerificationFactor")
struct VerificationFactorTests {
    @Test(
        "Factor and flag",
        arguments: [
            (100.0, 100.0 as Double?, 1.0 as Double?, nil as VerificationFactor.Flag?),
            (100, 90, 0.9, nil),  // the lower bound itself passes
            (100, 110, 1.1, nil),  // the upper bound itself passes
            (100, 89, 0.89, .overReported),
            (100, 111, 1.11, .underReported),
            (250, 200, 0.8, .overReported),
            (40, 52, 1.3, .underReported),
            (100, 0, 0, .reportsWithoutVerification),
            (100, nil, nil, .reportsWithoutVerification),
            (0, 0, nil, nil),
            (0, nil, nil, nil),
            (0, 12, nil, nil),
        ]
    )
    func factorAndFlag(_ reported: Double, _ verified: Double?, _ factor: Double?, _ flag: VerificationFactor.Flag?) {
        let result = VerificationFactor(reported: reported, verified: verified)
        #expect(result.factor == factor)
        #expect(result.flag == flag)
    }

    @Test("Thresholds are parameters")
    func thresholds() {
        let strict = VerificationFactor(reported: 100, verified: 96, lowerThreshold: 0.97, upperThreshold: 1.03)
        #expect(strict.flag == .overReported)
        #expect(strict.lowerThreshold == 0.97 && strict.upperThreshold == 1.03)
        let loose = VerificationFactor(reported: 100, verified: 125, lowerThreshold: 0.5, upperThreshold: 1.5)
        #expect(loose.flag == nil)
        let defaults = VerificationFactor(reported: 1, verified: 1)
        #expect(defaults.lowerThreshold == 0.90 && defaults.upperThreshold == 1.10)
    }

    @Test("The factor is verified ÷ reported at full precision")
    func precision() {
        #expect(VerificationFactor(reported: 3, verified: 1).factor == 1.0 / 3)
        #expect(VerificationFactor(reported: 7, verified: 13).factor == 13.0 / 7)
    }
}

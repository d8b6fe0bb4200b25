import TallyAudit
import TallyCore
import Testing

/// `OutlierCheck.Rule`: the audit's one rule for a value against the same unit's others, which the audit and the
/// entry form share, and the range of values it leaves alone that the form marks typed values with.
@Suite struct OutlierCheckRuleTests {
    static let settings = QualitySettings()

    static func rule(
        count: Bool, minimum: Double? = nil, maximum: Double? = nil, negative: Bool = false
    )
        -> OutlierCheck.Rule
    {
        var element = DataElement(
            code: "x", name: "X", valueType: count ? .integer : .number, allowNegative: negative)
        element.minimum = minimum
        element.maximum = maximum
        return OutlierCheck.Rule(element: element, settings: settings)
    }

    /// 40 among 38…42: z = (400 − 40) ÷ s, modified z far above 3.5, a Poisson tail far below 1e-7: extreme.
    @Test func aTypingErrorIsExtremeWithTheAuditsReason() throws {
        let reference: [Double] = [38, 40, 42, 39, 41, 40, 38, 40, 42, 39, 41, 40]
        let (severity, reason) = try #require(Self.rule(count: true).judge(400, reference: reference))
        #expect(severity == .extreme)
        guard case .unusual(let median, let usual, let z?, let probability?) = reason else {
            Issue.record("\(reason)")
            return
        }
        // Mean 40, s = √(20 / 11).
        let s = (20.0 / 11).squareRoot()
        #expect(median == 40)
        #expect(probability < 1e-7)
        #expect(abs(z - 360 / s) < 1e-9)
        #expect(abs(usual!.low - (40 - 2 * s)) < 1e-9 && abs(usual!.high - (40 + 2 * s)) < 1e-9)
        #expect(Self.rule(count: true).judge(41, reference: reference) == nil)
        // Outside the element's bounds is extreme whatever the reference.
        let bounded = Self.rule(count: true, minimum: 0, maximum: 100)
        #expect(bounded.judge(101, reference: [])?.severity == .extreme)
        #expect(bounded.judge(-1, reference: reference)?.severity == .extreme)
    }

    /// Without spread (fewer than two values, or measurements all equal) the rule flags nothing but the bounds.
    /// Counts all equal are judged by the Poisson test alone (issue 17): against four 5s, P(X ≥ 15 | 5) =
    /// 2.3e-4 passes and P(X ≥ 16 | 5) = 6.9e-5 is flagged, while no count below 5 is (P(X ≤ 0 | 5) = 6.7e-3).
    @Test func noSpreadNoRange() {
        #expect(Self.rule(count: true).usualRange(reference: [5]) == nil)
        #expect(Self.rule(count: false).usualRange(reference: [5, 5, 5, 5]) == nil)
        #expect(Self.rule(count: true).usualRange(reference: [5, 5, 5, 5]) == NumberRange(low: 0, high: 15))
        #expect(Self.rule(count: true).judge(16, reference: [5, 5, 5, 5])?.severity == .moderate)
        #expect(Self.rule(count: true).usualRange(reference: []) == nil)
        let bounded = Self.rule(count: true, minimum: 2, maximum: 50).usualRange(reference: [5])
        #expect(bounded == NumberRange(low: 2, high: 50))
    }

    /// The range is where the rule's decision changes: every value inside it passes, every value outside is
    /// flagged, for counts and for measurements, over references of many shapes.
    @Test func theRangeIsWhereTheRuleChanges() throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var checked = 0
        for trial in 0..<300 {
            let count = trial % 2 == 0
            let center = [3.0, 12, 40, 250, 4000][trial % 5]
            let n = 4 + Int(next() * 32)
            let reference = (0..<n).map { _ -> Double in
                let v = center * (0.6 + 0.8 * next())
                return count ? v.rounded() : v
            }
            let rule = Self.rule(count: count, negative: !count)
            guard let range = rule.usualRange(reference: reference) else { continue }
            let probes = (0..<40).map { k in center * Double(k) / 8 - center }
            for x in probes {
                let value = count ? x.rounded() : x
                if !count, abs(value - range.low) < 1e-6 * center || abs(value - range.high) < 1e-6 * center {
                    continue
                }
                if count && value < 0 { continue }
                let inside = value >= range.low && value <= range.high
                #expect(
                    (rule.judge(value, reference: reference) == nil) == inside,
                    "\(value) against \(reference): range \(range)")
                checked += 1
            }
        }
        #expect(checked > 4000)
    }
}

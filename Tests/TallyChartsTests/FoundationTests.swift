import Testing

@testable import TallyCharts

@Suite struct FoundationTests {
    @Test func niceTicks() {
        #expect(NiceScale(maxValue: 9.83).ticks == [0, 2, 4, 6, 8, 10])
        #expect(NiceScale(maxValue: 137).ticks == [0, 50, 100, 150])
        #expect(NiceScale(maxValue: 10).ticks == [0, 2, 4, 6, 8, 10])
        #expect(
            NiceScale(maxValue: 1).ticks == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]
                || NiceScale(maxValue: 1).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceScale(maxValue: 0.3).ticks == [0, 0.1, 0.2, 0.3])
        #expect(NiceScale(maxValue: 0).ticks.count >= 4)
        #expect(NiceScale(maxValue: -.infinity).ticks.first == 0)
        #expect(NiceScale(maxValue: 12).ticks == [0, 2.5, 5, 7.5, 10, 12.5])
        #expect(NiceScale(maxValue: 2.2).ticks == [0, 0.5, 1, 1.5, 2, 2.5])
    }

    @Test func niceTicksAlwaysFourToSixNiceMultiples() {
        var value = 0.000_37
        while value < 5e7 {
            let scale = NiceScale(maxValue: value)
            #expect((4...6).contains(scale.ticks.count), "\(value)")
            #expect(scale.ticks.first == 0)
            #expect(scale.max >= value)
            #expect(scale.ticks[scale.ticks.count - 2] < value, "\(value): one tick too many")
            var mantissa = scale.step
            while mantissa >= 10 { mantissa /= 10 }
            while mantissa < 1 { mantissa *= 10 }
            #expect([1, 2, 2.5, 5].contains { abs($0 - mantissa) < 1e-9 }, "\(value) step \(scale.step)")
            value *= 1.37
        }
    }

    @Test func textWidthCountsWideCharacters() {
        #expect(textWidth("卫生院", fontSize: 10) == 30)
        #expect(textWidth("abc", fontSize: 10) == 16.5)
        #expect(abs(textWidth("3.2‰", fontSize: 10) - 22) < 1e-9)
        #expect(textWidth("（ＡＢ）", fontSize: 10) == 40)
        #expect(textWidth("한국", fontSize: 10) == 20)
        #expect(textWidth("", fontSize: 10) == 0)
        #expect(abs(textWidth("e\u{301}", fontSize: 10) - 5.5) < 1e-9)
    }

    @Test func numbersHaveAtMostTwoDecimals() {
        #expect(SVGWriter.number(3.14159) == "3.14")
        #expect(SVGWriter.number(2.5) == "2.5")
        #expect(SVGWriter.number(2.0) == "2")
        #expect(SVGWriter.number(-0.004) == "0")
        #expect(SVGWriter.number(-1.005 - 1e-9) == "-1.01")
        #expect(SVGWriter.number(0.05) == "0.05")
        #expect(SVGWriter.number(1234567.891) == "1234567.89")
        #expect(SVGWriter.number(.nan) == "0")
        #expect(SVGWriter.number(99.96, decimals: 1) == "100")
        #expect(SVGWriter.number(87.25, decimals: 0) == "87")
    }

    @Test func wrapsWithinWidth() {
        let fs = 12.0
        for text in ["漏报调查完整性检查", "Completeness of monthly reports", "Supercalifragilistic", "a b"] {
            let lines = TextMetrics.wrap(text, maxWidth: 40, fontSize: fs)
            #expect(lines.allSatisfy { textWidth($0, fontSize: fs) <= 40 }, "\(lines)")
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        }
        #expect(TextMetrics.wrap("Timely reports", maxWidth: 60, fontSize: 12) == ["Timely", "reports"])
    }

    @Test func checkerCatchesMalformedMarkup() {
        #expect(wellFormednessProblems("<svg><g></svg>") != [])
        #expect(wellFormednessProblems("<svg><text>a<b</text></svg>") != [])
        #expect(wellFormednessProblems("<svg><text>a & b</text></svg>") != [])
        #expect(wellFormednessProblems("<svg><text>a &amp; b</text><rect/></svg>") == [])
    }
}

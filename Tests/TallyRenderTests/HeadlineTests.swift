import TallyCore
import TallyEngine
import TallyRender
import TallyText
import Testing

@Suite struct HeadlineTests {
    @Test func countsInEnglish() {
        #expect(
            Headline.count(name: "Live births", value: 292, previous: 350, language: .en)
                == "Live births fell by 58 (−16.6%) on the same period last year, to 292.")
        #expect(
            Headline.count(name: "Live births", value: 1_083, previous: 1_071, language: .en)
                == "Live births rose by 12 (+1.1%) on the same period last year, to 1,083.")
        #expect(
            Headline.count(name: "Live births", value: 350, previous: 350, language: .en)
                == "Live births were unchanged on the same period last year, at 350.")
        #expect(
            Headline.count(name: "Live births", value: 350, previous: nil, language: .en)
                == "Live births: 350; no figure for the same period last year.")
        #expect(
            Headline.count(name: "Live births", value: nil, previous: 350, language: .en)
                == "Live births: no data for this period.")
        #expect(
            Headline.count(name: "Live births", value: 5, previous: 0, language: .en)
                == "Live births rose by 5 on the same period last year, to 5.")
    }

    @Test func countsInChinese() {
        #expect(Headline.count(name: "出生数", value: 292, previous: 350, language: .zh) == "出生数292，比上年同期减少58，下降16.6%。")
        #expect(
            Headline.count(name: "出生数", value: 1_083, previous: 1_071, language: .zh) == "出生数1,083，比上年同期增加12，增长1.1%。")
        #expect(Headline.count(name: "出生数", value: 350, previous: 350, language: .zh) == "出生数350，与上年同期持平。")
        #expect(Headline.count(name: "出生数", value: 350, previous: nil, language: .zh) == "出生数350，上年同期无数据。")
        #expect(Headline.count(name: "出生数", value: nil, previous: 350, language: .zh) == "出生数无数据。")
    }

    @Test func ratesInEnglish() {
        #expect(
            Headline.rate(name: "the birth rate", value: 9.8, previous: 11.9, unit: "‰", decimals: 1, language: .en)
                == "The birth rate fell 2.1 per-mille points on the same period last year, to 9.8‰.")
        #expect(
            Headline.rate(
                name: "the share of order-3+ births", value: 8.49, previous: 8.48, unit: "%", decimals: 2, language: .en
            ) == "The share of order-3+ births rose 0.01 percentage points on the same period last year, to 8.49%.")
        #expect(
            Headline.rate(
                name: "the sex ratio at birth", value: 113.2, previous: 112.6, unit: nil, decimals: 1, language: .en)
                == "The sex ratio at birth rose 0.6 points on the same period last year, to 113.2.")
        // A change that rounds to zero is no change.
        #expect(
            Headline.rate(name: "the birth rate", value: 9.81, previous: 9.84, unit: "‰", decimals: 1, language: .en)
                == "The birth rate was unchanged on the same period last year, at 9.8‰.")
        #expect(
            Headline.rate(name: "the birth rate", value: 9.8, previous: nil, unit: "‰", decimals: 1, language: .en)
                == "The birth rate was 9.8‰; no figure for the same period last year.")
        #expect(
            Headline.rate(name: "the birth rate", value: nil, previous: 9.8, unit: "‰", decimals: 1, language: .en)
                == "The birth rate: no data for this period.")
    }

    @Test func ratesInChinese() {
        #expect(
            Headline.rate(name: "出生率", value: 9.8, previous: 11.9, unit: "‰", decimals: 1, language: .zh)
                == "出生率9.8‰，比上年同期下降2.1个千分点。")
        #expect(
            Headline.rate(name: "多孩率", value: 8.49, previous: 8.48, unit: "%", decimals: 2, language: .zh)
                == "多孩率8.49%，比上年同期上升0.01个百分点。")
        #expect(
            Headline.rate(name: "出生性别比", value: 113.2, previous: 112.6, unit: nil, decimals: 1, language: .zh)
                == "出生性别比113.2，比上年同期上升0.6。")
        #expect(
            Headline.rate(name: "出生率", value: 9.81, previous: 9.84, unit: "‰", decimals: 1, language: .zh)
                == "出生率9.8‰，与上年同期持平。")
        #expect(
            Headline.rate(name: "出生率", value: 9.8, previous: nil, unit: "‰", decimals: 1, language: .zh)
                == "出生率9.8‰，上年同期无数据。")
        #expect(
            Headline.rate(name: "出生率", value: nil, previous: 9.8, unit: "‰", decimals: 1, language: .zh) == "出生率无数据。")
    }

    /// 环比: every sentence names the previous period; with no comparison, the figure alone.
    @Test func thePreviousPeriodAndNoComparison() {
        #expect(
            Headline.count(name: "出生数", value: 292, previous: 350, comparison: .previous, language: .zh)
                == "出生数292，比上期减少58，下降16.6%。")
        #expect(
            Headline.count(name: "出生数", value: 350, previous: 350, comparison: .previous, language: .zh)
                == "出生数350，与上期持平。")
        #expect(
            Headline.count(name: "出生数", value: 350, previous: nil, comparison: .previous, language: .zh)
                == "出生数350，上期无数据。")
        #expect(
            Headline.count(name: "Live births", value: 292, previous: 350, comparison: .previous, language: .en)
                == "Live births fell by 58 (−16.6%) on the previous period, to 292.")
        #expect(
            Headline.rate(
                name: "出生率", value: 9.8, previous: 11.9, unit: "‰", decimals: 1, comparison: .previous, language: .zh)
                == "出生率9.8‰，比上期下降2.1个千分点。")
        #expect(
            Headline.rate(
                name: "the birth rate", value: 9.8, previous: nil, unit: "‰", decimals: 1, comparison: .previous,
                language: .en) == "The birth rate was 9.8‰; no figure for the previous period.")
        #expect(Headline.count(name: "出生数", value: 292, language: .zh) == "出生数292。")
        #expect(
            Headline.count(name: "Live births", value: nil, language: .en) == "Live births: no data for this period.")
        #expect(Headline.rate(name: "出生率", value: 9.8, unit: "‰", decimals: 1, language: .zh) == "出生率9.8‰。")
        #expect(
            Headline.rate(name: "the birth rate", value: 9.8, unit: "‰", decimals: 1, language: .en)
                == "The birth rate was 9.8‰.")
    }

    @Test func datesAndPeriods() throws {
        let day = Day(year: 2025, month: 12, day: 5)!
        #expect(LocalizedFormat.date(day, .zh) == "2025年12月5日")
        #expect(LocalizedFormat.date(day, .en) == "5 Dec 2025")
        #expect(LocalizedFormat.period(try Period("202510..202601"), .zh) == "2025年10月至2026年1月")
        #expect(LocalizedFormat.period(try Period("202510..202601"), .en) == "October 2025 to January 2026")
        #expect(LocalizedFormat.period(try Period("2025Oct"), .zh) == "2025/26考核年度")
        #expect(LocalizedFormat.period(try Period("2025Oct"), .en) == "reporting year 2025/26")
        #expect(LocalizedFormat.period(try Period("2025Q4"), .zh) == "2025年第4季度")
        #expect(LocalizedFormat.period(try Period("2025S2"), .en) == "second half of 2025")
        #expect(LocalizedFormat.period(try Period("2025W40"), .zh) == "2025年第40周")
        #expect(LocalizedFormat.period(try Period("20251205"), .en) == "5 Dec 2025")
        #expect(LocalizedFormat.period(try Period("2025"), .zh) == "2025年")
    }
}

public import TallyEngine
public import TallyText

/// Plain sentences for a figure and its change on the period compared with (the same period last year, 同比, or
/// the previous period, 环比), in Chinese and English:
/// "Live births fell by 58 (−16.6%) on the same period last year, to 292." /
/// "出生数292，比上年同期减少58，下降16.6%。" / "出生数292，比上期减少58，下降16.6%。"
///
/// Changes are computed at full precision and rounded only for display; a missing figure is said to be
/// missing, never shown as zero.
public enum Headline {
    /// A count and its change: rises, falls, no change, no comparison, or no data.
    ///
    /// - Parameters:
    ///   - name: what is counted, in the language (`Live births`, `出生数`).
    ///   - value: this period's count.
    ///   - previous: the figure of the period compared with.
    ///   - comparison: which period that is (the sentence names it).
    public static func count(
        name: String, value: Double?, previous: Double?, comparison: Comparison = .lastYear, language: Language
    ) -> String {
        guard let value else { return Label.noDataSentence.text(language, name) }
        let now = NumberFormat.fixed(value, decimals: 0)
        let other = phrase(comparison, language)
        guard let previous else { return Label.countNoComparison.text(language, name, now, other) }
        let change = value - previous
        let shown = NumberFormat.fixed(abs(change), decimals: 0)
        if shown == "0" { return Label.countUnchanged.text(language, name, now, other) }
        let relative = previous != 0 ? NumberFormat.fixed(abs(change) / abs(previous) * 100, decimals: 1) : nil
        let (sentence, percent): (Label, Label) =
            change > 0 ? (.countRose, .countRosePercent) : (.countFell, .countFellPercent)
        return sentence.text(language, name, now, shown, relative.map { percent.text(language, $0) } ?? "", other)
    }

    /// A count alone, when no comparison is made: "出生数292。", or that there is no data.
    public static func count(name: String, value: Double?, language: Language) -> String {
        guard let value else { return Label.noDataSentence.text(language, name) }
        return Label.countAlone.text(language, name, NumberFormat.fixed(value, decimals: 0))
    }

    /// A rate alone, when no comparison is made: "出生率9.8‰。", or that there is no data.
    public static func rate(name: String, value: Double?, unit: String?, decimals: Int, language: Language) -> String {
        let subject = language.startingSentence(name)
        guard let value else { return Label.noDataSentence.text(language, subject) }
        return Label.rateAlone.text(language, subject, NumberFormat.fixed(value, decimals: decimals) + (unit ?? ""))
    }

    /// How a sentence names the period compared with: 上年同期 or 上期.
    public static func phrase(_ comparison: Comparison, _ language: Language) -> String {
        switch comparison {
        case .lastYear: Label.comparisonLastYear.text(language)
        case .previous: Label.comparisonPrevious.text(language)
        }
    }

    /// A rate and its change in points of its unit (千分点, 百分点).
    ///
    /// - Parameters:
    ///   - name: the rate, in the language (`the birth rate`, `出生率`).
    ///   - unit: `‰`, `%` or `nil`.
    ///   - decimals: decimals shown.
    ///   - comparison: which period `previous` is (the sentence names it).
    public static func rate(
        name: String, value: Double?, previous: Double?, unit: String?, decimals: Int,
        comparison: Comparison = .lastYear, language: Language
    ) -> String {
        let subject = language.startingSentence(name)
        guard let value else { return Label.noDataSentence.text(language, subject) }
        let now = NumberFormat.fixed(value, decimals: decimals) + (unit ?? "")
        let other = phrase(comparison, language)
        guard let previous else { return Label.rateNoComparison.text(language, subject, now, other) }
        let change = value - previous
        let shown = NumberFormat.fixed(abs(change), decimals: decimals)
        if Double(shown.replacingComma) == 0 { return Label.rateUnchanged.text(language, subject, now, other) }
        let points = LocalizedFormat.points(unit: unit, language)
        return (change > 0 ? Label.rateRose : Label.rateFell).text(language, subject, now, shown, points, other)
    }
}

extension String {
    var replacingComma: String { filter { $0 != "," } }
}

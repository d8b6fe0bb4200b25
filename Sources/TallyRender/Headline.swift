public import TallyText

/// Plain sentences for a figure and its change on the same period last year, in Chinese and English:
/// "Live births fell by 58 (−16.6%) on the same period last year, to 292." /
/// "出生数292，比上年同期减少58，下降16.6%。"
///
/// Changes are computed at full precision and rounded only for display; a missing figure is said to be
/// missing, never shown as zero.
public enum Headline {
    /// A count and its change: rises, falls, no change, no comparison, or no data.
    ///
    /// - Parameters:
    ///   - name: what is counted, in the language (`Live births`, `出生数`).
    ///   - value: this period's count.
    ///   - previous: the same period last year.
    public static func count(name: String, value: Double?, previous: Double?, language: Language) -> String {
        guard let value else { return Label.noDataSentence.text(language, name) }
        let now = NumberFormat.fixed(value, decimals: 0)
        guard let previous else { return Label.countNoComparison.text(language, name, now) }
        let change = value - previous
        let shown = NumberFormat.fixed(abs(change), decimals: 0)
        if shown == "0" { return Label.countUnchanged.text(language, name, now) }
        let relative = previous != 0 ? NumberFormat.fixed(abs(change) / abs(previous) * 100, decimals: 1) : nil
        let (sentence, percent): (Label, Label) =
            change > 0 ? (.countRose, .countRosePercent) : (.countFell, .countFellPercent)
        return sentence.text(language, name, now, shown, relative.map { percent.text(language, $0) } ?? "")
    }

    /// A rate and its change in points of its unit (千分点, 百分点).
    ///
    /// - Parameters:
    ///   - name: the rate, in the language (`the birth rate`, `出生率`).
    ///   - unit: `‰`, `%` or `nil`.
    ///   - decimals: decimals shown.
    public static func rate(
        name: String, value: Double?, previous: Double?, unit: String?, decimals: Int, language: Language
    ) -> String {
        let subject = language.startingSentence(name)
        guard let value else { return Label.noDataSentence.text(language, subject) }
        let now = NumberFormat.fixed(value, decimals: decimals) + (unit ?? "")
        guard let previous else { return Label.rateNoComparison.text(language, subject, now) }
        let change = value - previous
        let shown = NumberFormat.fixed(abs(change), decimals: decimals)
        if Double(shown.replacingComma) == 0 { return Label.rateUnchanged.text(language, subject, now) }
        let points = LocalizedFormat.points(unit: unit, language)
        return (change > 0 ? Label.rateRose : Label.rateFell).text(language, subject, now, shown, points)
    }
}

extension String {
    var replacingComma: String { filter { $0 != "," } }
}

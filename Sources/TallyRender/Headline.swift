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
        guard let value else {
            return language == .zh ? "\(name)无数据。" : "\(name): no data for this period."
        }
        let now = NumberFormat.fixed(value, decimals: 0)
        guard let previous else {
            return language == .zh
                ? "\(name)\(now)，上年同期无数据。" : "\(name): \(now); no figure for the same period last year."
        }
        let change = value - previous
        let shown = NumberFormat.fixed(abs(change), decimals: 0)
        if shown == "0" {
            return language == .zh
                ? "\(name)\(now)，与上年同期持平。" : "\(name) were unchanged on the same period last year, at \(now)."
        }
        let relative = previous != 0 ? NumberFormat.fixed(abs(change) / abs(previous) * 100, decimals: 1) : nil
        switch language {
        case .zh:
            let verb = change > 0 ? "增加" : "减少"
            let pct = relative.map { "，\(change > 0 ? "增长" : "下降")\($0)%" } ?? ""
            return "\(name)\(now)，比上年同期\(verb)\(shown)\(pct)。"
        case .en:
            let verb = change > 0 ? "rose" : "fell"
            let pct = relative.map { " (\(change > 0 ? "+" : "−")\($0)%)" } ?? ""
            return "\(name) \(verb) by \(shown)\(pct) on the same period last year, to \(now)."
        }
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
        let suffix = unit ?? ""
        guard let value else {
            return language == .zh ? "\(name)无数据。" : "\(name.capitalizedFirst): no data for this period."
        }
        let now = NumberFormat.fixed(value, decimals: decimals) + suffix
        guard let previous else {
            return language == .zh
                ? "\(name)\(now)，上年同期无数据。"
                : "\(name.capitalizedFirst) was \(now); no figure for the same period last year."
        }
        let change = value - previous
        let shown = NumberFormat.fixed(abs(change), decimals: decimals)
        let points = LocalizedFormat.points(unit: unit, language)
        if Double(shown.replacingComma) == 0 {
            return language == .zh ? "\(name)\(now)，与上年同期持平。" : "\(name.capitalizedFirst) was unchanged at \(now)."
        }
        switch language {
        case .zh:
            return "\(name)\(now)，比上年同期\(change > 0 ? "上升" : "下降")\(shown)\(points)。"
        case .en:
            return "\(name.capitalizedFirst) \(change > 0 ? "rose" : "fell") \(shown) \(points) to \(now)."
        }
    }
}

extension String {
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }

    var replacingComma: String { filter { $0 != "," } }
}

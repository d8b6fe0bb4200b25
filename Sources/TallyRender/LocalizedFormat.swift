public import TallyCore
public import TallyText

/// Dates, periods and units written the way each language writes them.
public enum LocalizedFormat {
    /// English month names, January first.
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// `2025年12月5日` or `5 Dec 2025`.
    public static func date(_ day: Day, _ language: Language) -> String {
        switch language {
        case .zh: "\(day.year)年\(day.month)月\(day.day)日"
        case .en: "\(day.day) \(monthNames[day.month - 1].prefix(3)) \(day.year)"
        }
    }

    /// A period in words: `2025年10月至2026年1月` / `October 2025 to January 2026`, `2025/26考核年度` /
    /// `reporting year 2025/26`, `2025年第4季度` / `Q4 2025`.
    public static func period(_ period: Period, _ language: Language) -> String {
        if period.count > 1 {
            let first = single(period.first, language)
            let last = single(period.last, language)
            return language == .zh ? "\(first)至\(last)" : "\(first) to \(last)"
        }
        return single(period, language)
    }

    static func single(_ p: Period, _ language: Language) -> String {
        let y = p.start.year
        let zh = language == .zh
        switch p.type {
        case .daily: return date(p.start, language)
        case .weekly:
            return zh
                ? "\(p.start.isoWeekYear)年第\(p.start.isoWeek)周" : "week \(p.start.isoWeek) of \(p.start.isoWeekYear)"
        case .monthly: return zh ? "\(y)年\(p.start.month)月" : "\(monthNames[p.start.month - 1]) \(y)"
        case .quarterly:
            let q = (p.start.month - 1) / 3 + 1
            return zh ? "\(y)年第\(q)季度" : "Q\(q) \(y)"
        case .sixMonthly:
            let first = p.start.month <= 6
            return zh ? "\(y)年\(first ? "上" : "下")半年" : "\(first ? "first" : "second") half of \(y)"
        case .yearly: return zh ? "\(y)年" : "\(y)"
        case .financialOct:
            let next = String(String(y + 1).suffix(2))
            return zh ? "\(y)/\(next)考核年度" : "reporting year \(y)/\(next)"
        case .financialApril, .financialJuly, .financialNov:
            let next = String(String(y + 1).suffix(2))
            let month = monthNames[p.start.month - 1]
            return zh ? "\(y)/\(next)财年（\(p.start.month)月起）" : "financial year \(y)/\(next) (from \(month))"
        }
    }

    /// The word for a difference of two rates: per-mille points (千分点), percentage points (百分点), points.
    public static func points(unit: String?, _ language: Language) -> String {
        switch (unit, language) {
        case ("‰", .zh): "个千分点"
        case ("%", .zh): "个百分点"
        case (_, .zh): ""
        case ("‰", .en): "per-mille points"
        case ("%", .en): "percentage points"
        case (_, .en): "points"
        }
    }
}

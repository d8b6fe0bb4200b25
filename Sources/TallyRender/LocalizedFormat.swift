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
            return Localized(zh: "\(first)至\(last)", en: "\(first) to \(last)")(language)
        }
        return single(period, language)
    }

    static func single(_ p: Period, _ language: Language) -> String {
        let y = p.start.year
        let words: Localized<String>
        switch p.type {
        case .daily: return date(p.start, language)
        case .weekly:
            words = Localized(
                zh: "\(p.start.isoWeekYear)年第\(p.start.isoWeek)周",
                en: "week \(p.start.isoWeek) of \(p.start.isoWeekYear)")
        case .weeklyWednesday, .weeklyThursday, .weeklyFriday, .weeklySaturday, .weeklySunday:
            let (year, week) = p.weekNumber ?? (p.start.year, 1)
            let weekday = p.start.weekday
            words = Localized(
                zh: "\(year)年第\(week)周（\(zhWeekdays[weekday - 1])起）",
                en: "week \(week) of \(year) (from \(weekdayNames[weekday - 1]))")
        case .biWeekly:
            let (year, number) = p.weekNumber ?? (p.start.isoWeekYear, 1)
            words = Localized(zh: "\(year)年第\(number)个双周", en: "bi-week \(number) of \(year)")
        case .monthly: words = Localized(zh: "\(y)年\(p.start.month)月", en: "\(monthNames[p.start.month - 1]) \(y)")
        case .biMonthly, .quarterlyNov, .sixMonthlyApril, .sixMonthlyNov:
            // By the months they cover: 2025年1月至2月 / January to February 2025.
            let last = p.end
            words =
                last.year == y
                ? Localized(
                    zh: "\(y)年\(p.start.month)月至\(last.month)月",
                    en: "\(monthNames[p.start.month - 1]) to \(monthNames[last.month - 1]) \(y)")
                : Localized(
                    zh: "\(y)年\(p.start.month)月至\(last.year)年\(last.month)月",
                    en: "\(monthNames[p.start.month - 1]) \(y) to \(monthNames[last.month - 1]) \(last.year)")
        case .quarterly:
            let q = (p.start.month - 1) / 3 + 1
            words = Localized(zh: "\(y)年第\(q)季度", en: "Q\(q) \(y)")
        case .sixMonthly:
            words =
                p.start.month <= 6
                ? Localized(zh: "\(y)年上半年", en: "first half of \(y)")
                : Localized(zh: "\(y)年下半年", en: "second half of \(y)")
        case .yearly: words = Localized(zh: "\(y)年", en: "\(y)")
        case .financialOct:
            let next = String(String(y + 1).suffix(2))
            words = Localized(zh: "\(y)/\(next)考核年度", en: "reporting year \(y)/\(next)")
        case .financialFeb, .financialApril, .financialJuly, .financialAug, .financialSep, .financialNov:
            let next = String(String(y + 1).suffix(2))
            let month = monthNames[p.start.month - 1]
            words = Localized(
                zh: "\(y)/\(next)财年（\(p.start.month)月起）", en: "financial year \(y)/\(next) (from \(month))")
        }
        return words(language)
    }

    /// A month on a chart's axis: `10月` / `Oct`.
    public static func shortMonth(_ month: Int, _ language: Language) -> String {
        Localized(zh: "\(month)月", en: String(monthNames[month - 1].prefix(3)))(language)
    }

    /// A day on a chart: `12/5` / `5 Dec`.
    public static func shortDate(_ day: Day, _ language: Language) -> String {
        Localized(zh: "\(day.month)/\(day.day)", en: "\(day.day) \(monthNames[day.month - 1].prefix(3))")(language)
    }

    /// English weekday names, Monday first.
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    /// Chinese weekday names, Monday first.
    static let zhWeekdays = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

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

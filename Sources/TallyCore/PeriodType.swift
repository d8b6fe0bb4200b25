public import TallyText

/// The kinds of DHIS2 period that Tally knows, ordered by nominal length: daily < the weeks < bi-weekly <
/// monthly < bi-monthly < the quarters < the halves < yearly < the financial years (by their first month).
///
/// Identifiers are DHIS2's (see ``Period/init(_:)``). Weeks of every start day are numbered as ISO weeks are:
/// week 1 of a year is the week that holds 4 January, so a year has 52 or 53 of them. Bi-weeks are pairs of
/// ISO weeks (1–2, 3–4, …) of one ISO year; in a year of 53 ISO weeks the 27th bi-week is week 53 alone, so that
/// every day lies in exactly one bi-week (DHIS2 writes it as 14 days that overlap the next year's first). The
/// types that start in November (quarterly, six-monthly and the financial year) are named, as in DHIS2, by the
/// year they end in: `2025Nov` runs from 1 November 2024 to 31 October 2025, `2025NovQ1` from November 2024 to
/// January 2025.
public enum PeriodType: String, CaseIterable, Sendable, Codable, Comparable {
    /// One calendar day, such as `20251001`.
    case daily
    /// One ISO week, Monday to Sunday, such as `2025W40`.
    case weekly
    /// One week from Wednesday to Tuesday, such as `2025WedW40`.
    case weeklyWednesday = "weekly_wednesday"
    /// One week from Thursday to Wednesday, such as `2025ThuW40`.
    case weeklyThursday = "weekly_thursday"
    /// One week from Friday to Thursday, such as `2025FriW40`.
    case weeklyFriday = "weekly_friday"
    /// One week from Saturday to Friday, such as `2025SatW40`.
    case weeklySaturday = "weekly_saturday"
    /// One week from Sunday to Saturday, such as `2025SunW40`.
    case weeklySunday = "weekly_sunday"
    /// Two ISO weeks, such as `2025BiW1` (ISO weeks 1 and 2 of 2025).
    case biWeekly = "biweekly"
    /// One calendar month, such as `202510`.
    case monthly
    /// Two calendar months from January, March, …, such as `202501B` (January and February).
    case biMonthly = "bimonthly"
    /// One calendar quarter, such as `2025Q4`.
    case quarterly
    /// A quarter of the year from November, such as `2025NovQ1` (November 2024 to January 2025).
    case quarterlyNov = "quarterly_nov"
    /// One calendar half-year, such as `2025S2`.
    case sixMonthly = "sixmonthly"
    /// A half of the year from April, such as `2025AprilS1` (April to September 2025).
    case sixMonthlyApril = "sixmonthly_april"
    /// A half of the year from November, such as `2025NovS1` (November 2024 to April 2025).
    case sixMonthlyNov = "sixmonthly_nov"
    /// One calendar year, such as `2025`.
    case yearly
    /// A financial year from 1 February to 31 January, named by its first year, such as `2025Feb`.
    case financialFeb = "financial_feb"
    /// A financial year from 1 April to 31 March, named by its first year, such as `2025April`.
    case financialApril = "financial_april"
    /// A financial year from 1 July to 30 June, named by its first year, such as `2025July`.
    case financialJuly = "financial_july"
    /// A financial year from 1 August to 31 July, named by its first year, such as `2025Aug`.
    case financialAug = "financial_aug"
    /// A financial year from 1 September to 31 August, named by its first year, such as `2025Sep`.
    case financialSep = "financial_sep"
    /// A financial year from 1 October to 30 September, named by its first year, such as `2025Oct`.
    case financialOct = "financial_oct"
    /// A financial year from 1 November to 31 October, named by the year it ends in (as DHIS2 names it), such
    /// as `2025Nov` (1 November 2024 to 31 October 2025).
    case financialNov = "financial_nov"

    /// The type called `s`: a raw value such as `sixmonthly` or `financial_april`, or a DHIS2 name such
    /// as `SixMonthly` or `FinancialApril`, in any letter case and with surrounding whitespace ignored;
    /// `nil` for anything else.
    public static func named(_ s: String) -> PeriodType? {
        let key = Period.trimmed(s).lowercased()
        return allCases.first { $0.rawValue == key || $0.dhis2Name.lowercased() == key }
    }

    /// The DHIS2 name of the type, such as `SixMonthly` or `FinancialApril`.
    public var dhis2Name: String {
        switch self {
        case .daily: "Daily"
        case .weekly: "Weekly"
        case .weeklyWednesday: "WeeklyWednesday"
        case .weeklyThursday: "WeeklyThursday"
        case .weeklyFriday: "WeeklyFriday"
        case .weeklySaturday: "WeeklySaturday"
        case .weeklySunday: "WeeklySunday"
        case .biWeekly: "BiWeekly"
        case .monthly: "Monthly"
        case .biMonthly: "BiMonthly"
        case .quarterly: "Quarterly"
        case .quarterlyNov: "QuarterlyNov"
        case .sixMonthly: "SixMonthly"
        case .sixMonthlyApril: "SixMonthlyApril"
        case .sixMonthlyNov: "SixMonthlyNov"
        case .yearly: "Yearly"
        case .financialFeb: "FinancialFeb"
        case .financialApril: "FinancialApril"
        case .financialJuly: "FinancialJuly"
        case .financialAug: "FinancialAug"
        case .financialSep: "FinancialSep"
        case .financialOct: "FinancialOct"
        case .financialNov: "FinancialNov"
        }
    }

    /// The name used in sentences, such as `six-monthly` or `financial year from April`.
    public var displayName: String { names.en }

    /// The name used in sentences in every language: `six-monthly` / `半年`, `financial year from April` /
    /// `财年（4月起）`.
    public var names: Localized<String> {
        let firstMonth = monthLayout?.firstMonth ?? 1
        switch self {
        case .daily: return Localized(zh: "日", en: rawValue)
        case .weekly: return Localized(zh: "周", en: rawValue)
        case .monthly: return Localized(zh: "月", en: rawValue)
        case .quarterly: return Localized(zh: "季度", en: rawValue)
        case .yearly: return Localized(zh: "年", en: rawValue)
        case .weeklyWednesday, .weeklyThursday, .weeklyFriday, .weeklySaturday, .weeklySunday:
            let day = (weekStart ?? 1) - 1
            return Localized(zh: "周（\(Self.zhWeekdayNames[day])起）", en: "weekly from \(Self.weekdayNames[day])")
        case .biWeekly: return Localized(zh: "双周", en: "bi-weekly")
        case .biMonthly: return Localized(zh: "双月", en: "bi-monthly")
        case .quarterlyNov: return Localized(zh: "季度（11月起）", en: "quarterly from November")
        case .sixMonthly: return Localized(zh: "半年", en: "six-monthly")
        case .sixMonthlyApril: return Localized(zh: "半年（4月起）", en: "six-monthly from April")
        case .sixMonthlyNov: return Localized(zh: "半年（11月起）", en: "six-monthly from November")
        case .financialOct: return Localized(zh: "考核年度（10月起）", en: "financial year from October")
        case .financialFeb, .financialApril, .financialJuly, .financialAug, .financialSep, .financialNov:
            return Localized(
                zh: "财年（\(firstMonth)月起）", en: "financial year from \(Self.monthNames[firstMonth - 1])")
        }
    }

    /// Whether one period of this type lasts a year: yearly and the financial years.
    public var isYearLong: Bool {
        monthLayout?.length == 12
    }

    /// Whether the type is made of whole weeks (the weeks of every start day and the bi-weeks) rather than of
    /// months: such a period may straddle a month or a year, and counts in the period that holds its first day.
    public var isWeekBased: Bool {
        switch layout {
        case .week, .biWeek: true
        case .day, .months: false
        }
    }

    /// For the weeks: the ISO weekday (Monday = 1 … Sunday = 7) each week starts on; `nil` for other types.
    public var weekStart: Int? {
        if case .week(let start) = layout { return start }
        return nil
    }

    /// Whether `lhs` is nominally shorter, or for the financial years starts earlier in the year.
    public static func < (lhs: PeriodType, rhs: PeriodType) -> Bool {
        lhs.rank < rhs.rank
    }

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let zhWeekdayNames = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    // MARK: - Numbering of single periods
    //
    // Every single period of a type has an integer index, consecutive periods having consecutive
    // indices: the day ordinal for daily; for a week the number of weeks since the week starting on that
    // weekday nearest 1970-01-01; for bi-weeks the number of bi-weeks since ISO year 0 began; for the
    // month-based types the number of whole periods since the start month of year 0 (so a financial year's
    // index is the year it starts in, a month's is year × 12 + month − 1).

    /// The position of the type in the declaration order, which is the sort order.
    private var rank: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }

    /// How the periods of a type are laid out on the calendar.
    enum Layout {
        /// Single days.
        case day
        /// Seven days from the ISO weekday `start` (Monday = 1).
        case week(start: Int)
        /// Pairs of ISO weeks within an ISO year.
        case biWeek
        /// `length` months, a year's first period starting in `firstMonth` (1–12).
        case months(length: Int, firstMonth: Int)
    }

    /// How the periods of this type are laid out.
    var layout: Layout {
        switch self {
        case .daily: .day
        case .weekly: .week(start: 1)
        case .weeklyWednesday: .week(start: 3)
        case .weeklyThursday: .week(start: 4)
        case .weeklyFriday: .week(start: 5)
        case .weeklySaturday: .week(start: 6)
        case .weeklySunday: .week(start: 7)
        case .biWeekly: .biWeek
        case .monthly: .months(length: 1, firstMonth: 1)
        case .biMonthly: .months(length: 2, firstMonth: 1)
        case .quarterly: .months(length: 3, firstMonth: 1)
        case .quarterlyNov: .months(length: 3, firstMonth: 11)
        case .sixMonthly: .months(length: 6, firstMonth: 1)
        case .sixMonthlyApril: .months(length: 6, firstMonth: 4)
        case .sixMonthlyNov: .months(length: 6, firstMonth: 11)
        case .yearly: .months(length: 12, firstMonth: 1)
        case .financialFeb: .months(length: 12, firstMonth: 2)
        case .financialApril: .months(length: 12, firstMonth: 4)
        case .financialJuly: .months(length: 12, firstMonth: 7)
        case .financialAug: .months(length: 12, firstMonth: 8)
        case .financialSep: .months(length: 12, firstMonth: 9)
        case .financialOct: .months(length: 12, firstMonth: 10)
        case .financialNov: .months(length: 12, firstMonth: 11)
        }
    }

    /// For month-based types: months per period and the month (1–12) a year's first period starts in.
    var monthLayout: (length: Int, firstMonth: Int)? {
        if case .months(let length, let firstMonth) = layout { return (length, firstMonth) }
        return nil
    }

    /// For month-based types: how much the year in the identifier exceeds the year the period's cycle starts
    /// in — 1 for the types from November, which DHIS2 names by the year they end in, else 0.
    var nameYearOffset: Int {
        switch self {
        case .quarterlyNov, .sixMonthlyNov, .financialNov: 1
        default: 0
        }
    }

    /// The index of the single period containing `day`.
    func index(containing day: Day) -> Int {
        switch layout {
        case .day:
            day.ordinal
        case .week(let start):
            // 1970-01-01 (ordinal 0) is a Thursday, ISO weekday 4.
            Day.floorDiv(day.ordinal + 4 - start, 7)
        case .biWeek:
            Self.biWeeksBefore(isoYear: day.isoWeekYear) + (day.isoWeek - 1) / 2
        case .months(let length, let firstMonth):
            Day.floorDiv(day.year * 12 + day.month - firstMonth, length)
        }
    }

    /// The first day of the single period with `index`.
    func start(ofIndex index: Int) -> Day {
        switch layout {
        case .day:
            Day(ordinal: index)
        case .week(let start):
            Day(ordinal: index * 7 + start - 4)
        case .biWeek:
            Self.biWeekStart(index)
        case .months(let length, let firstMonth):
            monthStart(index * length + firstMonth - 1)
        }
    }

    /// The last day of the single period with `index`.
    func end(ofIndex index: Int) -> Day {
        start(ofIndex: index + 1) - 1
    }

    /// The identifier of the single period with `index`, such as `2025W1`, `202510`, `2025NovQ1` or `2025Oct`.
    func identifier(ofIndex index: Int) -> String {
        switch layout {
        case .day:
            let day = Day(ordinal: index)
            return Day.formatYear(day.year) + Day.pad2(day.month) + Day.pad2(day.day)
        case .week:
            let (year, week) = weekNumber(ofIndex: index)
            return "\(Day.formatYear(year))\(weekPrefix)\(week)"
        case .biWeek:
            let (year, number) = Self.biWeekNumber(ofIndex: index)
            return "\(Day.formatYear(year))BiW\(number)"
        case .months(let length, _):
            let perYear = 12 / length
            let year = Day.formatYear(Day.floorDiv(index, perYear) + nameYearOffset)
            let number = Day.floorMod(index, perYear) + 1
            switch self {
            case .monthly: return year + Day.pad2(number)
            case .biMonthly: return year + Day.pad2(number) + "B"
            default: return year + (numberPrefix ?? "") + (perYear == 1 ? "" : String(number))
            }
        }
    }

    /// What stands between the year and the number in an identifier of a week: `W`, `WedW`, … `SunW`.
    var weekPrefix: String {
        switch self {
        case .weeklyWednesday: "WedW"
        case .weeklyThursday: "ThuW"
        case .weeklyFriday: "FriW"
        case .weeklySaturday: "SatW"
        case .weeklySunday: "SunW"
        default: "W"
        }
    }

    /// What follows the year in an identifier of a month-based type other than monthly and bi-monthly, before
    /// the number: `Q`, `NovQ`, `S`, `AprilS`, `NovS`, a financial year's suffix, or `""` for yearly.
    var numberPrefix: String? {
        switch self {
        case .quarterly: "Q"
        case .quarterlyNov: "NovQ"
        case .sixMonthly: "S"
        case .sixMonthlyApril: "AprilS"
        case .sixMonthlyNov: "NovS"
        case .yearly: ""
        default: financialSuffix
        }
    }

    /// The suffix of a financial-year identifier, such as `April` in `2025April`; `nil` for other types.
    var financialSuffix: String? {
        switch self {
        case .financialFeb: "Feb"
        case .financialApril: "April"
        case .financialJuly: "July"
        case .financialAug: "Aug"
        case .financialSep: "Sep"
        case .financialOct: "Oct"
        case .financialNov: "Nov"
        default: nil
        }
    }

    /// The first day of the month numbered `months` since January of year 0.
    private func monthStart(_ months: Int) -> Day {
        Day(ordinal: Day.ordinal(year: Day.floorDiv(months, 12), month: Day.floorMod(months, 12) + 1, day: 1))
    }

    // MARK: - Weeks

    /// For the weeks: the first day of week 1 of `year`, the week (starting on this type's weekday) that holds
    /// 4 January, as `WeekFields.of(start, 4)` numbers them.
    func firstWeekStart(of year: Int) -> Day {
        let january4 = Day(ordinal: Day.ordinal(year: year, month: 1, day: 4))
        return january4 - Day.floorMod(january4.weekday - (weekStart ?? 1), 7)
    }

    /// For the weeks: the number of weeks (52 or 53) of `year`.
    func weeks(in year: Int) -> Int {
        (firstWeekStart(of: year + 1) - firstWeekStart(of: year)) / 7
    }

    /// For the weeks: the week-numbering year (the year of the week's fourth day) and the week number of the
    /// week with `index`.
    func weekNumber(ofIndex index: Int) -> (year: Int, week: Int) {
        let first = start(ofIndex: index)
        let year = (first + 3).year
        return (year, (first - firstWeekStart(of: year)) / 7 + 1)
    }

    // MARK: - Bi-weeks

    /// For each `r` in 0...400, the ISO years of 53 weeks among the years 0..<r; the pattern repeats every 400
    /// years (146,097 days, exactly 20,871 weeks), which have 71 such years.
    private static let longISOYears: [Int] = {
        var counts = [0]
        for year in 0..<400 { counts.append(counts[year] + (Day.isoWeeks(in: year) == 53 ? 1 : 0)) }
        return counts
    }()

    /// Bi-weeks in 400 ISO years: 26 per year and one more in each of the 71 years of 53 weeks.
    private static let biWeeksPer400Years = 400 * 26 + 71

    /// The number of bi-weeks from the start of ISO year 0 to the start of ISO year `year` (negative before).
    static func biWeeksBefore(isoYear year: Int) -> Int {
        let cycles = Day.floorDiv(year, 400)
        let rest = year - cycles * 400
        return cycles * biWeeksPer400Years + rest * 26 + longISOYears[rest]
    }

    /// The number of bi-weeks (26 or 27) of ISO year `year`.
    static func biWeeks(in year: Int) -> Int {
        Day.isoWeeks(in: year) == 53 ? 27 : 26
    }

    /// The ISO year and the 1-based number within it of the bi-week with `index`.
    static func biWeekNumber(ofIndex index: Int) -> (year: Int, number: Int) {
        let cycles = Day.floorDiv(index, biWeeksPer400Years)
        let rest = index - cycles * biWeeksPer400Years
        var year = min(rest / 26, 399)
        while year * 26 + longISOYears[year] > rest { year -= 1 }
        return (cycles * 400 + year, rest - (year * 26 + longISOYears[year]) + 1)
    }

    /// The first day of the bi-week with `index`: the Monday of ISO week 2 × number − 1.
    static func biWeekStart(_ index: Int) -> Day {
        let (year, number) = biWeekNumber(ofIndex: index)
        return Day.firstISOWeekStart(of: year) + 14 * (number - 1)
    }
}

/// The kinds of DHIS2 period that Tally knows, ordered by nominal length: daily < weekly < monthly <
/// quarterly < six-monthly < yearly < the four financial years (April, July, October, November).
public enum PeriodType: String, CaseIterable, Sendable, Codable, Comparable {
    /// One calendar day, such as `20251001`.
    case daily
    /// One ISO week, Monday to Sunday, such as `2025W40`.
    case weekly
    /// One calendar month, such as `202510`.
    case monthly
    /// One calendar quarter, such as `2025Q4`.
    case quarterly
    /// One calendar half-year, such as `2025S2`.
    case sixMonthly = "sixmonthly"
    /// One calendar year, such as `2025`.
    case yearly
    /// A financial year from 1 April to 31 March, named by its first year, such as `2025April`.
    case financialApril = "financial_april"
    /// A financial year from 1 July to 30 June, named by its first year, such as `2025July`.
    case financialJuly = "financial_july"
    /// A financial year from 1 October to 30 September, named by its first year, such as `2025Oct`.
    case financialOct = "financial_oct"
    /// A financial year from 1 November to 31 October, named by its first year, such as `2025Nov`.
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
        case .monthly: "Monthly"
        case .quarterly: "Quarterly"
        case .sixMonthly: "SixMonthly"
        case .yearly: "Yearly"
        case .financialApril: "FinancialApril"
        case .financialJuly: "FinancialJuly"
        case .financialOct: "FinancialOct"
        case .financialNov: "FinancialNov"
        }
    }

    /// The name used in sentences, such as `six-monthly` or `financial year from April`.
    public var displayName: String {
        switch self {
        case .daily, .weekly, .monthly, .quarterly, .yearly: rawValue
        case .sixMonthly: "six-monthly"
        case .financialApril: "financial year from April"
        case .financialJuly: "financial year from July"
        case .financialOct: "financial year from October"
        case .financialNov: "financial year from November"
        }
    }

    /// Whether one period of this type lasts a year: yearly and the financial years.
    public var isYearLong: Bool {
        switch self {
        case .yearly, .financialApril, .financialJuly, .financialOct, .financialNov: true
        case .daily, .weekly, .monthly, .quarterly, .sixMonthly: false
        }
    }

    /// Whether `lhs` is nominally shorter, or for the financial years starts earlier in the year.
    public static func < (lhs: PeriodType, rhs: PeriodType) -> Bool {
        lhs.rank < rhs.rank
    }

    // MARK: - Numbering of single periods
    //
    // Every single period of a type has an integer index, consecutive periods having consecutive
    // indices: the day ordinal for daily, Monday ordinal + 3 over 7 for weekly, and for the month-based
    // types the number of whole periods since the start month of year 0 (so a financial year's index
    // is the year it starts in, a month's is year × 12 + month − 1).

    /// The position of the type in the declaration order, which is the sort order.
    private var rank: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }

    /// For month-based types: months per period and the month (1–12) a year's first period starts in.
    var monthLayout: (length: Int, firstMonth: Int)? {
        switch self {
        case .daily, .weekly: nil
        case .monthly: (1, 1)
        case .quarterly: (3, 1)
        case .sixMonthly: (6, 1)
        case .yearly: (12, 1)
        case .financialApril: (12, 4)
        case .financialJuly: (12, 7)
        case .financialOct: (12, 10)
        case .financialNov: (12, 11)
        }
    }

    /// The index of the single period containing `day`.
    func index(containing day: Day) -> Int {
        switch monthLayout {
        case nil:
            self == .daily ? day.ordinal : Day.floorDiv(day.ordinal + 3, 7)
        case let (length, firstMonth)?:
            Day.floorDiv(day.year * 12 + day.month - firstMonth, length)
        }
    }

    /// The first day of the single period with `index`.
    func start(ofIndex index: Int) -> Day {
        switch monthLayout {
        case nil:
            Day(ordinal: self == .daily ? index : index * 7 - 3)
        case let (length, firstMonth)?:
            monthStart(index * length + firstMonth - 1)
        }
    }

    /// The last day of the single period with `index`.
    func end(ofIndex index: Int) -> Day {
        start(ofIndex: index + 1) - 1
    }

    /// The identifier of the single period with `index`, such as `2025W1`, `202510` or `2025Oct`.
    func identifier(ofIndex index: Int) -> String {
        switch self {
        case .daily:
            let day = Day(ordinal: index)
            return Day.formatYear(day.year) + Day.pad2(day.month) + Day.pad2(day.day)
        case .weekly:
            let monday = start(ofIndex: index)
            return "\(Day.formatYear(monday.isoWeekYear))W\(monday.isoWeek)"
        case .monthly:
            return Day.formatYear(Day.floorDiv(index, 12)) + Day.pad2(Day.floorMod(index, 12) + 1)
        case .quarterly:
            return "\(Day.formatYear(Day.floorDiv(index, 4)))Q\(Day.floorMod(index, 4) + 1)"
        case .sixMonthly:
            return "\(Day.formatYear(Day.floorDiv(index, 2)))S\(Day.floorMod(index, 2) + 1)"
        case .yearly:
            return Day.formatYear(index)
        case .financialApril, .financialJuly, .financialOct, .financialNov:
            return Day.formatYear(index) + (financialSuffix ?? "")
        }
    }

    /// The suffix of a financial-year identifier, such as `April` in `2025April`; `nil` for other types.
    var financialSuffix: String? {
        switch self {
        case .financialApril: "April"
        case .financialJuly: "July"
        case .financialOct: "Oct"
        case .financialNov: "Nov"
        case .daily, .weekly, .monthly, .quarterly, .sixMonthly, .yearly: nil
        }
    }

    /// The first day of the month numbered `months` since January of year 0.
    private func monthStart(_ months: Int) -> Day {
        Day(ordinal: Day.ordinal(year: Day.floorDiv(months, 12), month: Day.floorMod(months, 12) + 1, day: 1))
    }
}

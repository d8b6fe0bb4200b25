internal import HTTPTypes
public import TallyCore
internal import TallyText

/// What one request may ask of the server: the span of its periods, its dates and the rows of its answer, so that
/// no request's work or answer grows without bound (docs/openapi.yaml and `tally serve --help` name the limits).
///
/// The span and the dates are fixed; the rows are set in ``ServerConfiguration/bounds``.
public struct RequestBounds: Sendable {
    /// The calendar months a request's period may touch: 120, ten years of any period type (3,652 or 3,653 days,
    /// 522 weeks).
    public static let maxMonths = 120
    /// How many years after today an `as_of` date may lie; none may lie before 1970-01-01, where Tally's times begin.
    public static let asOfYears = 10
    /// The first day an `as_of` date may name.
    public static let earliestDay = Day(year: 1970, month: 1, day: 1)!

    /// The units a query's chosen list (`scope=list&units=…`) may name: 500.
    public static let maxListedUnits = 500

    /// The rows an answer may carry: the units of a query, the findings of an audit.
    public var maxRows: Int

    /// Bounds; the default rows suit a province's 25,311 units.
    public init(maxRows: Int = 50_000) {
        self.maxRows = maxRows
    }

    /// The calendar months a period touches, from its first day's month to its last day's.
    static func months(_ period: Period) -> Int {
        (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    }

    /// Refuses a period that touches more than ``maxMonths`` months.
    static func check(_ period: Period) throws {
        let months = months(period)
        guard months <= maxMonths else {
            throw ServerError(
                .unprocessableContent, "request.periodTooLong",
                Localized(
                    zh:
                        "期间 \(period.identifier) 跨\(Thousands.grouped(months))个月；一次请求最多\(maxMonths)个月（\(maxMonths / 12)年）；请缩短范围",
                    en:
                        "the period \(period.identifier) spans \(Thousands.grouped(months)) months; a request covers at most \(maxMonths) months (\(maxMonths / 12) years); ask for a shorter range"
                )
            )
        }
    }

    /// Refuses an `as_of` day before ``earliestDay`` or more than ``asOfYears`` years after `today`.
    static func check(asOf day: Day, today: Day) throws {
        let latest = today.adding(years: asOfYears)
        guard day >= earliestDay, day <= latest else {
            throw ServerError(
                .unprocessableContent, "request.dateOutOfRange",
                Localized(
                    zh: "as_of：\(day) 超出了请求可用的日期范围 \(earliestDay) 至 \(latest)（今天之后\(asOfYears)年）",
                    en:
                        "as_of: \(day) is outside the dates a request may name, \(earliestDay) to \(latest) (\(asOfYears) years after today)"
                )
            )
        }
    }

    /// Refuses an answer of more than ``maxRows`` rows; `what` names them ("rows", "findings").
    func check(rows count: Int, _ what: Localized<String>) throws {
        guard count <= maxRows else {
            throw ServerError(
                .unprocessableContent, "response.tooManyRows",
                Localized(
                    zh:
                        "回答会有\(Thousands.grouped(count))\(what.zh)；一次回答最多\(Thousands.grouped(maxRows))条；请缩短期间、选择较小的单位或减少层级",
                    en:
                        "the answer would carry \(Thousands.grouped(count)) \(what.en); an answer carries at most \(Thousands.grouped(maxRows)); ask for a shorter period, a smaller org unit or fewer levels"
                )
            )
        }
    }
}

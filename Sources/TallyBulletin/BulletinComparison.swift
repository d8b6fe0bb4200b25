public import TallyEngine
public import TallyText

/// The comparison a bulletin and the dashboard make, as chosen in a page's picker (`compare=`), `tally report
/// --compare` and the API: the same period last year (同比, the default), the previous period (环比), or none (no
/// change columns, no comparison sentences).
public enum BulletinComparison: String, Sendable, CaseIterable {
    /// The same period last year (同比).
    case lastYear = "last-year"
    /// The period just before (环比).
    case previous
    /// No comparison.
    case none

    /// The choice for an engine comparison (`nil`: none).
    public init(_ comparison: Comparison?) {
        switch comparison {
        case .lastYear: self = .lastYear
        case .previous: self = .previous
        case nil: self = .none
        }
    }

    /// The engine's comparison, `nil` for none.
    public var comparison: Comparison? {
        switch self {
        case .lastYear: .lastYear
        case .previous: .previous
        case .none: nil
        }
    }

    /// The picker's words for it: 同比（上年同期）, 环比（上期）, 不比较.
    public var label: Label {
        switch self {
        case .lastYear: .compareLastYear
        case .previous: .comparePrevious
        case .none: .compareNone
        }
    }
}

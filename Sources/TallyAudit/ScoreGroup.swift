public import TallyText

/// The groups of checks that make up a unit's data-quality score.
public enum ScoreGroup: String, Sendable, CaseIterable {
    /// Reports received: completeness of reporting and missing reports, per dataset.
    case reporting
    /// Reports on time: timeliness and late reports, per dataset.
    case timeliness
    /// The values themselves: completeness of each element's data and outliers, per element.
    case values
    /// Reported against expected from the population, per element with a reference rate.
    case expectedVsReported = "expected_vs_reported"
    /// Reported against verified, per element with a verified counterpart.
    case verification
    /// Validation rules, per rule.
    case validation

    /// The group's name in `language` (the columns of the bulletin's heat map).
    public func text(_ language: Language) -> String {
        let (zh, en) =
            switch self {
            case .reporting: ("报告完整", "Reports received")
            case .timeliness: ("报告及时", "Reports on time")
            case .values: ("数值完整无异常", "Values complete, no outliers")
            case .expectedVsReported: ("与估算相符", "In line with the estimate")
            case .verification: ("核实相符", "Verified")
            case .validation: ("校验规则", "Validation rules")
            }
        switch language {
        case .zh: return zh
        case .en: return en
        }
    }
}

/// What a finding fails in the data-quality score: one of a group's keys, for the units it reaches.
public struct ScoreMark: Sendable, Equatable {
    /// Which units a finding fails.
    public enum Reach: Sendable, Equatable {
        /// Only the finding's own unit: a rate judges the unit's own share.
        case ownUnit
        /// The finding's unit and every unit above it: a missing or late report, an outlier or a broken rule
        /// anywhere below a unit fails the check for it too.
        case enclosingUnits
    }

    /// The group.
    public var group: ScoreGroup
    /// The dataset, element or rule failed (see ``ScoreGroup``).
    public var key: String
    /// The units failed.
    public var reach: Reach

    /// A mark.
    public init(_ group: ScoreGroup, key: String, reach: Reach) {
        self.group = group
        self.key = key
        self.reach = reach
    }
}

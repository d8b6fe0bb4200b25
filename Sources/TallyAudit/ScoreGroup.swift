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

    /// The group's name in `language` (the columns of the bulletin's heat map, whose cells are shares of checks
    /// passed, so each name says "checks": 66.7% under 报送完整性检查 is not a reporting rate).
    public func text(_ language: Language) -> String {
        let (zh, en) =
            switch self {
            case .reporting: ("报送完整性检查", "Completeness checks")
            case .timeliness: ("报送及时性检查", "Timeliness checks")
            case .values: ("数值检查", "Value checks")
            case .expectedVsReported: ("估算对照检查", "Estimate checks")
            case .verification: ("核实检查", "Verification checks")
            case .validation: ("校验规则检查", "Validation rule checks")
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

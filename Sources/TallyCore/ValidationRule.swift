/// A validation rule: `left operator right` over element expressions, checked per reporting unit and period
/// (DHIS2's validation rules), such as `#{births} == #{births.male} + #{births.female}`.
public struct ValidationRule: Hashable, Sendable {
    /// The comparison.
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        /// Whether `left operator right` holds (with a tolerance of 1e-9 for equality).
        public func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .equal: abs(left - right) <= 1e-9 * max(1, abs(left), abs(right))
            case .notEqual: abs(left - right) > 1e-9 * max(1, abs(left), abs(right))
            case .less: left < right
            case .lessOrEqual: left <= right
            case .greater: left > right
            case .greaterOrEqual: left >= right
            }
        }
    }

    /// What to do when values are missing.
    public enum MissingValueStrategy: String, Hashable, Sendable, CaseIterable {
        /// Skip the check when any referenced value is missing (the default).
        case skipIfAnyMissing = "skip_if_any_missing"
        /// Skip only when all referenced values are missing; otherwise missing counts as 0.
        case skipIfAllMissing = "skip_if_all_missing"
        /// Never skip: missing counts as 0.
        case neverSkip = "never_skip"
    }

    /// What a save through the entry form, `POST /api/values` or `values/batch` does when the rule does not hold on
    /// the values as they would be after it (DHIS2's importance).
    public enum Importance: String, Hashable, Sendable, CaseIterable {
        /// The save is refused: nothing is written.
        case high
        /// The save needs a confirmation (the form's tick, the API's `confirm_rules`).
        case medium
        /// The save goes ahead; the broken rule is shown as a warning (the default).
        case low
    }

    /// The rule's code.
    public var code: String
    /// Its name.
    public var name: LocalizedText
    /// The left side.
    public var left: Expression
    /// The comparison.
    public var op: Operator
    /// The right side.
    public var right: Expression
    /// What to do with missing values.
    public var missing: MissingValueStrategy
    /// The period type the rule is checked in (default: that of the datasets of its elements).
    public var periodType: PeriodType?
    /// The org-unit level it is checked at (default: the units that report its elements' datasets).
    public var level: Int?
    /// What a save does when the rule does not hold.
    public var importance: Importance

    /// A rule.
    public init(
        code: String, name: LocalizedText, left: Expression, op: Operator, right: Expression,
        missing: MissingValueStrategy = .skipIfAnyMissing, periodType: PeriodType? = nil, level: Int? = nil,
        importance: Importance = .low
    ) {
        self.code = code
        self.name = name
        self.left = left
        self.op = op
        self.right = right
        self.missing = missing
        self.periodType = periodType
        self.level = level
        self.importance = importance
    }
}

extension ValidationRule {
    /// Its left side's references, then its right side's (a reference on both sides twice): those whose totals
    /// ``sidesIfBroken(_:totals:)`` takes.
    public var sideReferences: [ElementReference] { left.references + right.references }

    /// The elements it names, each once, in its order.
    public var namedElements: [String] {
        var seen: Set<String> = []
        return sideReferences.map(\.element).filter { seen.insert($0).inserted }
    }

    /// Its two sides when it does not hold, given the total of each of `references` (its ``sideReferences``; nil
    /// where no value is selected): nil when it holds or its missing-value strategy skips it; a missing total counts
    /// as 0 in the sides. The entry form's check, an import's and `tally check`'s all decide here.
    public func sidesIfBroken(_ references: [ElementReference], totals: [Double?]) -> (left: Double, right: Double)? {
        let missing = totals.count { $0 == nil }
        switch self.missing {
        case .skipIfAnyMissing where missing > 0: return nil
        case .skipIfAllMissing where missing == references.count: return nil
        default: break
        }
        func value(_ reference: ElementReference) -> Double? {
            references.firstIndex(of: reference).flatMap { totals[$0] } ?? 0
        }
        guard let left = left.evaluate(value), let right = right.evaluate(value), !op.holds(left, right) else {
            return nil
        }
        return (left, right)
    }
}

internal import TallyCore
internal import TallyEngine

/// Validation rules, per reporting unit and period: `left operator right` with the rule's missing-value
/// strategy (`skip_if_any_missing`, `skip_if_all_missing`, `never_skip` = missing as 0); each violation names
/// the unit, the period and both sides. Always moderate.
public enum ValidationCheck: AuditCheck, AuditStep {
    /// A rule that does not hold for a unit and period; the finding's period is the rule's period.
    public struct Payload: FindingPayload {
        public typealias Check = ValidationCheck
        /// The rule.
        public var rule: String
        /// The first element the rule names (the `element` column).
        public var element: String
        /// The left side's value.
        public var left: Double
        /// The right side's value.
        public var right: Double
    }

    public static let code = "validation"
    public static let title = CheckTitle(zh: "校验规则", en: "Validation rules", table: "Validation rules")

    static func run(_ audit: inout AuditRun) throws {
        let metadata = audit.metadata
        let tree = audit.tree
        for rule in metadata.validationRules {
            let references = rule.sideReferences
            let datasets = metadata.datasets.filter { d in references.contains { d.elements.contains($0.element) } }
            guard let type = rule.periodType ?? datasets.first?.periodType else { continue }
            let units: [Int]
            if rule.level != nil || datasets.isEmpty {
                units = tree.descendants(of: audit.orgUnit, atLevel: rule.level ?? tree.depth)
            } else {
                // The units that report any of its elements' datasets.
                let reporting = datasets.map { $0.reportingUnits(in: tree) }
                units = tree.subtree(audit.orgUnit).filter { u in reporting.contains { $0.contains(u) } }
            }
            let periods = audit.period.periods(of: type)
            if !periods.isEmpty { audit.scope.add(.validation, rule.code, units: units) }
            for q in periods {
                var totals: [ElementReference: [Double?]] = [:]
                for reference in references where totals[reference] == nil {
                    totals[reference] = try audit.aggregator.totals(reference, period: q)
                }
                for u in units {
                    guard
                        let (left, right) = rule.sidesIfBroken(
                            references, totals: references.map { totals[$0]?[u] ?? nil })
                    else { continue }
                    audit.add(
                        .moderate, unit: u, period: q,
                        Payload(
                            rule: rule.code, element: references.first?.element ?? "", left: left, right: right))
                }
            }
        }
    }
}

extension ValidationCheck.Payload {
    public var distance: Double { abs(left - right) }

    public var scoring: ScoreMark? {
        ScoreMark(.validation, key: rule, reach: .enclosingUnits)
    }

    public var sentence: Sentence {
        // Whole numbers as they are, others with two decimals.
        let left = Word.decimal(self.left, places: self.left == self.left.rounded() ? 0 : 2)
        let right = Word.decimal(self.right, places: self.right == self.right.rounded() ? 0 : 2)
        return Sentence(
            zh: "\(.unit)\(.period)不符合校验规则“\(.rule(rule))”：\(left)对\(right)。",
            en:
                "\(.unit), \(.period): the rule '\(.rule(rule))' (\(.ruleExpression(rule))) does not hold: \(left) against \(right)."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(element: element, value: left, expected: right, rule: rule)
    }
}

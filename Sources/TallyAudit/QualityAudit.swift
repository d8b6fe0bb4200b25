public import TallyCore
public import TallyEngine
internal import TallyQuality

/// Runs the data-quality checks over an org unit and the units of a scope.
///
/// Each check is a type of its own (an ``AuditCheck``) under `Checks/`, with its payload, its score rule, its
/// title and its sentence; ``steps`` lists the steps that make the findings, in the order the reports list the
/// checks. The findings are then put in order: the most serious first and, within a severity, the farthest
/// from what was expected (``FindingPayload/distance``); findings that tie keep the order they were made in.
public struct QualityAudit {
    /// The aggregator.
    public let aggregator: Aggregator
    /// The reports' submissions and approvals that completeness and timeliness count (none by default).
    public var progress: ReportProgress

    /// An audit over an aggregator, counting the reports' submissions in `progress`.
    public init(aggregator: Aggregator, progress: ReportProgress = ReportProgress()) {
        self.aggregator = aggregator
        self.progress = progress
    }

    /// The steps of an audit, in order; the score comes last, from the findings of the others.
    static let steps: [any AuditStep.Type] = [
        ExpectedVsReportedCheck.self, VerificationCheck.self, CaptureRecaptureCheck.self, ReportingStep.self,
        OutlierCheck.self,
        ElementCompletenessCheck.self, ValidationCheck.self, ConsistencyCheck.self, ScoreCheck.self,
    ]

    /// Every check, in the order the reports list them.
    public static let checks: [any AuditCheck.Type] = steps.flatMap { $0.checks }

    /// Audits `orgUnit` and the units of `scope` over `period`.
    ///
    /// - Parameter asOf: reports are expected only for periods whose due date lies before this day (default:
    ///   every period of the audit period).
    public func run(orgUnit: Int, period: Period, scope: Scope = .children, asOf: Day? = nil) throws -> AuditResult {
        let units = self.units(orgUnit: orgUnit, scope: scope)
        var audit = AuditRun(
            aggregator: aggregator, orgUnit: orgUnit, units: units, period: period, asOf: asOf,
            progress: progress)
        for step in Self.steps {
            try step.run(&audit)
        }
        var findings = audit.findings
        findings.sort { ($0.severity, $0.distance) > ($1.severity, $1.distance) }
        return AuditResult(
            period: period, units: units, findings: findings, totals: audit.totals, scope: audit.scope)
    }

    /// The units audited: the org unit first, then those of `scope` below it.
    func units(orgUnit: Int, scope: Scope) -> [Int] {
        let tree = aggregator.tree
        switch scope {
        case .unit: return [orgUnit]
        case .children: return [orgUnit] + tree.children(orgUnit)
        case .level(let level):
            return [orgUnit] + tree.descendants(of: orgUnit, atLevel: level).filter { $0 != orgUnit }
        case .list(let units): return [orgUnit] + units.filter { $0 != orgUnit }
        }
    }

    /// Per unit and group of checks, how many of the checks that apply to the unit it passed. Checks apply per
    /// dataset (completeness, timeliness), per element (completeness of its data and outliers; the
    /// reference-rate and verification checks where declared) and per validation rule (``ScoreGroup``), and only
    /// where something was due at the unit or below it (`scope`, ``AuditResult/scope``): a report of a period
    /// inside the audit period and due before the as-of day, a population, a report to verify, a rule's period.
    /// A finding fails its check (``ScoreMark``) for its own unit, or for every unit whose subtree holds it; a
    /// check failed applies. Groups that do not apply to a unit are absent.
    public func scoreCards(
        units: [Int], findings: [Finding], scope: ScoreScope
    ) -> [Int: [ScoreGroup: (passed: Int, applicable: Int)]] {
        let tree = aggregator.tree
        let due = scope.prefixCounts(tree: tree)
        // The units each group's key is failed at, and how far each failure reaches.
        var failures: [ScoreGroup: [String: [(unit: Int, reach: ScoreMark.Reach)]]] = [:]
        for finding in findings {
            guard let mark = finding.scoring else { continue }
            failures[mark.group, default: [:]][mark.key, default: []].append((finding.unit, mark.reach))
        }
        var result: [Int: [ScoreGroup: (passed: Int, applicable: Int)]] = [:]
        for u in units {
            let subtree = tree.subtree(u)
            var groups: [ScoreGroup: (passed: Int, applicable: Int)] = [:]
            for group in ScoreGroup.allCases {
                let failing = Set(
                    (failures[group] ?? [:]).filter { _, found in
                        found.contains { failure in
                            switch failure.reach {
                            case .ownUnit: failure.unit == u
                            case .enclosingUnits: subtree.contains(failure.unit)
                            }
                        }
                    }.keys)
                var keys = failing
                for (key, upTo) in due[group] ?? [] where upTo[subtree.upperBound] > upTo[subtree.lowerBound] {
                    keys.insert(key)
                }
                guard !keys.isEmpty else { continue }
                groups[group] = (keys.count - failing.count, keys.count)
            }
            result[u] = groups
        }
        return result
    }

    /// The probability of a Poisson count at least as far from `mean` as `x`, on its side, for tests (the audit
    /// uses `PoissonTail.beyond`).
    public static func poissonTailForTesting(_ x: Double, mean: Double) -> Double {
        PoissonTail.beyond(x, mean: mean).probability
    }
}

public import TallyCore
public import TallyStore

/// When clerks may write a period: a dataset's period closes a number of days after its report is due,
/// unless an admin reopens it (or closes it early) for an org-unit subtree.
public struct PeriodPolicy: Sendable {
    /// Days after a report is due (the period's end plus the dataset's `due_days`) that the period stays
    /// open to clerks.
    public var closeAfterDays: Int

    /// A policy.
    public init(closeAfterDays: Int = 30) {
        self.closeAfterDays = closeAfterDays
    }

    /// The last day clerks may write `period` of `dataset` (before any override).
    public func lastOpenDay(dataset: DataSet?, period: Period) -> Day {
        period.end + (dataset?.dueDays ?? 0) + closeAfterDays
    }

    /// Whether a clerk may write `element` for `unit` in `period` on `today`.
    ///
    /// - Parameter overrides: the overrides recorded for each dataset code, for this period.
    public func isOpen(
        element: String, period: Period, unit: Int, today: Day, metadata: Metadata, tree: OrgUnitTree,
        overrides: [String: [PeriodOverride]]
    ) -> Bool {
        let datasets = metadata.datasets.filter { $0.elements.contains(element) && $0.periodType == period.type }
        if datasets.isEmpty { return today <= lastOpenDay(dataset: nil, period: period) }
        return datasets.contains { dataset in
            isOpen(
                dataset: dataset, period: period, unit: unit, today: today, tree: tree,
                overrides: overrides[dataset.code] ?? [])
        }
    }

    /// Whether a dataset's period is open for a unit: the latest override that covers the unit and has not
    /// lapsed decides; without one, the closing day does.
    public func isOpen(
        dataset: DataSet, period: Period, unit: Int, today: Day, tree: OrgUnitTree, overrides: [PeriodOverride]
    ) -> Bool {
        for override in overrides.reversed() {
            guard let top = tree.index[override.orgUnit], tree.subtree(top).contains(unit) else { continue }
            if let until = override.until.flatMap(Day.parse), today > until { continue }
            return override.open
        }
        return today <= lastOpenDay(dataset: dataset, period: period)
    }
}

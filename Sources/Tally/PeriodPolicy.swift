public import TallyCore
public import TallyStore
public import TallyText

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

extension Workspace {
    /// An admin's decision to reopen (`open`) or close a dataset's period for the subtree of the unit at tree index
    /// `unit`, checked against the metadata; the caller records it (``AccountStore/addPeriodOverride(_:)``).
    ///
    /// - Parameters:
    ///   - until: the last day (`yyyy-mm-dd`) a reopening lasts; empty or `nil` for no end; dropped for a closing.
    /// - Throws: ``PeriodDecisionError`` for an unknown dataset, a period of another type than the dataset's, or
    ///   an `until` that is not a date.
    public func periodOverride(
        dataset code: String, period: Period, unit: Int, open: Bool, until: String?, by user: String, at time: Int64
    ) throws(PeriodDecisionError) -> PeriodOverride {
        guard let dataset = metadata.datasets.first(where: { $0.code == code }) else {
            throw PeriodDecisionError(.unknownDataset, Localized(zh: "“\(code)”不是报表", en: "'\(code)' is not a dataset"))
        }
        guard period.type == dataset.periodType else {
            throw PeriodDecisionError(
                .otherPeriodType,
                Localized(
                    zh: "\(period.identifier) 不是 \(dataset.code) 的期间，该报表按\(dataset.periodType.names.zh)报送",
                    en:
                        "\(period.identifier) is not a period of \(dataset.code), which is reported \(dataset.periodType.rawValue)"
                )
            )
        }
        let until = until.flatMap { $0.isEmpty ? nil : $0 }
        if let until, Day.parse(until) == nil {
            throw PeriodDecisionError(
                .badUntil,
                Localized(
                    zh: "until：“\(until)”不是日期；应为如 2026-12-31",
                    en: "until: '\(until)' is not a date; expected e.g. 2026-12-31"))
        }
        return PeriodOverride(
            dataset: dataset.code, period: period.identifier, orgUnit: tree.units[unit].code, open: open,
            until: open ? until : nil, by: user, at: time)
    }
}

extension Workspace {
    /// Where a dataset's period stands for a unit: whether clerks may write it today, the last day they may
    /// before any override, and the admins' decisions recorded for it (oldest first).
    ///
    /// - Parameter accounts: where the admins' decisions are kept.
    public func periodStatus(
        dataset: DataSet, period: Period, unit: Int, today: Day, policy: PeriodPolicy, accounts: any AccountStore
    ) throws -> PeriodStatus {
        let overrides = try accounts.periodOverrides(dataset: dataset.code, period: period.identifier)
        return PeriodStatus(
            open: policy.isOpen(
                dataset: dataset, period: period, unit: unit, today: today, tree: tree, overrides: overrides),
            closes: policy.lastOpenDay(dataset: dataset, period: period), overrides: overrides)
    }

    /// Records an admin's decision to reopen (`open`) or close a dataset's period for the subtree of the unit at
    /// tree index `unit`, checked as ``periodOverride(dataset:period:unit:open:until:by:at:)`` checks it.
    ///
    /// - Throws: ``PeriodDecisionError`` (nothing is recorded then); the store's errors.
    public func decidePeriod(
        dataset code: String, period: Period, unit: Int, open: Bool, until: String?, by user: String, at time: Int64,
        accounts: any AccountStore
    ) throws -> PeriodOverride {
        let override = try periodOverride(
            dataset: code, period: period, unit: unit, open: open, until: until, by: user, at: time)
        try accounts.addPeriodOverride(override)
        return override
    }
}

/// Where a dataset's period stands for a unit (``Workspace/periodStatus(dataset:period:unit:today:policy:accounts:)``).
public struct PeriodStatus: Sendable {
    /// Whether clerks may write it today.
    public var open: Bool
    /// The last day clerks may write it, before any override.
    public var closes: Day
    /// The admins' decisions recorded for it, oldest first.
    public var overrides: [PeriodOverride]
}

/// A decision to reopen or close a period that cannot be recorded.
public struct PeriodDecisionError: SentencedError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// No dataset has the code.
        case unknownDataset
        /// The period is not of the dataset's period type.
        case otherPeriodType
        /// The last day of a reopening is not a date.
        case badUntil
    }

    /// What is wrong.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    public var errorCode: String { "period.\(code.rawValue)" }

}

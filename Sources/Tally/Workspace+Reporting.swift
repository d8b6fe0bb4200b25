public import TallyAudit
public import TallyCore
internal import TallyEngine
public import TallyStore
public import TallyText

extension Workspace {
    /// The reporting grid of a dataset (the web's reporting page and its workbook): for every reporting unit below
    /// `orgUnit`, each of the dataset's periods inside `period` that was due before `asOf`, received on time, late
    /// or missing (a submission's time decides when there is one: ``reportProgress(period:datasets:)``) and where
    /// it stands in submission and approval, with the counts and rates per unit, per period and in all — the same ``ReportCounts`` as
    /// ``reportingSummary(orgUnit:period:scope:asOf:)`` (`tally check --summary`, `GET /api/reporting`).
    ///
    /// - Parameters:
    ///   - dataset: the dataset's code; nil for the first dataset reported at or below `orgUnit` whose period type
    ///     is `period`'s (a monthly range shows the monthly report), else the first reported there.
    ///   - asOf: reports are expected only for periods due before this day (nil: every period).
    /// - Throws: ``ReportingError`` for an unknown dataset; the store's errors.
    public func reportingGrid(
        orgUnit: Int, period: Period, dataset code: String?, asOf: Day?
    ) throws
        -> ReportingGrid
    {
        let dataset = try reportingDataset(code, orgUnit: orgUnit, period: period)
        let progress = try reportProgress(period: period, datasets: [dataset])
        return try QualityAudit(aggregator: engine.evaluator.aggregator, progress: progress)
            .reportingGrid(orgUnit: orgUnit, period: period, dataset: dataset, asOf: asOf)
    }

    /// The dataset named `code`, or (nil) the first reported at or below `orgUnit` of `period`'s type, else the
    /// first reported there.
    func reportingDataset(_ code: String?, orgUnit: Int, period: Period) throws(ReportingError) -> DataSet {
        guard let code else {
            let below = metadata.datasets.filter { !$0.reporters(below: orgUnit, in: tree).isEmpty }
            guard
                let first = below.first(where: { $0.periodType == period.type }) ?? below.first
                    ?? metadata.datasets.first
            else {
                throw ReportingError(.unknownDataset, Localized(zh: "元数据中没有报表", en: "the metadata has no dataset"))
            }
            return first
        }
        guard let dataset = metadata.datasets.first(where: { $0.code == code }) else {
            throw ReportingError(.unknownDataset, notADataset(code))
        }
        return dataset
    }

    /// The periods the reporting page shows when none is asked for: the twelve months up to the default month
    /// (``defaultPeriod(today:)``).
    public func defaultReportingRange(today: Day) -> Period {
        let last = defaultPeriod(today: today)
        let first = last.shifted(by: -11)
        return (try? Period("\(first.identifier)..\(last.identifier)")) ?? last
    }

    /// The sentence for a code that names no dataset, naming the datasets there are.
    func notADataset(_ code: String) -> Localized<String> {
        Localized(
            zh: "“\(code)”不是报表；应为以下之一：\(metadata.datasets.map(\.code).joined(separator: "、"))",
            en: "'\(code)' is not a dataset; expected one of: \(metadata.datasets.map(\.code).joined(separator: ", "))")
    }

    /// The users to contact about each unit's reports (a reminder, 催报单): for each unit of `units`, the enabled
    /// clerks whose own unit it is, by name; units without one are left out.
    public func contacts(for units: [Int], users: [UserAccount]) -> [Int: [UserAccount]] {
        let wanted = Set(units)
        var out: [Int: [UserAccount]] = [:]
        for user in users where user.role == .clerk && !user.disabled {
            guard let unit = tree.index[user.orgUnit], wanted.contains(unit) else { continue }
            out[unit, default: []].append(user)
        }
        return out.mapValues { $0.sorted { $0.name < $1.name } }
    }

    /// The periods of a dataset a user may enter for `unit` on `today`, latest first: those that have begun, lie
    /// inside the dataset's dates, and are open under `policy` and the admins' decisions (admins: every one that
    /// has begun). Looks back at most ``openPeriodLookBack`` periods from today's.
    ///
    /// - Parameter accounts: where the admins' decisions are kept.
    public func openPeriods(
        dataset: DataSet, unit: Int, role: UserRole, today: Day, policy: PeriodPolicy, accounts: any AccountStore
    ) throws -> [Period] {
        var out: [Period] = []
        var period = Period.containing(today, type: dataset.periodType)
        for _ in 0..<Self.openPeriodLookBack {
            defer { period = period.previous }
            guard dataset.expects(period) else { continue }
            if role == .admin {
                out.append(period)
                continue
            }
            let overrides = try accounts.periodOverrides(dataset: dataset.code, period: period.identifier)
            if policy.isOpen(
                dataset: dataset, period: period, unit: unit, today: today, tree: tree, overrides: overrides)
            {
                out.append(period)
            }
        }
        return out
    }

    /// The forms a user may open on a unit's home page: for each dataset the unit reports (``DataSet/reports(unit:in:)``),
    /// the periods open for entry (latest first) and the one the page opens on (``entryPeriod(_:today:)``).
    public func entryChoices(
        orgUnit: Int, role: UserRole, today: Day, policy: PeriodPolicy, accounts: any AccountStore
    ) throws -> [EntryChoice] {
        try entryChoices(
            orgUnit: orgUnit, role: role, today: today, policy: policy, accounts: accounts, datasets: metadata.datasets)
    }

    /// ``entryChoices(orgUnit:role:today:policy:accounts:)`` among `datasets`.
    func entryChoices(
        orgUnit: Int, role: UserRole, today: Day, policy: PeriodPolicy, accounts: any AccountStore,
        datasets: [DataSet]
    ) throws -> [EntryChoice] {
        try datasets.filter { $0.reports(unit: orgUnit, in: tree) }.map { dataset in
            let open = try openPeriods(
                dataset: dataset, unit: orgUnit, role: role, today: today, policy: policy, accounts: accounts)
            return EntryChoice(dataset: dataset, open: open, period: Self.entryPeriod(open, today: today))
        }
    }

    /// How many periods back from today's ``openPeriods(dataset:unit:role:today:policy:accounts:)`` looks.
    public static let openPeriodLookBack = 24

    /// The period a clerk's home page opens a dataset's form on: the latest open period that has ended (the report
    /// now due), else the latest open one (today's), else nil when none is open.
    public static func entryPeriod(_ open: [Period], today: Day) -> Period? {
        open.first { $0.end < today } ?? open.first
    }

    /// A unit's own reports that are overdue on `today`: for each dataset it reports (``DataSet/reports(unit:in:)``),
    /// the reports of the last year of periods that were due before today and have not arrived, latest first.
    public func overdueReports(unit: Int, today: Day) throws -> [(dataset: DataSet, period: Period, due: Day)] {
        let start = Period.containing(today.adding(years: -1), type: .monthly)
        let window = try Period("\(start.identifier)..\(Period.containing(today, type: .monthly).identifier)")
        var out: [(dataset: DataSet, period: Period, due: Day)] = []
        for dataset in metadata.datasets where dataset.reports(unit: unit, in: tree) {
            let progress = try reportProgress(period: window, datasets: [dataset])
            let grid = try QualityAudit(aggregator: engine.evaluator.aggregator, progress: progress)
                .reportingGrid(orgUnit: unit, period: window, dataset: dataset, asOf: today)
            for item in grid.overdue.reversed() {
                if case .missing(let due) = item.status { out.append((dataset, item.period, due)) }
            }
        }
        return out
    }
}

/// A dataset's form on a unit's home page (``Workspace/entryChoices(orgUnit:role:today:policy:accounts:)``).
public struct EntryChoice: Sendable {
    /// The dataset.
    public var dataset: DataSet
    /// The periods open for entry, latest first; none outside the dataset's dates.
    public var open: [Period]
    /// The period the form opens on; nil when none is open.
    public var period: Period?
}

/// A reporting grid that cannot be given.
public struct ReportingError: SentencedError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// No dataset has the code.
        case unknownDataset
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

    public var errorCode: String { "reporting.\(code.rawValue)" }

}

public import TallyCore
internal import TallyEngine
public import TallyQuality

/// One dataset's reports over an audit period, from one reading of each report's first-stored time: per unit
/// (added up the tree) the reports expected, received and received on time, and per reporting unit the reports
/// missing and late.
///
/// A report is expected from every unit below the audited unit that reports the dataset (of its level or named in
/// its `orgunits`: ``DataSet/reporters(below:in:)``), for every period of its
/// type that starts inside the audit period, lies inside the dataset's dates and is due (period end + due days)
/// before the as-of day. It counts as received when it has a standing submission (``ReportProgress``), a partner's
/// standing complete registration, or any of its elements has a value, and as on time when it was submitted — without
/// a standing submission, when its first partner registered it, else when its first value was stored — by the end of
/// the due day in the office's time zone (`time_zone`).
///
/// For a dataset with attribute categories it also counts each partner's registrations as DHIS2 counts its actual
/// reports filtered by one attribute option combo (``partnerRates(_:)``): per unit and period, the partner's standing
/// complete registration, against the same expected reports.
public struct ReportCounts: Sendable {
    /// A reporting unit's report that came late or not at all, in the order they were found.
    enum Event: Sendable {
        /// A report first stored after the end of its due day.
        case late(unit: Int, period: Period, stored: Int64, storedOn: Day, daysLate: Int, due: Day)
        /// A reporting unit's reports that have not arrived.
        case missing(unit: Int, periods: [Period])
    }

    /// The dataset.
    public let dataset: DataSet
    /// The reporting periods expected.
    public let periods: [Period]
    /// The reporting units below the audited unit.
    public let reporters: [Int]
    /// Per tree index: reports expected, received and on time, summed over the unit's subtree.
    let expected: [Int]
    let received: [Int]
    let onTime: [Int]
    /// Per tree index: reports with a standing submission, and those approved or accepted, summed over the subtree.
    let submitted: [Int]
    let approved: [Int]
    /// The late and missing reports, per reporting unit in order.
    let events: [Event]
    /// How each report stands: reporter by reporter (in the order of `reporters`), period by period.
    let statuses: [ReportStatus]
    /// Where each report stands in submission and approval, in the order of `statuses`.
    let stages: [ReportStage]
    /// Per attribute option combo of the dataset (in the metadata's order), per tree index: the partner's standing
    /// complete registrations and those made by the due day, summed over the subtree.
    let partners: [(attributeCombo: String, registered: [Int], onTime: [Int])]

    /// The counts of each partner of `unit` (a tree index), in the metadata's order of the dataset's attribute option
    /// combos: the reports expected (as for the whole dataset), those the partner registered complete, and those it
    /// registered by the due day — DHIS2's reporting rate filtered by the attribute option combo. Empty for a dataset
    /// without attribute categories.
    public func partnerRates(_ unit: Int) -> [(attributeCombo: String, rate: ReportingRate)] {
        partners.map {
            (
                $0.attributeCombo,
                ReportingRate(expected: expected[unit], received: $0.registered[unit], onTime: $0.onTime[unit])
            )
        }
    }

    /// How the report of the `r`-th reporting unit (an index into `reporters`) for the `p`-th period stands.
    public func status(reporter r: Int, period p: Int) -> ReportStatus { statuses[r * periods.count + p] }

    /// Where the report of the `r`-th reporting unit for the `p`-th period stands in submission and approval.
    public func stage(reporter r: Int, period p: Int) -> ReportStage { stages[r * periods.count + p] }

    /// The counts of `unit` (a tree index): expected, received and on time.
    public func rate(_ unit: Int) -> ReportingRate {
        ReportingRate(expected: expected[unit], received: received[unit], onTime: onTime[unit])
    }

    /// Counts `dataset`'s reports for the audit's unit and period.
    init(_ dataset: DataSet, audit: AuditRun) throws {
        let tree = audit.tree
        let source = audit.aggregator.source
        let zone = audit.metadata.timeZone
        var storedIndex: [Period: Int] = [:]
        for (i, p) in source.storedPeriods.enumerated() { storedIndex[p] = i }
        let periods = audit.expectedPeriods(dataset)
        let reporters = periods.isEmpty ? [] : dataset.reporters(below: audit.orgUnit, in: tree)
        let n = periods.count
        var slot: [Int: Int] = [:]  // stored period index → index in periods
        for (qi, q) in periods.enumerated() { if let i = storedIndex[q] { slot[i] = qi } }
        var first: [Int: Double] = [:]  // unit × n + period slot → first stored time
        if !reporters.isEmpty {
            for element in dataset.elements {
                let times = try source.createdTimes(
                    element: element, periods: Array(slot.keys), within: audit.aggregator.scope)
                for i in 0..<times.count {
                    guard let qi = slot[Int(times.period[i])] else { continue }
                    let key = Int(times.orgUnit[i]) * n + qi
                    first[key] = min(first[key] ?? .infinity, times.value[i])
                }
            }
        }
        // A standing submission decides when the report arrived, whatever the time its values were stored.
        var stages: [Int: ReportStage] = [:]  // unit × n + period slot → stage
        // The due day of each period and the last second of it in the office's time zone.
        let due = periods.map { $0.end + dataset.dueDays }
        let deadline = due.map { Double(zone.endOfDay($0)) }
        let partnerCodes =
            dataset.attributes.isEmpty ? [] : audit.metadata.attributeCombos(of: dataset).map(\.code)
        var partnerIndex: [String: Int] = [:]
        for (i, code) in partnerCodes.enumerated() { partnerIndex[code] = i }
        var registered = partnerCodes.map { _ in [Int](repeating: 0, count: tree.count) }
        var registeredOnTime = registered
        if !audit.progress.entries.isEmpty, !reporters.isEmpty {
            var slotOf: [Period: Int] = [:]
            for (qi, q) in periods.enumerated() { slotOf[q] = qi }
            let reporting = Set(reporters)
            for (key, entry) in audit.progress.entries where key.dataset == dataset.code {
                guard let qi = slotOf[key.period], reporting.contains(key.unit) else { continue }
                stages[key.unit * n + qi] = entry.stage
                if let time = entry.registered { first[key.unit * n + qi] = Double(time) }
                for (code, at) in entry.partners {
                    guard let i = partnerIndex[code] else { continue }
                    registered[i][key.unit] += 1
                    if Double(at) <= deadline[qi] { registeredOnTime[i][key.unit] += 1 }
                }
            }
        }
        var received = [Int](repeating: 0, count: tree.count)
        var onTime = [Int](repeating: 0, count: tree.count)
        var expected = [Int](repeating: 0, count: tree.count)
        var submitted = [Int](repeating: 0, count: tree.count)
        var approved = [Int](repeating: 0, count: tree.count)
        var events: [Event] = []
        var statuses: [ReportStatus] = []
        statuses.reserveCapacity(reporters.count * n)
        var reportStages: [ReportStage] = []
        reportStages.reserveCapacity(reporters.count * n)
        for r in reporters {
            var missing: [Period] = []
            for (qi, q) in periods.enumerated() {
                reportStages.append(stages[r * n + qi] ?? .open)
                guard let time = first[r * n + qi] else {
                    missing.append(q)
                    statuses.append(.missing(due: due[qi]))
                    continue
                }
                if time <= deadline[qi] {
                    onTime[r] += 1
                    statuses.append(.onTime(stored: Int64(time)))
                } else {
                    let stored = Int64(time)
                    let daysLate = Int((time - deadline[qi]) / 86_400) + 1
                    statuses.append(.late(stored: stored, daysLate: daysLate, due: due[qi]))
                    events.append(
                        .late(
                            unit: r, period: q, stored: stored, storedOn: zone.day(of: stored), daysLate: daysLate,
                            due: due[qi]))
                }
                received[r] += 1
            }
            expected[r] = n
            let count = SubmissionCount(reportStages.suffix(n))
            submitted[r] = count.submitted
            approved[r] = count.approved
            if !missing.isEmpty { events.append(.missing(unit: r, periods: missing)) }
        }
        tree.addUpSubtrees(&received)
        tree.addUpSubtrees(&onTime)
        tree.addUpSubtrees(&expected)
        tree.addUpSubtrees(&submitted)
        tree.addUpSubtrees(&approved)
        for i in partnerCodes.indices {
            tree.addUpSubtrees(&registered[i])
            tree.addUpSubtrees(&registeredOnTime[i])
        }
        partners = partnerCodes.enumerated().map { ($1, registered[$0], registeredOnTime[$0]) }
        self.submitted = submitted
        self.approved = approved
        self.dataset = dataset
        self.periods = periods
        self.reporters = reporters
        self.expected = expected
        self.received = received
        self.onTime = onTime
        self.events = events
        self.statuses = statuses
        self.stages = reportStages
    }
}

/// How one reporting unit's report for one period stands (``ReportCounts``): received by the end of its due day,
/// received after it, or not received.
public enum ReportStatus: Sendable, Equatable {
    /// Received by the end of the due day; `stored` is when its first value was stored (seconds since 1970, UTC).
    case onTime(stored: Int64)
    /// Received `daysLate` days after the end of the `due` day.
    case late(stored: Int64, daysLate: Int, due: Day)
    /// Not received; it was due on `due`.
    case missing(due: Day)

    /// The stable name of the status in CSV, JSON and the workbook: `on_time`, `late` or `missing`.
    public var code: String {
        switch self {
        case .onTime: "on_time"
        case .late: "late"
        case .missing: "missing"
        }
    }

    /// Whether the report has arrived (on time or late).
    public var isReceived: Bool {
        if case .missing = self { return false }
        return true
    }

    /// The report's counts: one expected, and received and on time as it stands.
    public var rate: ReportingRate {
        switch self {
        case .onTime: ReportingRate(expected: 1, received: 1, onTime: 1)
        case .late: ReportingRate(expected: 1, received: 1, onTime: 0)
        case .missing: ReportingRate(expected: 1, received: 0, onTime: 0)
        }
    }
}

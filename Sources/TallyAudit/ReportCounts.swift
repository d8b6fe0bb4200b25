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
/// before the as-of day. It counts as received when any of its elements has a value, and as on time when its
/// first value was stored by the end of the due day in the office's time zone (`time_zone`).
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
    /// The late and missing reports, per reporting unit in order.
    let events: [Event]

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
                let times = try source.createdTimes(element: element, periods: Array(slot.keys))
                for i in 0..<times.count {
                    guard let qi = slot[Int(times.period[i])] else { continue }
                    let key = Int(times.orgUnit[i]) * n + qi
                    first[key] = min(first[key] ?? .infinity, times.value[i])
                }
            }
        }
        // The due day of each period and the last second of it in the office's time zone.
        let due = periods.map { $0.end + dataset.dueDays }
        let deadline = due.map { Double(zone.endOfDay($0)) }
        var received = [Int](repeating: 0, count: tree.count)
        var onTime = [Int](repeating: 0, count: tree.count)
        var expected = [Int](repeating: 0, count: tree.count)
        var events: [Event] = []
        for r in reporters {
            var missing: [Period] = []
            for (qi, q) in periods.enumerated() {
                guard let time = first[r * n + qi] else {
                    missing.append(q)
                    continue
                }
                if time <= deadline[qi] {
                    onTime[r] += 1
                } else {
                    let stored = Int64(time)
                    let daysLate = Int((time - deadline[qi]) / 86_400) + 1
                    events.append(
                        .late(
                            unit: r, period: q, stored: stored, storedOn: zone.day(of: stored), daysLate: daysLate,
                            due: due[qi]))
                }
                received[r] += 1
            }
            expected[r] = n
            if !missing.isEmpty { events.append(.missing(unit: r, periods: missing)) }
        }
        tree.addUpSubtrees(&received)
        tree.addUpSubtrees(&onTime)
        tree.addUpSubtrees(&expected)
        self.dataset = dataset
        self.periods = periods
        self.reporters = reporters
        self.expected = expected
        self.received = received
        self.onTime = onTime
        self.events = events
    }
}

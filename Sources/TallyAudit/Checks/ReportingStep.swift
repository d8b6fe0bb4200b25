internal import TallyCore
internal import TallyEngine

/// Completeness and timeliness of reporting (WHO DQR; DHIS2 reporting rates), per dataset, with the missing
/// and late reports: the four reporting checks, made from one reading of each report's first-stored time.
///
/// A report is expected from every unit of the dataset's level, for every period of its type that starts
/// inside the audit period, lies inside the dataset's dates and is due (period end + due days) before
/// `asOf`. It counts as received when any of its elements has a value, and as on time when its first value
/// was stored by the end of the due day.
enum ReportingStep: AuditStep {
    static let checks: [any AuditCheck.Type] = [
        CompletenessCheck.self, MissingReportCheck.self, TimelinessCheck.self, LateReportCheck.self,
    ]

    static func run(_ audit: inout AuditRun) throws {
        let tree = audit.tree
        let source = audit.aggregator.source
        let stored = source.storedPeriods
        var storedIndex: [Period: Int] = [:]
        for (i, p) in stored.enumerated() { storedIndex[p] = i }
        let settings = audit.settings
        for dataset in audit.metadata.datasets {
            let due = { (q: Period) in q.end + dataset.dueDays }
            let expectedPeriods = audit.expectedPeriods(dataset)
            let reporters = tree.descendants(of: audit.orgUnit, atLevel: dataset.level)
            guard !expectedPeriods.isEmpty, !reporters.isEmpty else { continue }
            let firstElement = dataset.elements.first ?? ""
            let n = expectedPeriods.count
            var slot: [Int: Int] = [:]  // stored period index → index in expectedPeriods
            for (qi, q) in expectedPeriods.enumerated() { if let i = storedIndex[q] { slot[i] = qi } }
            var first: [Int: Double] = [:]  // unit × n + period slot → first stored time
            for element in dataset.elements {
                let times = try source.createdTimes(element: element, periods: Array(slot.keys))
                for i in 0..<times.count {
                    guard let qi = slot[Int(times.period[i])] else { continue }
                    let key = Int(times.orgUnit[i]) * n + qi
                    first[key] = min(first[key] ?? .infinity, times.value[i])
                }
            }
            var received = [Int](repeating: 0, count: tree.count)
            var onTime = [Int](repeating: 0, count: tree.count)
            var expected = [Int](repeating: 0, count: tree.count)
            for r in reporters {
                var missing: [Period] = []
                for (qi, q) in expectedPeriods.enumerated() {
                    guard let time = first[r * n + qi] else {
                        missing.append(q)
                        continue
                    }
                    let deadline = Double((due(q).ordinal + 1) * 86_400 - 1)
                    if time <= deadline {
                        onTime[r] += 1
                    } else {
                        let daysLate = Int((time - deadline) / 86_400) + 1
                        audit.add(
                            .moderate, unit: r, period: q,
                            LateReportCheck.Payload(
                                dataset: dataset.code, element: firstElement, reportPeriod: q, daysLate: daysLate,
                                stored: Int64(time), due: due(q)))
                    }
                    received[r] += 1
                }
                expected[r] = n
                if !missing.isEmpty {
                    audit.add(
                        .moderate, unit: r, period: audit.period,
                        MissingReportCheck.Payload(
                            dataset: dataset.code, element: firstElement, missing: missing, expected: n))
                }
            }
            // Add the reporters' counts up the tree, then judge each audited unit.
            for i in stride(from: tree.count - 1, through: 0, by: -1) where tree.parent[i] >= 0 {
                let p = Int(tree.parent[i])
                received[p] += received[i]
                onTime[p] += onTime[i]
                expected[p] += expected[i]
            }
            for u in audit.units where expected[u] > 0 {
                let completeness = CompletenessCheck.Payload(
                    dataset: dataset.code, element: firstElement, reports: received[u], expected: expected[u],
                    threshold: settings.completeness)
                if completeness.share < completeness.threshold {
                    let severity = Finding.Severity.ofShare(completeness.share, below: completeness.threshold)
                    audit.add(severity, unit: u, period: audit.period, completeness)
                }
                let timeliness = TimelinessCheck.Payload(
                    dataset: dataset.code, element: firstElement, reports: onTime[u], expected: expected[u],
                    threshold: settings.timeliness)
                if timeliness.share < timeliness.threshold {
                    let severity = Finding.Severity.ofShare(timeliness.share, below: timeliness.threshold)
                    audit.add(severity, unit: u, period: audit.period, timeliness)
                }
            }
        }
    }
}

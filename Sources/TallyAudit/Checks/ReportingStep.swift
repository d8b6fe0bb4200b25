internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Completeness and timeliness of reporting (WHO DQR; DHIS2 reporting rates), per dataset, with the missing
/// and late reports: the four reporting checks, made from one reading of each report's first-stored time
/// (``ReportCounts``).
///
/// A report is expected from every unit that reports the dataset (of its level or named in its `orgunits`), for
/// every period of its type that starts inside the audit period, lies inside the dataset's dates and is due (period
/// end + due days) before `asOf`. It counts as received when any of its elements has a value, and as on time when its first value
/// was stored by the end of the due day in the office's time zone.
enum ReportingStep: AuditStep {
    static let checks: [any AuditCheck.Type] = [
        CompletenessCheck.self, MissingReportCheck.self, TimelinessCheck.self, LateReportCheck.self,
    ]

    static func run(_ audit: inout AuditRun) throws {
        let settings = audit.settings
        for dataset in audit.metadata.datasets {
            let counts = try ReportCounts(dataset, audit: audit)
            guard !counts.reporters.isEmpty else { continue }
            let firstElement = dataset.elements.first ?? ""
            let n = counts.periods.count
            audit.scope.add(.reporting, dataset.code, units: counts.reporters)
            audit.scope.add(.timeliness, dataset.code, units: counts.reporters)
            for event in counts.events {
                switch event {
                case .late(let unit, let period, let stored, let storedOn, let daysLate, let due):
                    audit.add(
                        .moderate, unit: unit, period: period,
                        LateReportCheck.Payload(
                            dataset: dataset.code, element: firstElement, reportPeriod: period, daysLate: daysLate,
                            stored: stored, storedOn: storedOn, due: due))
                case .missing(let unit, let periods):
                    audit.add(
                        .moderate, unit: unit, period: audit.period,
                        MissingReportCheck.Payload(
                            dataset: dataset.code, element: firstElement, missing: periods, expected: n))
                }
            }
            // Judge each audited unit.
            for u in audit.units {
                let rate = counts.rate(u)
                guard rate.expected > 0 else { continue }
                let completeness = CompletenessCheck.Payload(
                    dataset: dataset.code, element: firstElement, reports: rate.received, expected: rate.expected,
                    threshold: settings.completeness)
                if completeness.share < completeness.threshold {
                    let severity = Finding.Severity.ofShare(completeness.share, below: completeness.threshold)
                    audit.add(severity, unit: u, period: audit.period, completeness)
                }
                let timeliness = TimelinessCheck.Payload(
                    dataset: dataset.code, element: firstElement, reports: rate.onTime, expected: rate.expected,
                    threshold: settings.timeliness)
                if timeliness.share < timeliness.threshold {
                    let severity = Finding.Severity.ofShare(timeliness.share, below: timeliness.threshold)
                    audit.add(severity, unit: u, period: audit.period, timeliness)
                }
            }
        }
    }
}

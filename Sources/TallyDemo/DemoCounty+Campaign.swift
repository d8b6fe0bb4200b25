import Foundation

/// The demo county's running campaign: a maternal health service month (孕产妇健康服务月) from 21 November
/// 2025 to 5 January 2026, with daily reports of postnatal home visits by every village, a county target
/// split by population, one town with a target of its own, and towns that work at different paces — some
/// ahead of the schedule, some behind, one that stalled after 1 December.
extension DemoCounty {
    /// The campaign's code.
    public static let campaignCode = "service_month"
    /// The date the demo reports the campaign's progress as of; daily data run up to it.
    public static let campaignAsOf = "2025-12-12"
    /// The county's target.
    public static let campaignTarget = 3_000
    /// The window.
    static let campaignStart = (2025, 11, 21)
    static let campaignDays = 46
    /// The explicit target of the first town (the county seat).
    public static let seatTownTarget = 300

    /// The pace of each town relative to what the schedule needs (index = town order); the town with a pace
    /// of 0 stopped reporting visits after 1 December.
    static let townPace: [Double] = [1.15, 1.0, 0.95, 1.25, 0.7, 1.05, 0, 1.1, 0.85, 0.55, 1.0, 0.9]

    /// Whether this scale has the campaign (the county does; the benchmark province does not).
    var hasCampaign: Bool { !scale.isProvince }

    /// Metadata entries for the campaign's element, inserted under `elements:`.
    var campaignElementYAML: String {
        guard hasCampaign else { return "" }
        return """
              # Reported daily during the service month.
              home_visits:
                name: {en: Postnatal home visits, zh: 产后访视人数}
                type: integer
                aggregation: sum

            """
    }

    /// Metadata entries for the campaign's daily data set, inserted under `datasets:`.
    var campaignDatasetYAML: String {
        guard hasCampaign else { return "" }
        return """
              service_month_daily:
                name: {en: Service month daily report, zh: 服务月日报}
                period: daily
                level: \(scale.villageLevel)
                due_days: 1
                start: 2025-11-21
                end: 2026-01-05
                elements: [home_visits]

            """
    }

    /// The `campaigns:` section.
    var campaignYAML: String {
        guard hasCampaign else { return "" }
        return """

            # Campaigns: a count to achieve against targets split down the tree, on a milestone schedule.
            campaigns:
              \(Self.campaignCode):
                name: {en: Maternal health service month, zh: 孕产妇健康服务月}
                element: home_visits
                start: 2025-11-21
                end: 2026-01-05
                level: \(scale.villageLevel)
                weight: {element: population, period: "2025"}
                milestones: {2025-12-05: 60%, 2025-12-15: 80%, 2026-01-05: 100%}
                praise: 3
                warning: 3

            """
    }

    /// `targets.csv`: the county's target and the county seat's own; the rest is split by population.
    public func campaignTargetsCSV() -> String {
        let county = orgUnits.first { $0.parentCode == nil }!.code
        let seat = orgUnits.first { $0.level == scale.townLevel }!.code
        return "orgunit,target\n\(county),\(Self.campaignTarget)\n\(seat),\(Self.seatTownTarget)\n"
    }

    /// `campaign.csv`: daily home visits of every village over the whole campaign (reported as of
    /// ``campaignAsOf`` by the demo).
    public func campaignDataCSV() -> String {
        guard hasCampaign else { return Self.dataHeader + "\n" }
        let start = DemoCalendar.day(year: Self.campaignStart.0, month: Self.campaignStart.1, day: Self.campaignStart.2)
        let asOf = DemoCalendar.day(year: 2025, month: 12, day: 12)
        let last = start + Self.campaignDays - 1
        let stop = DemoCalendar.day(year: 2025, month: 12, day: 1)
        let total = Double((0..<villageCount).map { population[$0 * Self.years + 2] }.reduce(0, +))
        var out = Self.dataHeader + "\n"
        for d in start...last {
            let (y, m, day) = DemoCalendar.civil(d)
            let period = String(format: "%04d%02d%02d", y, m, day)
            let entered = Int64(d + 1) * 86_400 + 9 * 3_600
            for v in 0..<villageCount {
                let town = villageTown[v]
                var pace = Self.townPace[town % Self.townPace.count]
                if pace == 0 { pace = d <= stop ? 0.9 : 0 }
                let share = Double(population[v * Self.years + 2]) / total
                // At pace 1 a village reaches 80% of its share of the target by the as-of date.
                let mean = Double(Self.campaignTarget) * share * 0.8 / Double(asOf - start + 1) * pace
                var rng = DemoRandom(seed: seed, tag: 0x5E5E, v, d)
                let value = rng.poisson(mean)
                out +=
                    "home_visits,\(period),\(villageCodes[v]),,\(value),\(villageClerks[v]),\(DemoCalendar.iso(entered))\n"
            }
        }
        return out
    }
}
